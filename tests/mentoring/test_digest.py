"""The weekly digest: each person whose day has come gets at most one a week, telling what
changed and what is next, with one-click unsubscribe; nobody who turned it off gets one; a run
that stops midway, or two runs at once, send nobody a second one; a mail server that fails
leaves the digests in the outbox; each chunk of people costs a fixed number of queries."""

import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from careerpath.celery import app as celery_app
from careerpath.outbox.models import Mail, MailStatus
from careerpath.outbox.services import mails_sweep
from ladder import snapshot
from ladder.models import Proficiency, Skill
from ladder.snapshot import ladder_snapshot
from mentoring import digest, tasks
from mentoring.digest import (
    LEARNER_SECTIONS,
    SUBJECT,
    Batch,
    Item,
    digests_build,
    digests_due,
    digests_queue,
    week_start_of,
)
from mentoring.models import CheckInStatus, DigestDelivery, Notification, NotificationKind, Status
from mentoring.preferences import Delivery, Preferences, digest_wanted, preferences_set
from mentoring.services import mentors_tell_ratings_changed, notify
from profiles.dashboard import dashboard_for
from profiles.models import ProjectStatus
from profiles.plan import plan_of
from tests.mentoring.factories import CheckInFactory, DigestDeliveryFactory, MentorshipFactory
from tests.profiles.factories import (
    ProfileFactory,
    ProjectFactory,
    SkillRatingChangeFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.queries import count_queries

pytestmark = pytest.mark.django_db
K = NotificationKind
User = get_user_model()
TODAY = timezone.localdate  # called in each test: the suite may run over midnight


@pytest.fixture(autouse=True)
def own_ladder_memo(monkeypatch):
    """A test without the ladder builds an empty snapshot at the database's version, which
    its writes never move (they are not committed): this process's memo of it must not
    outlive the test."""
    monkeypatch.setattr(snapshot, "_memo", None)


def monday():
    return week_start_of(timezone.localdate())


def a_learner(skills, *, name="Ada Learner"):
    """A learner who rated the ladder's first skills (so their dashboard has a next step)."""
    learner = VerifiedUserFactory()
    ProfileFactory(user=learner, display_name=name)
    for skill in skills[:3]:
        SkillRatingFactory(user=learner, skill=skill, proficiency=Proficiency.LEARNING)
    return learner


def ladder_skills():
    """The shipped ladder's skills (rows), in the ladder's order."""
    rows = Skill.objects.in_bulk([skill.id for skill in ladder_snapshot().skills])
    return [rows[skill.id] for skill in ladder_snapshot().skills]


@pytest.fixture
def skills(ladder):
    return ladder_skills()


@pytest.fixture
def learner(skills):
    return a_learner(skills)


def digests_of(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email] and m.subject.endswith(SUBJECT)]


def run(committed, *, today=None, chunk=digest.CHUNK):
    with committed():
        return digests_queue(today=today or monday(), chunk=chunk)


def run_last_week(committed):
    """Build last week's digests, as last week's run did (a task of last week's chunk that
    runs now is dropped: tasks.digests_build)."""
    last_monday = monday() - timedelta(days=7)
    with committed():
        digests_build(list(digests_due(last_monday)), today=last_monday)


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_a_learner_gets_one_digest_of_what_changed_and_what_is_next(committed, learner, skills):
    mentor = VerifiedUserFactory()
    SkillRatingChangeFactory(user=learner, skill=skills[0], old_proficiency=None, new_proficiency=1)
    ProjectFactory(user=learner, title="Churn model", status=ProjectStatus.DONE)
    notify(user=learner, kind=K.FEEDBACK, actor=mentor, url="/mentoring/#feedback")

    assert run(committed) == 2  # the learner and the mentor, who has nothing to be told
    assert digests_of(mentor) == []

    [message] = digests_of(learner)
    assert f"{skills[0].name}: Not rated yet → Learning" in message.body
    assert "You finished the project “Churn model”." in message.body
    assert "left you feedback." in message.body
    assert "WHAT IS NEXT THIS WEEK" in message.body
    step = dashboard_for(learner).next_step
    assert f"Work on {step.skill.check.label}" in message.body
    assert f"{settings.SITE_URL}/mentoring/#feedback" in message.body
    html = html_of(message)
    assert "<h2" in html and "From your mentors" in html and "Churn model" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    delivery = DigestDelivery.objects.get(user=learner)
    assert "DUE THIS WEEK" in message.body  # the first item of their plan
    assert (delivery.week_start, delivery.items) == (monday(), 6)


def test_a_second_run_in_the_same_week_sends_nobody_a_second_digest(committed, learner):
    run(committed)
    assert run(committed) == 0  # nobody is due any more

    digests_build([learner.pk], today=monday())  # even a chunk queued twice

    assert len(digests_of(learner)) == 1
    assert DigestDelivery.objects.filter(user=learner).count() == 1


