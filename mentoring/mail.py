"""Mentoring's e-mails, rendered when the outbox sends them (careerpath/outbox/services.py):
each renderer reads its rows again and returns the message, or None when there is nothing to
send any more (the invitation was answered, cancelled or deleted; the notification was
deleted). The outbox stores these functions' dotted paths: renaming one strands the mail
queued under the old name."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from profiles.display import display_name

from .models import Mentorship, Notification, Status


def _subject(text):
    """Return an e-mail subject on one line: a name typed with a line break would otherwise
    make Django refuse the header (BadHeaderError) and the mail would never go out."""
    return " ".join(f"[careerpath] {text}".split())[:200]


def _absolute(path, base_url):
    return f"{base_url.rstrip('/')}{path}"


def invitation_email(mentorship_id: int, base_url: str) -> EmailMessage | None:
    """The invitation, to the invited address, while it is pending."""
    mentorship = (
        Mentorship.objects.select_related("learner__profile")
        .filter(pk=mentorship_id, status=Status.PENDING)
        .first()
    )
    if mentorship is None:
        return None
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
    return EmailMessage(
        _subject(f"{name} asks you to be their mentor"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [mentorship.invitee_email],
    )


def notification_email(notification_id: int, subject: str, base_url: str) -> EmailMessage | None:
    """A notification, to its user's current address, unless it was deleted."""
    notification = (
        Notification.objects.shown().select_related("user").filter(pk=notification_id).first()
    )
    if notification is None or not notification.user.email:
        return None
    url = notification.url
    body = render_to_string(
        "mentoring/email/notification.txt",
        {"text": notification.text, "link": _absolute(url, base_url) if url else ""},
    )
    return EmailMessage(
        _subject(subject), body, settings.DEFAULT_FROM_EMAIL, [notification.user.email]
    )
