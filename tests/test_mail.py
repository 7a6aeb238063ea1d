"""django-allauth's mail (confirmations, password resets) is rendered in the request and
sent after commit by a task: a refusing mail server neither fails the request nor loses
the mail, and a request that rolls back sends nothing."""

import socket
import time

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse

from careerpath import mail as careerpath_mail
from tests.profiles.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_refusing_mail_server_does_not_fail_a_sign_up_and_the_confirmation_is_retried(
    client, committed, flaky_mail
):
    flaky_mail.failures = 1

    with committed():
        response = client.post(
            reverse("account_signup"),
            {
                "display_name": "New",
                "email": "new@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    assert response.status_code == 302
    assert flaky_mail.refused == 1
    [confirmation] = mail.outbox
    assert confirmation.to == ["new@example.org"]
    assert "/accounts/confirm-email/" in confirmation.body


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


def test_mail_is_retried_with_backoff_on_mail_server_errors():
    task = careerpath_mail.email_send
    assert set(task.autoretry_for) >= {ConnectionError, OSError}
    assert task.retry_backoff
    assert task.max_retries == 5
    assert task.acks_late


def test_a_mail_server_that_never_answers_fails_in_time_with_an_error_that_is_retried(settings):
    assert 0 < settings.EMAIL_TIMEOUT <= 30  # a silent server must not hold a worker forever
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never greets
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = silent.getsockname()
    settings.EMAIL_TIMEOUT = 0.5
    started = time.monotonic()

    with silent, pytest.raises(careerpath_mail.MAIL_ERRORS):
        EmailMessage("Subject", "Body", to=["someone@example.org"]).send()

    assert time.monotonic() - started < 5