def test_next_week_brings_the_next_digest(committed, learner):
    run_last_week(committed)
    DigestDelivery.objects.update(created_at=timezone.now() - timedelta(days=7))

    run(committed)

    assert len(digests_of(learner)) == 2


def test_a_person_who_turned_the_digest_off_gets_none(committed, learner):
    preferences_set(user=learner, preferences=Preferences(digest=False))

    assert run(committed) == 0

    assert digests_of(learner) == []
    # and one who turns it off after the run named them, before their chunk is built
    other = a_learner(ladder_skills(), name="Bo")
    ids = list(digests_due(monday()))
    preferences_set(user=other, preferences=Preferences(digest=False))
    with committed():
        result = digests_build(ids, today=monday())
    assert (result.queued, digests_of(other)) == (0, [])


def test_a_digest_is_rendered_when_sent_and_its_content_dropped_once_it_went_out(
    committed, learner
):
    with committed():
        digests_build([learner.pk], today=monday())
        row = Mail.objects.get(kind="digest")
        assert row.body == "" and row.args["content"]  # its items, as built
        assert row.args["user_id"] == learner.pk

    row.refresh_from_db()
    assert (row.status, row.to, row.body) == (MailStatus.SENT, [learner.email], "")
    assert "content" not in row.args


def test_a_person_who_turns_the_digest_off_before_it_goes_out_gets_none(committed, learner):
    digests_build([learner.pk], today=monday())  # queued, not sent (not committed)
    preferences_set(user=learner, preferences=Preferences(digest=False))

    assert mails_sweep() == 0

    assert digests_of(learner) == []
    assert not Mail.objects.filter(kind="digest").exists()  # nothing to send, nothing kept


def test_the_one_click_unsubscribe_link_of_a_digest_stops_the_next_ones(committed, learner):
    run_last_week(committed)
    [message] = digests_of(learner)
    url = message.extra_headers["List-Unsubscribe"].strip("<>")

    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix(settings.SITE_URL), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert not digest_wanted(learner)
    run(committed)
    assert len(digests_of(learner)) == 1


def test_a_digest_comes_once_its_day_has_come_this_week(committed, learner):
    preferences_set(user=learner, preferences=Preferences(digest_day=2))  # Wednesday

    assert run(committed, today=monday() + timedelta(days=1)) == 0
    assert run(committed, today=monday() + timedelta(days=2)) == 1
    # a Wednesday the task did not run is caught up on Thursday, once
    DigestDelivery.objects.all().delete()
    assert run(committed, today=monday() + timedelta(days=3)) == 1
    assert run(committed, today=monday() + timedelta(days=4)) == 0


def test_a_digest_with_nothing_to_tell_is_not_sent_but_the_week_is_recorded(committed):
    newcomer = VerifiedUserFactory()  # no ratings, nothing happened

    assert run(committed) == 1

    assert digests_of(newcomer) == []
    assert DigestDelivery.objects.get(user=newcomer).items == 0
    assert list(digests_due(monday())) == []  # not built again every hour


def test_people_with_no_address_or_an_inactive_account_are_not_named(learner):
    VerifiedUserFactory(is_active=False)
    VerifiedUserFactory(email="")

    assert list(digests_due(monday())) == [learner.pk]


def test_it_tells_only_what_happened_since_the_last_digest(committed, learner):
    mentor = VerifiedUserFactory()
    DigestDeliveryFactory(
        user=learner,
        week_start=monday() - timedelta(days=7),
        created_at=timezone.now() - timedelta(days=3),
    )
    old = notify(user=learner, kind=K.FEEDBACK_ON_SKILL, actor=mentor, detail="Old news")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=5))
    notify(user=learner, kind=K.FEEDBACK_ON_SKILL, actor=mentor, detail="Fresh news")

    run(committed)

    [message] = digests_of(learner)
    assert "Fresh news" in message.body and "Old news" not in message.body


def test_what_reaches_a_person_at_once_or_never_is_not_repeated_in_the_digest(committed, learner):
    mentor = VerifiedUserFactory()
    preferences_set(
        user=learner,
        preferences=Preferences(
            deliveries={K.ENDORSED: Delivery.IMMEDIATE, K.SIGNED_OFF: Delivery.OFF}
        ),
    )
    notify(user=learner, kind=K.ENDORSED, actor=mentor, detail="Python", proficiency=2)
    notify(user=learner, kind=K.SIGNED_OFF, actor=mentor, detail="A project")
    notify(user=learner, kind=K.REVIEWED, actor=mentor, detail="agrees with SQL")

    run(committed)

    [message] = digests_of(learner)
    assert "agrees with SQL" in message.body
    assert "endorsed" not in message.body and "A project" not in message.body


