"""Mentoring's e-mails, rendered when the outbox sends them (careerpath/outbox/services.py):
each renderer reads its rows again and returns the message, or None when there is nothing to
send any more (the invitation was answered, cancelled or deleted; the notification was
deleted). The outbox stores these functions' dotted paths: renaming one strands the mail
queued under the old name."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from profiles.display import display_name

from .models import Mentorship, Notification, Status
from .preferences import Delivery, delivery_for
from .unsubscribe import unsubscribe_headers, unsubscribe_url


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


def bulk_email(
    *, user, what: str, subject: str, template: str, context: Mapping[str, Any]
) -> EmailMultiAlternatives:
    """Return a mail to a person about `what` ("digest" or a notification kind) with a
    plain-text part (`<template>.txt`) and an HTML one (`<template>.html`, which extends the
    shared layout "email/layout.html"), the footer's links to the settings page and to
    one-click unsubscribe (`settings_url`, `unsubscribe_url`), and the List-Unsubscribe
    headers of RFC 8058."""
    full = {
        **context,
        "subject": subject,
        "settings_url": _absolute(reverse("notifications:settings"), settings.SITE_URL),
        "unsubscribe_url": unsubscribe_url(user, what),
    }
    message = EmailMultiAlternatives(
        _subject(subject),
        render_to_string(f"{template}.txt", full),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers=unsubscribe_headers(user, what),
    )
    message.attach_alternative(render_to_string(f"{template}.html", full), "text/html")
    return message


def notification_email(notification_id: int, subject: str, base_url: str) -> EmailMessage | None:
    """A notification, to its user's current address, unless it was deleted or the user
    no longer wants this kind by e-mail at once."""
    notification = (
        Notification.objects.shown().select_related("user").filter(pk=notification_id).first()
    )
    if notification is None or not notification.user.email:
        return None
    user = notification.user
    if delivery_for(user, notification.kind) != Delivery.IMMEDIATE:
        return None  # they chose the digest or the site only since it was queued
    url = notification.url
    return bulk_email(
        user=user,
        what=notification.kind,
        subject=subject,
        template="mentoring/email/notification",
        context={"text": notification.text, "link": _absolute(url, base_url) if url else ""},
    )
