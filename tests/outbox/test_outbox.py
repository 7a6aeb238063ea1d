"""The outbox: a mail is a row written with the change that causes it, sent once after the
commit, tried again after growing waits while the mail server refuses, given up (and
logged) after MAX_ATTEMPTS, and sent once even when two workers reach it at the same time."""

import logging
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from careerpath.outbox import services
from careerpath.outbox.models import Mail, MailStatus
from careerpath.outbox.services import mail_queue, mail_send, mails_sweep, retry_wait
from tests.mail_backends import SlowEmailBackend
from tests.outbox.factories import MailFactory

pytestmark = pytest.mark.django_db


def message(to="someone@example.org"):
    return EmailMessage("[careerpath] Hello", "A body.", "noreply@example.org", [to])


def make_due(mail_row):
    Mail.objects.filter(pk=mail_row.pk).update(next_attempt_at=timezone.now())


def test_a_mail_is_a_row_of_its_transaction_and_goes_out_once_that_commits(committed, user):
    with committed():
        row = mail_queue(message(user.email), kind="account", recipient=user)
        assert mail.outbox == []
        assert Mail.objects.get().status == MailStatus.PENDING

    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == ([user.email], "[careerpath] Hello", "A body.")
    row.refresh_from_db()
    assert (row.status, row.attempts, row.to) == (MailStatus.SENT, 1, [user.email])
    assert row.sent_at is not None
    assert row.body == ""  # the body (a sign-in link, say) is not kept once it went out


def test_a_mail_queued_in_a_transaction_that_rolls_back_leaves_no_row(committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        mail_queue(message(), kind="account")
        raise RuntimeError("the change failed after asking for the mail")

    assert not Mail.objects.exists()
    assert mail.outbox == []


def test_html_alternatives_and_headers_go_out_as_queued(committed):
    html = EmailMessage("[careerpath] Hi", "<p>Hi</p>", to=["a@example.org"], headers={"X-A": "1"})
    html.content_subtype = "html"

    with committed():
        mail_queue(html, kind="account")

    [sent] = mail.outbox
    assert sent.content_subtype == "html"
    assert sent.extra_headers == {"X-A": "1"}


def test_the_waits_between_attempts_double_up_to_an_hour():
    waits = [retry_wait(attempts) for attempts in range(1, 10)]

    assert waits[:5] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert waits[-1] == timedelta(hours=1)
    assert waits == sorted(waits)


def test_a_refused_mail_is_tried_again_after_a_longer_wait_each_time(flaky_mail):
    flaky_mail.failures = -1
    row = MailFactory()
    waits = []

    for _ in range(3):
        make_due(row)
        before = timezone.now()
        assert mails_sweep() == 0
        row.refresh_from_db()
        waits.append(row.next_attempt_at - before)

    assert row.status == MailStatus.PENDING
    assert row.attempts == 3
    assert "Connection unexpectedly closed" in row.last_error
    assert [round(w.total_seconds() / 60) for w in waits] == [1, 2, 4]


def test_a_mail_is_not_tried_again_before_its_wait_is_over(flaky_mail):
    flaky_mail.failures = 1
    row = MailFactory()
    mails_sweep()

    assert mails_sweep() == 0  # refused once, not due yet
    make_due(row)
    assert mails_sweep() == 1

    assert len(mail.outbox) == 1
    assert flaky_mail.refused == 1


def test_a_mail_refused_every_time_is_given_up_as_failed_and_logged(flaky_mail, caplog):
    flaky_mail.failures = -1
    row = MailFactory()

    with caplog.at_level(logging.ERROR, logger="careerpath.outbox"):
        for _ in range(services.MAX_ATTEMPTS + 2):
            make_due(row)
            mails_sweep()

    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.FAILED, services.MAX_ATTEMPTS)
    assert flaky_mail.refused == services.MAX_ATTEMPTS
    assert f"Mail {row.pk} (account) failed {services.MAX_ATTEMPTS} times" in caplog.text
    assert mail.outbox == []


def test_the_sweep_sends_every_due_mail_in_batches_and_leaves_the_rest(monkeypatch):
    monkeypatch.setattr(services, "SWEEP_BATCH", 2)
    due = MailFactory.create_batch(5)
    later = MailFactory(next_attempt_at=timezone.now() + timedelta(minutes=5))
    done = MailFactory(status=MailStatus.SENT)
    given_up = MailFactory(status=MailStatus.FAILED)

    assert mails_sweep() == 5

    assert sorted(m.subject for m in mail.outbox) == sorted(m.subject for m in due)
    assert {m.pk for m in Mail.objects.filter(status=MailStatus.SENT)} == {
        *(m.pk for m in due),
        done.pk,
    }
    assert Mail.objects.get(pk=later.pk).status == MailStatus.PENDING
    assert Mail.objects.get(pk=given_up.pk).status == MailStatus.FAILED


def test_a_sent_mail_is_never_sent_again():
    row = MailFactory()

    assert mail_send(row.pk) is True
    make_due(row)
    assert mail_send(row.pk) is False
    assert mails_sweep() == 0

    assert len(mail.outbox) == 1


def test_a_deleted_account_takes_its_mail_with_it(user):
    MailFactory.create_batch(2, recipient=user)
    other = MailFactory()

    user.delete()

    assert list(Mail.objects.all()) == [other]


# Two workers at once: PostgreSQL's row locks


def at_once(*calls):
    """Run the calls in threads (each with its own connection) at the same moment; return
    what each returned."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(number, call):
        try:
            start.wait()
            results[number] = call()
        except Exception as error:  # the test reports it
            results[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def slow_mail(settings):
    """Mail through SlowEmailBackend: each send takes .seconds (half a second)."""
    settings.EMAIL_BACKEND = "tests.mail_backends.SlowEmailBackend"
    yield SlowEmailBackend
    SlowEmailBackend.seconds = 0.5


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_workers_that_send_the_same_mail_at_once_send_it_once(slow_mail):
    row = MailFactory()

    results = at_once(lambda: mail_send(row.pk), lambda: mail_send(row.pk))

    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 1)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_every_due_mail_once(slow_mail):
    slow_mail.seconds = 0.05
    rows = MailFactory.create_batch(10)

    results = at_once(mails_sweep, mails_sweep)

    assert sum(results) == 10
    assert sorted(m.subject for m in mail.outbox) == sorted(r.subject for r in rows)
    assert Mail.objects.filter(status=MailStatus.SENT).count() == 10