def test_a_mentor_gets_one_digest_of_their_mentees_activity(committed, skills):
    mentor = a_learner(skills, name="Grace Mentor")
    ada, bo = a_learner(skills, name="Ada"), a_learner(skills, name="Bo")
    for mentee in (ada, bo):
        MentorshipFactory(learner=mentee, mentor=mentor, status=Status.ACCEPTED)
    for _ in range(3):
        mentors_tell_ratings_changed(user_id=ada.pk, skill_ids=[skills[0].id])
    mentors_tell_ratings_changed(user_id=bo.pk, skill_ids=[skills[1].id])
    # the mentor's default: in the digest, not one e-mail per save
    assert not Mail.objects.filter(recipient=mentor).exists()

    run(committed)

    [message] = digests_of(mentor)
    mentees = message.body.split("YOUR MENTEES THIS WEEK")[1].split("\n\n")[0]
    assert "Ada changed their skill ratings 3 times." in mentees
    assert f"Bo changed their ratings of {skills[1].name}." in mentees
    assert mentees.count("\n- ") == 2
    assert "WHAT IS NEXT THIS WEEK" in message.body  # and their own part as a learner


def test_a_learner_is_told_what_their_plan_has_due_this_week(committed, learner):
    ProfileFactory(user=learner, weekly_hours=20)
    plan = plan_of(User.objects.select_related("profile").get(pk=learner.pk), today=monday())
    due = plan.due_in_week(monday())
    assert due  # a learner who rated three skills has something to do this week

    run(committed)

    [message] = digests_of(learner)
    section = message.body.split("DUE THIS WEEK")[1].split("\n\n")[0]
    assert section.count("\n- ") == len(due)
    for item in due:
        assert item.title in section
        assert digest.absolute(item.url) in section
    assert "Overdue" not in section  # the plan is laid out from this week
    assert "Due this week" in html_of(message)


def test_items_planned_for_an_earlier_week_and_not_done_are_overdue(learner):
    ProfileFactory(user=learner, weekly_hours=20)
    [reader] = digest._readers([learner.pk], today=monday(), now=timezone.now())
    batch = Batch([reader], today=monday(), now=timezone.now())
    last_week = monday() - timedelta(days=7)
    plan = plan_of(reader.user, today=last_week)  # a plan laid out a week ago
    batch._loaded[digest.plans] = {learner.pk: plan}
    late = [item for item in plan.items if item.planned_week < monday()]
    assert late

    items = digest.due_this_week(reader, batch)

    overdue = [item for item in items if item.text.startswith("Overdue")]
    assert len(overdue) == len(late)
    assert f"planned for the week of {last_week:%-d %B}" in overdue[0].text
    assert late[0].title in overdue[0].text
    assert len(items) == len(late) + len(plan.due_in_week(monday()))


def test_both_sides_are_told_of_the_weeks_check_ins_and_of_overdue_ones(committed, skills):
    mentor = a_learner(skills, name="Grace Mentor")
    ada, bo = a_learner(skills, name="Ada"), a_learner(skills, name="Bo")
    this_week = MentorshipFactory(learner=ada, mentor=mentor, status=Status.ACCEPTED)
    overdue = MentorshipFactory(learner=bo, mentor=mentor, status=Status.ACCEPTED)
    CheckInFactory(mentorship=this_week, due_on=TODAY())
    CheckInFactory(mentorship=overdue, due_on=monday() - timedelta(days=10))
    agreed = MentorshipFactory(learner=bo, status=Status.ACCEPTED)
    CheckInFactory(mentorship=agreed, due_on=TODAY(), status=CheckInStatus.FROZEN)

    run(committed)

    def check_ins(person):
        [message] = digests_of(person)
        return message.body.split("CHECK-INS THIS WEEK")[1].split("\n\n")[0]

    assert f"Check-in with Grace Mentor on {TODAY():%A %-d %B}." in check_ins(ada)
    assert "not agreed yet" in check_ins(bo)
    assert check_ins(bo).count("\n- ") == 1  # the agreed one is not due
    mentors = check_ins(mentor)
    assert "Check-in with Ada on" in mentors
    assert "Check-in with Bo was planned for" in mentors


def test_a_run_that_stopped_midway_resumes_without_sending_anyone_twice(committed, skills):
    people = [a_learner(skills, name=f"P{n}") for n in range(5)]
    ids = list(digests_due(monday()))
    with committed():
        digests_build(ids[:2], today=monday())  # the run stopped after its first chunk

    assert run(committed, chunk=2) == 3

    assert all(len(digests_of(person)) == 1 for person in people)
    assert DigestDelivery.objects.count() == 5


