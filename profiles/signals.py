from careerpath import versions

from .models import Profile
from .selectors import person_version_key


def profile_create_for_new_user(sender, instance, created, raw=False, **kwargs):
    """Every account has a profile from the start, private by default."""
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


def assessed_data_changed(sender, instance, **kwargs):
    """A rating or role of a person changed: their cached assessment summary is stale once
    the change commits (see selectors.assessments_for). Hooked on the models, not only the
    services, so admin edits and fixtures count too."""
    versions.changed(person_version_key(instance.user_id))
