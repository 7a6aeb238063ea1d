"""Every e-mail goes through the outbox (careerpath/outbox/): a row written with the change
that causes it. A task queue that is unreachable delays the mail, never loses it: an
invitation, a password reset, a sign-up confirmation and a feedback notification each wait
in the outbox and go out once, when the sweep runs with the broker back. A refusing mail
server neither fails the request nor loses the mail, and a request that rolls back sends
nothing."""

import logging
import socket
import time

import kombu.pools
import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from careerpath.celery import app as celery_app
from careerpath.outbox.models import Mail, MailStatus
from careerpath.outbox.services import mails_sweep
from mentoring.models import Status
from tests.mentoring.factories import MentorshipFactory
from tests.mentoring.support import client_for, wants_mail_at_once
from tests.profiles.factories import PASSWORD, ProfileFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there


def _forget_broker_connections():
    """Drop the app's connections, so the next publish connects to the broker configured
    then."""
    kombu.pools.reset()
    celery_app._after_fork()


@pytest.fixture
def broker_down():
    """Tasks are published to a broker on a closed port (as in production, not eagerly),
    until the test calls broker_down.back(): then they run eagerly again."""

    class Broker:
        saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}

        def back(self):
            _forget_broker_connections()
            celery_app.conf.update(self.saved)

    broker = Broker()
    _forget_broker_connections()
    celery_app.conf.update(broker_url=CLOSED_PORT, task_always_eager=False)
    yield broker
    broker.back()


@pytest.fixture
def ada(db):
    person = VerifiedUserFactory(email="ada@example.org")
    ProfileFactory(user=person, display_name="Ada Learner")
    return person


@pytest.fixture
def grace(db):
    person = VerifiedUserFactory(email="grace@example.org")
    ProfileFactory(user=person, display_name="Grace Mentor")
    return person


def sign_up(client, email):
    return client.post(
        reverse("account_signup"),
        {"display_name": "New", "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_with_the_task_queue_unreachable_no_mail_is_lost_and_each_goes_out_once_it_is_back(
    client, committed, broker_down, ada, grace, caplog
):
    mentorship = MentorshipFactory(learner=ada, mentor=grace, status=Status.ACCEPTED)
    wants_mail_at_once(ada)

    with committed(), caplog.at_level(logging.WARNING, logger="careerpath.outbox"):
        responses = [
            client_for(ada).post(
                reverse("mentoring:invite"), {"invitee_email": "new.mentor@example.org"}
            ),
            client.post(reverse("account_reset_password"), {"email": ada.email}),
            sign_up(client, "newcomer@example.org"),
            client_for(grace).post(
                reverse("mentoring:feedback", args=[mentorship.pk]), {"body": "Nice work."}
            ),
        ]

    assert [r.status_code for r in responses] == [302] * 4
    assert mail.outbox == []
    pending = Mail.objects.filter(status=MailStatus.PENDING, attempts=0)
    assert sorted(pending.values_list("kind", flat=True)) == [
        "account",
        "account",
        "invitation",
        "notification",
    ]
    assert caplog.text.count("stays in the outbox for the sweep") == 4

    broker_down.back()
    assert mails_sweep() == 4
    assert mails_sweep() == 0  # and never again

    sent = sorted((m.to, m.subject) for m in mail.outbox)
    assert sent == [
        (["ada@example.org"], "[careerpath] New feedback from your mentor"),
        (["ada@example.org"], "[careerpath] Password Reset Email"),
        (["new.mentor@example.org"], "[careerpath] Ada Learner asks you to be their mentor"),
        (["newcomer@example.org"], "[careerpath] Please Confirm Your Email Address"),
    ]
    assert set(Mail.objects.values_list("status", flat=True)) == {MailStatus.SENT}


def test_a_refusing_mail_server_does_not_fail_a_sign_up_and_the_confirmation_is_retried(
    client, committed, flaky_mail
):
    flaky_mail.failures = 1

    with committed():
        response = sign_up(client, "new@example.org")

    assert response.status_code == 302
    assert flaky_mail.refused == 1
    assert mail.outbox == []
    Mail.objects.update(next_attempt_at=timezone.now())  # the wait is over
    assert mails_sweep() == 1
    [confirmation] = mail.outbox
    assert confirmation.to == ["new@example.org"]
    assert "/accounts/confirm-email/" in confirmation.body


def test_account_mail_is_for_the_account_it_is_sent_to(committed, client, ada):
    with committed():
        client.post(reverse("account_reset_password"), {"email": ada.email})
        client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert sorted(Mail.objects.values_list("to", "recipient")) == [
        (["ada@example.org"], ada.pk),
        (["nobody@example.org"], None),
    ]


def test_account_mail_asked_for_in_a_transaction_that_rolls_back_is_never_sent(committed, rf, user):
    with committed(), pytest.raises(RuntimeError), request_context(rf.get("/")):
        with transaction.atomic():
            get_adapter().send_mail(
                "account/email/password_reset_key",
                user.email,
                {"user": user, "password_reset_url": "https://careerpath.example/reset/"},
            )
            raise RuntimeError("the request failed after asking for the mail")

    assert mail.outbox == []
    assert not Mail.objects.exists()


def test_a_mail_server_that_never_answers_fails_in_time_with_an_error_that_is_retried(settings):
    assert 0 < settings.EMAIL_TIMEOUT <= 30  # a silent server must not hold a worker forever
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never greets
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = silent.getsockname()
    settings.EMAIL_TIMEOUT = 0.5
    started = time.monotonic()

    with silent, pytest.raises(OSError):
        EmailMessage("Subject", "Body", to=["someone@example.org"]).send()

    assert time.monotonic() - started < 5
