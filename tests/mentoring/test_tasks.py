"""Mail and expiry outside the request: mail goes out through the outbox after the write
commits (never for a write that rolled back), a refusing mail server neither fails nor slows
the request and is retried, mail about something undone meanwhile is not sent, and no page
writes on a GET; celery beat records expired invitations and sends due mail."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careerpath.celery import app as celery_app
from careerpath.outbox.models import Mail, MailStatus
from careerpath.outbox.services import mails_sweep
from mentoring import mail as mentoring_mail
from mentoring import services, tasks
from mentoring.models import Mentorship, Notification, Status
from tests.mentoring.factories import MentorshipFactory
from tests.mentoring.support import messages_of
from tests.profiles.html import parse, section

pytestmark = pytest.mark.django_db

BASE_URL = "https://careerpath.example/"


def test_no_mail_goes_out_before_the_write_commits(committed, learner):
    with committed():
        services.invitation_create(learner=learner, email="new.mentor@example.org")
        assert mail.outbox == []

    [email] = mail.outbox
    assert email.to == ["new.mentor@example.org"]


def test_a_write_that_rolls_back_sends_no_mail(committed, learner):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        services.invitation_create(learner=learner, email="new.mentor@example.org")
        raise RuntimeError("something after the invitation failed")

    assert not Mentorship.objects.exists()
    assert mail.outbox == []


def test_a_refusing_mail_server_neither_fails_the_invitation_nor_loses_it(
    committed, learner_client, flaky_mail, caplog
):
    flaky_mail.failures = -1

    with committed(), caplog.at_level(logging.WARNING):
        response = learner_client.post(
            reverse("mentoring:invite"), {"invitee_email": "new.mentor@example.org"}
        )

    assert response.status_code == 302
    assert messages_of(response) == [
        "Invitation sent to new.mentor@example.org. It expires in 14 days."
    ]
    assert Mentorship.objects.get().status == Status.PENDING
    # tried once, waiting in the outbox for the next attempt
    row = Mail.objects.get()
    assert (row.kind, row.status, row.attempts) == ("invitation", MailStatus.PENDING, 1)
    assert flaky_mail.refused == 1
    assert "Connection unexpectedly closed" in caplog.text


def test_a_mail_the_server_refuses_at_first_is_retried_until_it_goes_out(
    mail_at_once, committed, mentorship, mentor, learner, flaky_mail
):
    flaky_mail.failures = 2

    with committed():
        services.feedback_add(mentorship=mentorship, mentor=mentor, body="Nice work.")
    for _ in range(2):
        Mail.objects.update(next_attempt_at=timezone.now())  # its wait is over
        mails_sweep()

    assert flaky_mail.refused == 2
    [email] = mail.outbox
    assert email.to == [learner.email]
    assert Mail.objects.get().status == MailStatus.SENT


def test_an_invitation_cancelled_before_its_mail_went_out_is_not_sent_and_not_kept(learner):
    services.invitation_create(learner=learner, email="new.mentor@example.org")
    mentorship = Mentorship.objects.get()
    services.mentorship_transition(mentorship=mentorship, action="cancel", user=learner)

    assert mails_sweep() == 0
    assert mail.outbox == []
    assert not Mail.objects.exists()


def test_a_notification_deleted_before_its_mail_went_out_is_not_sent(
    mail_at_once, mentorship, mentor
):
    services.feedback_add(mentorship=mentorship, mentor=mentor, body="Nice work.")
    assert mentoring_mail.notification_email(Notification.objects.get().pk, "S", BASE_URL)
    Notification.objects.all().delete()

    assert mails_sweep() == 0
    assert mail.outbox == []


# No writes on a GET; the expiry is celery beat's


def test_the_mentoring_page_writes_nothing_and_shows_an_invitation_past_its_date_as_expired(
    learner, learner_client, mentor, mentor_client
):
    overdue = MentorshipFactory(
        learner=learner,
        mentor=mentor,
        status=Status.PENDING,
        expires_at=timezone.now() - timedelta(minutes=1),
    )

    with CaptureQueriesContext(connection) as queries:
        mentor_page = mentor_client.get(reverse("mentoring:home"))
        learner_page = learner_client.get(reverse("mentoring:home"))

    assert mentor_page.status_code == learner_page.status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert [sql for sql in writes if "SAVEPOINT" not in sql.upper()] == []
    overdue.refresh_from_db()
    assert overdue.status == Status.PENDING
    assert "asks you to be their mentor" not in parse(mentor_page).find("main").text
    history = section(parse(learner_page), "history-heading").text
    assert "You invited Grace Mentor" in history
    assert "Expired" in history
    assert "Invitation pending" not in parse(learner_page).find("main").text


def test_the_beat_task_records_invitations_past_their_date_as_expired(learner, mentor):
    overdue = MentorshipFactory(
        learner=learner, status=Status.PENDING, expires_at=timezone.now() - timedelta(hours=1)
    )
    current = MentorshipFactory(learner=learner, mentor=mentor, status=Status.PENDING)

    assert tasks.invitations_expire.delay().get() == 1

    overdue.refresh_from_db()
    current.refresh_from_db()
    assert (overdue.status, current.status) == (Status.EXPIRED, Status.PENDING)


def test_celery_beat_runs_the_expiry_every_hour():
    [entry] = [
        e
        for e in celery_app.conf.beat_schedule.values()
        if e["task"] == tasks.invitations_expire.name
    ]
    assert entry["schedule"] == 60 * 60
    assert tasks.invitations_expire.name in celery_app.tasks


def test_celery_beat_sends_due_mail_every_minute():
    [entry] = [
        e
        for e in celery_app.conf.beat_schedule.values()
        if e["task"] == "careerpath.outbox.tasks.mails_sweep"
    ]
    assert entry["schedule"] == 60
    assert "careerpath.outbox.tasks.mails_sweep" in celery_app.tasks
