"""Mentoring rows that show on the learner's own pages (sign-offs and endorsements on the
dashboard and *My skills*, feedback, notifications) make the learner's rendered parts stale."""

from profiles.signals import person_data_changed


def learner_row_changed(sender, instance, **kwargs):
    """A sign-off, endorsement or feedback of a mentorship was saved or deleted."""
    person_data_changed(instance.mentorship.learner_id)


def notification_changed(sender, instance, **kwargs):
    person_data_changed(instance.user_id)
