"""Work done outside the request: the expiry of invitations. (Mentoring's e-mails go through
the outbox, careerpath/outbox/, and are rendered by mentoring/mail.py.)"""

from celery import shared_task

from .expiry import mentorships_expire


@shared_task
def invitations_expire() -> int:
    """Record every pending invitation past its date as expired (celery beat, hourly)."""
    return mentorships_expire()