def test_a_failing_mail_server_leaves_the_digests_in_the_outbox_to_retry(
    committed, flaky_mail, learner
):
    flaky_mail.failures = -1

    run(committed)

    row = Mail.objects.get(kind="digest")
    assert (row.status, row.attempts, row.recipient) == (MailStatus.PENDING, 1, learner)
    assert DigestDelivery.objects.filter(user=learner).exists()
    assert digests_due(monday()).count() == 0  # not built again: it waits in the outbox
    flaky_mail.failures = 0
    Mail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())

    assert mails_sweep() == 1

    assert len(digests_of(learner)) == 1
    row.refresh_from_db()
    assert row.status == MailStatus.SENT


def busy_people(skills, count):
    """`count` learners, each with a mentor's notifications, rating changes and a finished
    project this week, and a digest last week."""
    mentor = VerifiedUserFactory()
    people = []
    for n in range(count):
        person = a_learner(skills, name=f"Busy {n}")
        mentorship = MentorshipFactory(learner=person, mentor=mentor, status=Status.ACCEPTED)
        CheckInFactory(mentorship=mentorship, due_on=monday())
        notify(user=person, kind=K.FEEDBACK, actor=mentor)
        notify(user=person, kind=K.MENTEE_RATINGS_CHANGED, actor=mentor, detail="SQL")
        SkillRatingChangeFactory(user=person, skill=skills[0], new_proficiency=1)
        ProjectFactory(user=person, status=ProjectStatus.DONE)
        DigestDeliveryFactory(
            user=person,
            week_start=monday() - timedelta(days=7),
            created_at=timezone.now() - timedelta(days=6),
        )
        people.append(person)
    return [person.pk for person in people]


def test_a_chunk_reads_its_rows_in_a_fixed_number_of_queries(skills):
    few, many = busy_people(skills, 2), busy_people(skills, 12)

    queries_few = count_queries(lambda: digests_build(few, today=monday()))
    queries_many = count_queries(lambda: digests_build(many, today=monday()))

    assert queries_many == queries_few
    # 18 reads (one the ladder's version; five of them the plans), a claim and an insert
    assert queries_few == 20
    assert Mail.objects.filter(kind="digest").count() == 14


def test_a_chunk_commits_every_few_people_not_once_for_the_whole_run(skills):
    ids = busy_people(skills, 5)
    with pytest.MonkeyPatch.context() as patch:
        transactions = []
        real = transaction.atomic

        def counted(*args, **kwargs):
            transactions.append(1)
            return real(*args, **kwargs)

        patch.setattr(digest, "transaction", SimpleNamespace(atomic=counted))
        assert digests_build(ids, today=monday(), batch_size=2).queued == 5

    assert len(transactions) == 3


def test_a_section_is_one_function_in_a_list(committed, learner, monkeypatch):
    def checkins_due(reader, batch: Batch):
        return [Item(f"A check-in with your mentor, {reader.user.email}", "https://x.test/c")]

    monkeypatch.setattr(
        digest, "LEARNER_SECTIONS", [*LEARNER_SECTIONS, ("Check-ins due", checkins_due)]
    )

    run(committed)

    [message] = digests_of(learner)
    assert f"CHECK-INS DUE\n- A check-in with your mentor, {learner.email}" in message.body


def test_send_digests_queues_the_days_digests(committed, learner, capsys):
    preferences_set(user=learner, preferences=Preferences(digest_day=TODAY().weekday()))

    with committed():
        call_command("send_digests", "--chunk", "10")

    assert "Queued the digests of 1 people in 1 chunks." in capsys.readouterr().out
    assert len(digests_of(learner)) == 1


def test_celery_beat_queues_the_digests_every_hour(committed, learner):
    schedule = settings.CELERY_BEAT_SCHEDULE["send-digests"]
    assert schedule["schedule"] == 60 * 60
    preferences_set(user=learner, preferences=Preferences(digest_day=TODAY().weekday()))

    with committed():
        celery_app.tasks[schedule["task"]].delay()

    assert len(digests_of(learner)) == 1


def test_a_chunk_that_waited_into_the_next_week_is_dropped(learner):
    last_week = (monday() - timedelta(days=7)).isoformat()

    assert tasks.digests_build([learner.pk], last_week) == 0

    assert not DigestDelivery.objects.exists()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_digest_once():
    mentor = VerifiedUserFactory()
    people = [VerifiedUserFactory() for _ in range(6)]
    for person in people:
        notify(user=person, kind=K.FEEDBACK, actor=mentor)
    ids = [person.pk for person in people]
    start, errors, queued = threading.Barrier(2), [], []

    def one_run():
        try:
            start.wait()
            queued.append(digests_build(ids, today=monday(), batch_size=2).queued)
        except Exception as error:  # the test reports it
            errors.append(error)
        finally:
            connection.close()

    runs = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(timeout=60)

    assert errors == []
    assert sum(queued) == 6
    assert DigestDelivery.objects.count() == 6
    assert sorted(Mail.objects.filter(kind="digest").values_list("recipient", flat=True)) == ids
