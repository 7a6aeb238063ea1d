from careerpath import versions

from .models import Profile
from .selectors import person_version_key


def profile_create_for_new_user(sender, instance, created, raw=False, **kwargs):
    """Every account has a profile from the start, private by default."""
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


def person_data_changed(user_id) -> None:
    """Something shown from a person's data changed: their cached assessment summary and the
    rendered parts of their pages are stale once the change commits (selectors.assessments_for,
    selectors.person_part_key)."""
    versions.changed(person_version_key(user_id))


def own_row_changed(sender, instance, **kwargs):
    """A row of a person's own data (profile, rating, role, project, path step done) was
    saved or deleted. Hooked on the models, so admin edits and fixtures count too; services
    that write with a queryset update (no post_save) call person_data_changed themselves."""
    person_data_changed(instance.user_id)
