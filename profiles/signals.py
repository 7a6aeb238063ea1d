from django.dispatch import Signal

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


# How a person is named to others (display name, or e-mail address without one) changed.
# Sent with `user_id`; mentoring refreshes the pages of the people they mentor or are
# mentored by, which show that name.
name_changed = Signal()


def person_renamed(user_id) -> None:
    """The person's display name or e-mail address changed: their own pages and those of
    everyone who shows their name are stale once the change commits."""
    person_data_changed(user_id)
    name_changed.send(sender=None, user_id=user_id)


def user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """An account was saved: its e-mail address may have changed (allauth's e-mail page, the
    admin). Log-ins save only `last_login`, which no page shows."""
    if not created and not raw and set(update_fields or ()) != {"last_login"}:
        person_renamed(instance.pk)


def own_row_changed(sender, instance, **kwargs):
    """A row of a person's own data (profile, rating, role, project, path step done) was
    saved or deleted. Hooked on the models, so admin edits and fixtures count too; services
    that write with a queryset update (no post_save) call person_data_changed themselves."""
    if sender is Profile:
        person_renamed(instance.user_id)  # the admin may have changed the display name
    else:
        person_data_changed(instance.user_id)
