"""Helpers for reading what a learner or a mentor gets back from a request."""

from django.contrib.messages import get_messages
from django.test import Client


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def messages_of(response):
    """Return the texts of the messages a request left for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def long_email(length=254):
    """Return a valid e-mail address of the given length, up to the longest allowed (254):
    a 64-character local part and a domain of labels no longer than 63 characters."""
    local, tld = "m" * 64, ".org"
    room = length - len(local) - 1 - len(tld)
    labels = []
    while room > 0:
        label = min(63, room)
        if room - label == 1:  # a label needs a character after its dot
            label -= 1
        labels.append("x" * label)
        room -= label + 1
    return f"{local}@{'.'.join(labels)}{tld}"


def wants_mail_at_once(*users):
    """Give each person the setting "by e-mail at once" for every kind of notification (by
    default only what needs an answer comes at once; the rest waits for the digest)."""
    from mentoring.models import NotificationKind
    from mentoring.preferences import Delivery
    from tests.mentoring.factories import NotificationSettingsFactory

    for user in users:
        NotificationSettingsFactory(
            user=user, deliveries=dict.fromkeys(NotificationKind.values, Delivery.IMMEDIATE)
        )
