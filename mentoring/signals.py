"""Mentoring rows that show on people's own pages make those pages' rendered parts stale:
sign-offs, endorsements and feedback (the learner's dashboard and *My skills*),
notifications (their owner's), mentorships (both people's mentoring page), and a person's
new name (the pages of everyone they mentor or are mentored by)."""

from django.db.models import Q

from profiles.signals import person_data_changed

from .models import Mentorship


def learner_row_changed(sender, instance, **kwargs):
    """A sign-off, endorsement or feedback of a mentorship was saved or deleted."""
    person_data_changed(instance.mentorship.learner_id)


def notification_changed(sender, instance, **kwargs):
    person_data_changed(instance.user_id)


def mentorship_changed(sender, instance, **kwargs):
    """An invitation or mentorship was saved or deleted: it shows on both people's pages.
    Services that write with a queryset update call `people_changed` themselves."""
    people_changed([(instance.learner_id, instance.mentor_id)])


def people_changed(pairs) -> None:
    """Note that the mentoring pages of these (learner id, mentor id or None) pairs changed."""
    for user_id in {user_id for pair in pairs for user_id in pair if user_id is not None}:
        person_data_changed(user_id)


def counterparts_see_new_name(sender, user_id, **kwargs):
    """profiles.signals.name_changed: everyone in a mentorship with the person shows their
    name (the mentors' lists, the learners' mentors, feedback and sign-offs)."""
    pairs = Mentorship.objects.filter(Q(learner_id=user_id) | Q(mentor_id=user_id)).values_list(
        "learner_id", "mentor_id"
    )
    people_changed(pairs)
