"""Work done outside the request: e-mails about mentoring and the expiry of invitations.

Services queue the e-mail tasks with transaction.on_commit, passing ids: a task reads its
rows again, so it sends what was committed (and nothing for a write that rolled back)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from careerpath.mail import mail_task
from profiles.display import display_name

from .expiry import mentorships_expire
from .models import Mentorship, Notification, Status


def _subject(text):
    """Return an e-mail subject on one line: a name typed with a line break would otherwise
    make Django refuse the header (BadHeaderError) and the mail would never go out."""
    return " ".join(f"[careerpath] {text}".split())[:200]


def _absolute(path, base_url):
    return f"{base_url.rstrip('/')}{path}"


@mail_task
def invitation_email_send(mentorship_id: int, base_url: str) -> bool:
    """E-mail the invitation to the invited address, unless it was answered, cancelled or
    deleted before the mail went out. Return whether a mail was sent."""
    mentorship = (
        Mentorship.objects.select_related("learner__profile")
        .filter(pk=mentorship_id, status=Status.PENDING)
        .first()
    )
    if mentorship is None:
        return False
    name = display_name(mentorship.learner)
    body = render_to_string(
        "mentoring/email/invitation.txt",
        {
            "mentorship": mentorship,
            "learner_name": name,
            "link": _absolute(mentorship.get_absolute_url(), base_url),
            "has_account": mentorship.mentor_id is not None,
        },
    )
    send_mail(
        _subject(f"{name} asks you to be their mentor"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [mentorship.invitee_email],
    )
    return True


@mail_task
def notification_email_send(notification_id: int, subject: str, base_url: str) -> bool:
    """E-mail a notification to its user's current address. Return whether a mail was sent."""
    notification = (
        Notification.objects.shown().select_related("user").filter(pk=notification_id).first()
    )
    if notification is None or not notification.user.email:
        return False
    url = notification.url
    body = render_to_string(
        "mentoring/email/notification.txt",
        {"text": notification.text, "link": _absolute(url, base_url) if url else ""},
    )
    send_mail(_subject(subject), body, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
    return True


@shared_task
def invitations_expire() -> int:
    """Record every pending invitation past its date as expired (celery beat, hourly)."""
    return mentorships_expire()
