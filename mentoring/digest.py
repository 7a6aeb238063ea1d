"""The weekly digest: one e-mail a week per person, telling what changed and what is next,
in place of one e-mail per event.

The rules, in words:
- A person's digest comes on the day of the week they chose (Monday unless they chose
  another, mentoring/preferences.py). A run picks everyone whose day has come this week
  (Monday to today) and who has had no digest this week: a day the task did not run is
  caught up later in the week, never doubled. A person who turned the digest off, or whose
  account is inactive or has no address, gets none.
- It tells what changed since their last digest (a week back for a first one, at most
  two weeks): their rating changes (each skill from its first rating of the period to its
  last), the projects they finished, and the notifications of the kinds they chose to
  have in the digest: from their mentors (feedback, reviews, endorsements, sign-offs),
  about their mentees (one line per mentee), and the rest. And what is next this week: the
  next step their dashboard gives, and the items of their dated plan (/plan/) planned for
  this week, with those planned earlier and not done as overdue (both for people who have
  rated a skill).
- A digest with nothing to tell is not sent; the week is recorded all the same, so it is
  not built again every hour.
- At most one a week: a DigestDelivery row (person, week) is written in the transaction
  that puts the mail in the outbox, claimed with INSERT … ON CONFLICT DO NOTHING. A run that
  stops midway resumes where it stopped; two runs at once queue on the row and send once.

How it runs (the beat task mentoring.tasks.digests_send, or `manage.py send_digests`):
`digests_queue` names the people (`digests_due`) and queues a task per CHUNK of ids
(mentoring.tasks.digests_build); `digests_build` reads the chunk's rows in bulk (a Batch:
a fixed number of queries per chunk, each loader once, whatever the number of people) and
commits every BATCH people: no transaction stays open for a whole run. The outbox row holds
the digest's items as built; `digest_mail` renders them (plain text and HTML, one-click
unsubscribe headers) when the outbox sends it, unless the person turned the digest off
meanwhile.

A section of the digest is one function in LEARNER_SECTIONS, MENTOR_SECTIONS or
OTHER_SECTIONS (the order of the mail): it takes
the reader and the batch and returns its items, reading what it needs through
`batch.load(loader)`, where a loader reads the whole chunk's rows at once.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from careerpath import versions
from careerpath.outbox.services import CONTENT_ARG, mails_queue_rendered
from ladder.models import Proficiency
from ladder.snapshot import Ladder, ladder_snapshot
from profiles import assessment as rules
from profiles.display import FORMER_MEMBER, display_name
from profiles.models import Project, ProjectStatus, SkillRatingChange
from profiles.next_steps import next_step_of, rows_for
from profiles.plan import ItemKind, Plan, PlanItem, plans_of

from .mail import bulk_email
from .models import UNFINISHED, CheckIn, DigestDelivery, Notification, NotificationKind, Status
from .preferences import (
    DIGEST,
    Delivery,
    Preferences,
    digest_readers_q,
    preferences_for,
    preferences_of,
)

logger = logging.getLogger(__name__)
User = get_user_model()

CHUNK = 500  # people per task
BATCH = 100  # people per transaction
FIRST_PERIOD = timedelta(days=7)  # what a first digest looks back over
LONGEST_PERIOD = timedelta(days=14)  # ... and any digest at most
MAIL_KIND = "digest"
SUBJECT = "Your week on careerpath"

T = TypeVar("T")


def week_start_of(day: date) -> date:
    """Return the Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Item:
    """A line of the digest, with the page (absolute URL) it links to, if any."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    items: Sequence[Item]


@dataclass(frozen=True)
class Reader:
    """A person a digest is built for, with their choices and the start of its period."""

    user: Any  # the account (with its profile)
    preferences: Preferences
    since: datetime

    @property
    def id(self) -> int:
        return int(self.user.pk)


class Batch:
    """The readers of one chunk, and the rows sections read about them, each kind of rows
    read once for the whole chunk (`load`)."""

    def __init__(self, readers: Iterable[Reader], *, today: date, now: datetime):
        self.readers = {reader.id: reader for reader in readers}
        self.today, self.now = today, now
        self._loaded: dict[Callable[..., Any], Any] = {}
        self._pages: dict[str, str] = {}

    @property
    def ids(self) -> list[int]:
        return sorted(self.readers)

    @property
    def since(self) -> datetime:
        """Return the start of the longest period of the batch's readers."""
        return min((r.since for r in self.readers.values()), default=self.now)

    def page(self, name: str) -> str:
        """Return the absolute URL of a page without arguments (reversed once per batch)."""
        if name not in self._pages:
            self._pages[name] = absolute(reverse(name))
        return self._pages[name]

    def load(self, loader: Callable[["Batch"], T]) -> T:
        """Return `loader(batch)`, read once per batch however many sections ask."""
        if loader not in self._loaded:
            self._loaded[loader] = loader(self)
        return self._loaded[loader]


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path.startswith("/") else path


# Loaders: each reads one kind of rows for the whole batch, in one query.


def ladder_of(batch: Batch) -> Ladder:
    return ladder_snapshot()


def digest_notifications(batch: Batch) -> dict[int, list[Notification]]:
    """Return each reader's notifications of their period, oldest first, of the kinds they
    want in the digest."""
    found: dict[int, list[Notification]] = defaultdict(list)
    rows = (
        Notification.objects.shown()
        .filter(user__in=batch.ids, created_at__gte=batch.since)
        .order_by("created_at", "pk")
    )
    for notification in rows:
        reader = batch.readers[notification.user_id]
        if (
            notification.created_at >= reader.since
            and reader.preferences.delivery(notification.kind) == Delivery.DIGEST
        ):
            found[notification.user_id].append(notification)
    return found


@dataclass(frozen=True)
class RatingMove:
    skill_id: int
    old: int | None  # None: not rated before
    new: int


def rating_moves(batch: Batch) -> dict[int, list[RatingMove]]:
    """Return each reader's rating changes of their period, one per skill: from the rating
    before the period's first change to its last change (none when it came back)."""
    first: dict[tuple[int, int], int | None] = {}
    last: dict[tuple[int, int], int] = {}
    rows = (
        SkillRatingChange.objects.filter(user__in=batch.ids, changed_at__gte=batch.since)
        .order_by("changed_at", "pk")
        .values_list("user_id", "skill_id", "old_proficiency", "new_proficiency", "changed_at")
    )
    for user_id, skill_id, old, new, changed_at in rows:
        if changed_at < batch.readers[user_id].since:
            continue
        first.setdefault((user_id, skill_id), old)
        last[(user_id, skill_id)] = new
    moves: dict[int, list[RatingMove]] = defaultdict(list)
    for (user_id, skill_id), new in last.items():
        if first[(user_id, skill_id)] != new:
            moves[user_id].append(RatingMove(skill_id, first[(user_id, skill_id)], new))
    return moves


def projects_finished(batch: Batch) -> dict[int, list[str]]:
    """Return the titles of each reader's projects marked done in their period."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        Project.objects.filter(
            user__in=batch.ids, status=ProjectStatus.DONE, updated_at__gte=batch.since
        )
        .order_by("updated_at", "pk")
        .values_list("user_id", "title", "updated_at")
    )
    for user_id, title, updated_at in rows:
        if updated_at >= batch.readers[user_id].since:
            found[user_id].append(title)
    return found


def next_steps(batch: Batch) -> dict[int, rules.NextStep]:
    """Return each reader's next step, for those who have rated a skill (a person who never
    did is not reminded of a ladder they did not start)."""
    ladder = batch.load(ladder_of)
    if not ladder.levels:
        return {}
    return {
        user_id: next_step_of(ladder, rows, today=batch.today)
        for user_id, rows in rows_for(batch.ids).items()
        if rows.proficiencies
    }


def plans(batch: Batch) -> dict[int, Plan]:
    """Return the dated plans (/plan/) of the readers who have a next step (who rated a
    skill), as of the digest's day, in five queries (profiles.plan.plans_of)."""
    ids = sorted(batch.load(next_steps))
    if not ids:
        return {}
    return plans_of(ids, ladder=batch.load(ladder_of), today=batch.today)


@dataclass(frozen=True)
class CheckInDue:
    id: int
    due_on: date
    learner_id: int
    mentor_id: int
    learner: Any  # the accounts, to name the other side
    mentor: Any


def check_ins_due(batch: Batch) -> dict[int, list[CheckInDue]]:
    """Return each reader's unfinished check-ins of a current mentorship that are due by the
    end of the digest's week (overdue ones too), as learner or as mentor, in date order."""
    ids = batch.ids
    week_end = week_start_of(batch.today) + timedelta(days=6)
    rows = (
        CheckIn.objects.filter(
            status__in=UNFINISHED, mentorship__status=Status.ACCEPTED, due_on__lte=week_end
        )
        .filter(Q(mentorship__learner_id__in=ids) | Q(mentorship__mentor_id__in=ids))
        .select_related("mentorship__learner__profile", "mentorship__mentor__profile")
        .order_by("due_on", "pk")
    )
    found: dict[int, list[CheckInDue]] = defaultdict(list)
    for c in rows:
        m = c.mentorship
        due = CheckInDue(c.pk, c.due_on, m.learner_id, m.mentor_id, m.learner, m.mentor)
        for person_id in {m.learner_id, m.mentor_id} & batch.readers.keys():
            found[person_id].append(due)
    return found


# Sections: each returns its items for one reader.

FROM_MENTORS = frozenset(
    {
        NotificationKind.FEEDBACK,
        NotificationKind.FEEDBACK_ON_SKILL,
        NotificationKind.FEEDBACK_ON_PROJECT,
        NotificationKind.ENDORSED,
        NotificationKind.REVIEWED,
        NotificationKind.SIGNED_OFF,
    }
)
ABOUT_MENTEES = frozenset(
    {NotificationKind.MENTEE_RATINGS_CHANGED, NotificationKind.MENTEE_PROJECT_DONE}
)


def _label(proficiency: int | None) -> str:
    return rules.NOT_RATED if proficiency is None else Proficiency(proficiency).label


def your_progress(reader: Reader, batch: Batch) -> list[Item]:
    """Your rating changes and the projects you finished."""
    skills = batch.load(ladder_of).skills_by_id
    skills_url = batch.page("profiles:skills")
    items = [
        Item(f"{skills[move.skill_id].name}: {_label(move.old)} → {_label(move.new)}", skills_url)
        for move in batch.load(rating_moves).get(reader.id, [])
        if move.skill_id in skills  # a retired skill counts nowhere
    ]
    projects_url = batch.page("profiles:projects")
    items += [
        Item(f"You finished the project “{title}”.", projects_url)
        for title in batch.load(projects_finished).get(reader.id, [])
    ]
    return items


def _told(notification: Notification) -> Item:
    return Item(notification.text, absolute(notification.url) if notification.url else "")


def from_your_mentors(reader: Reader, batch: Batch) -> list[Item]:
    """Feedback, reviews, endorsements and sign-offs from your mentors."""
    return [
        _told(n)
        for n in batch.load(digest_notifications).get(reader.id, [])
        if n.kind in FROM_MENTORS
    ]


def what_is_next(reader: Reader, batch: Batch) -> list[Item]:
    """The next step your dashboard gives."""
    step = batch.load(next_steps).get(reader.id)
    dashboard = batch.page("profiles:dashboard")
    if step is None or step.kind == rules.StepKind.NONE:
        return []
    if step.kind == rules.StepKind.SKILL and step.skill is not None:
        check = step.skill.check
        items = [
            Item(
                f"Work on {check.label}: from {step.skill.have_label} to {check.need_label}.",
                dashboard,
            )
        ]
        if step.course is not None:
            course = step.course
            items.append(
                Item(
                    f"A course for it: {course.title} ({course.provider}, {course.facts})",
                    course.url,
                )
            )
        return items
    if step.kind == rules.StepKind.PROJECT and step.project is not None:
        return [
            Item(
                f"Build a portfolio project: “{step.project.title}”. {rules.PROJECT_LEFT}",
                batch.page("profiles:projects"),
            )
        ]
    return [Item(step.reason, dashboard)]


def _plan_line(item: PlanItem) -> str:
    if item.kind == ItemKind.COURSE:
        return f"Course: {item.title} ({item.detail})." if item.detail else f"Course: {item.title}."
    if item.kind == ItemKind.SKILL:
        return f"Practise {item.title}: {item.detail}."
    return f"Project: “{item.title}” ({item.detail})."


def due_this_week(reader: Reader, batch: Batch) -> list[Item]:
    """The items of your plan planned for this week, and those planned for an earlier week
    and not done yet (overdue)."""
    plan = batch.load(plans).get(reader.id)
    if plan is None or not plan.dated:
        return []
    this_monday = week_start_of(batch.today)
    overdue = [i for i in plan.items if i.planned_week < this_monday]
    return [
        Item(
            f"Overdue (planned for the week of {item.planned_week:%-d %B}): {_plan_line(item)}",
            absolute(item.url),
        )
        for item in overdue
    ] + [Item(_plan_line(item), absolute(item.url)) for item in plan.due_in_week(this_monday)]


def your_mentees(reader: Reader, batch: Batch) -> list[Item]:
    """What each of your mentees did: one line per mentee."""
    by_mentee: dict[int | None, list[Notification]] = defaultdict(list)
    for n in batch.load(digest_notifications).get(reader.id, []):
        if n.kind in ABOUT_MENTEES:
            by_mentee[n.actor_id].append(n)
    items = []
    for told in by_mentee.values():
        latest = told[-1]
        if len(told) == 1:
            items.append(_told(latest))
            continue
        finished = [n.detail for n in told if n.kind == NotificationKind.MENTEE_PROJECT_DONE]
        saves = sum(n.kind == NotificationKind.MENTEE_RATINGS_CHANGED for n in told)
        parts = []
        if saves:
            parts.append(f"changed their skill ratings {_times(saves)}")
        if finished:
            parts.append("finished " + ", ".join(f"“{title}”" for title in finished))
        name = display_name(latest.actor, gone=FORMER_MEMBER.capitalize())
        items.append(Item(f"{name} {' and '.join(parts)}.", absolute(latest.url)))
    return items


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def also_this_week(reader: Reader, batch: Batch) -> list[Item]:
    """Every other notification the reader wants in the digest."""
    shown = FROM_MENTORS | ABOUT_MENTEES
    return [
        _told(n) for n in batch.load(digest_notifications).get(reader.id, []) if n.kind not in shown
    ]


def check_ins_this_week(reader: Reader, batch: Batch) -> list[Item]:
    """Check-ins planned for this week, and those planned earlier and not agreed yet."""
    this_monday = week_start_of(batch.today)
    items = []
    for due in batch.load(check_ins_due).get(reader.id, []):
        other = due.mentor if reader.id == due.learner_id else due.learner
        name = display_name(other, gone=FORMER_MEMBER)
        when = (
            f"was planned for {due.due_on:%A %-d %B}: not agreed yet"
            if due.due_on < this_monday
            else f"on {due.due_on:%A %-d %B}"
        )
        url = absolute(reverse("mentoring:check_in", args=[due.id]))
        items.append(Item(f"Check-in with {name} {when}.", url))
    return items


SectionFunction = Callable[[Reader, Batch], list[Item]]

# (title, function): the learner's part of the digest, then the mentor's. A section with no
# items is left out; a digest whose sections all are is not sent.
LEARNER_SECTIONS: list[tuple[str, SectionFunction]] = [
    ("Your progress", your_progress),
    ("From your mentors", from_your_mentors),
    ("What is next this week", what_is_next),
    ("Due this week", due_this_week),
]
# Both sides of a mentorship: a learner's and a mentor's check-ins of the week.
CHECK_IN_SECTIONS: list[tuple[str, SectionFunction]] = [
    ("Check-ins this week", check_ins_this_week),
]
MENTOR_SECTIONS: list[tuple[str, SectionFunction]] = [
    ("Your mentees this week", your_mentees),
]
OTHER_SECTIONS: list[tuple[str, SectionFunction]] = [
    ("Also this week", also_this_week),
]


def sections_for(reader: Reader, batch: Batch) -> list[Section]:
    """Return the reader's digest: its sections that have items, in order."""
    found = []
    for title, function in (
        *LEARNER_SECTIONS,
        *CHECK_IN_SECTIONS,
        *MENTOR_SECTIONS,
        *OTHER_SECTIONS,
    ):
        items = function(reader, batch)
        if items:
            found.append(Section(title, items))
    return found


def digest_mail(user_id: int, week_start: str, content: list) -> EmailMessage | None:
    """Render a digest when the outbox sends it (careerpath/outbox/): `content` holds its
    sections as built, [[title, [[text, url], ...]], ...], and is dropped once sent. Nothing
    is sent to a person who turned the digest off, or lost their address, since."""
    user = User.objects.select_related("profile").filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not preferences_of(user).digest:
        return None
    sections = [
        Section(title, [Item(text, url) for text, url in items]) for title, items in content
    ]
    return bulk_email(
        user=user,
        what=DIGEST,
        subject=SUBJECT,
        template="mentoring/email/digest",
        context={
            "name": display_name(user),
            "sections": sections,
            "week_start": date.fromisoformat(week_start),
            "dashboard_url": absolute(reverse("profiles:dashboard")),
        },
    )


def _content(sections: Sequence[Section]) -> list:
    return [[s.title, [[item.text, item.url] for item in s.items]] for s in sections]


# Who gets a digest, and the runs that build them.


def digests_due(today: date):
    """Return the ids of the people whose digest day has come this week (Monday to today)
    and who have had no digest this week, in the order of their ids."""
    days = reduce(or_, (digest_readers_q(day) for day in range(today.weekday() + 1)))
    return (
        User.objects.filter(days, is_active=True)
        .exclude(email="")
        .exclude(digest_deliveries__week_start=week_start_of(today))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def digests_queue(*, today: date | None = None, chunk: int = CHUNK) -> int:
    """Queue a build task for every CHUNK of the people whose digest is due; return how
    many people. (Eager without a broker: the chunks are built in this process.)"""
    from .tasks import digests_build

    today = today or timezone.localdate()
    ids = list(digests_due(today))
    for start in range(0, len(ids), chunk):
        digests_build.delay(ids[start : start + chunk], today.isoformat())
    return len(ids)


@dataclass
class BuildResult:
    queued: int = 0  # digests put in the outbox
    empty: int = 0  # nothing to tell: recorded, not sent
    skipped: int = 0  # had this week's already, or no longer wanted it
    user_ids: list[int] = field(default_factory=list)  # of the digests queued


def _readers(user_ids: Sequence[int], *, today: date, now: datetime) -> list[Reader]:
    """Return the readers among `user_ids` who still want this week's digest, with the
    start of their period (three queries)."""
    week = week_start_of(today)
    users = list(
        User.objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .select_related("profile")
        .order_by("pk")
    )
    choices = preferences_for(user.pk for user in users)
    last: dict[int, datetime] = {}
    this_week: set[int] = set()
    for user_id, week_start, created_at in DigestDelivery.objects.filter(
        user__in=[user.pk for user in users], week_start__gte=week - LONGEST_PERIOD
    ).values_list("user_id", "week_start", "created_at"):
        last[user_id] = max(created_at, last.get(user_id, created_at))
        if week_start == week:
            this_week.add(user_id)
    return [
        Reader(
            user=user,
            preferences=choices[user.pk],
            since=max(last.get(user.pk, now - FIRST_PERIOD), now - LONGEST_PERIOD),
        )
        for user in users
        if user.pk not in this_week and choices[user.pk].digest
    ]


def _claim(rows: Sequence[tuple[int, int]], *, week_start: date, now: datetime) -> set[int]:
    """Record this week's digest of each (user id, number of items) not recorded yet, in
    the current transaction; return the ids recorded now. A row another run holds makes
    this wait until that run commits (then it is left out) or rolls back (then it is ours)."""
    if not rows:
        return set()
    table = connection.ops.quote_name(DigestDelivery._meta.db_table)
    fields = {f.name: f for f in DigestDelivery._meta.concrete_fields}
    params: list[Any] = []
    for user_id, items in sorted(rows):  # in the order of ids: runs never wait in a circle
        params += [
            user_id,
            fields["week_start"].get_db_prep_value(week_start, connection),
            fields["created_at"].get_db_prep_value(now, connection),
            items,
        ]
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, week_start, created_at, items) VALUES {values} "  # noqa: S608 (names from the model, values as parameters)
            "ON CONFLICT (user_id, week_start) DO NOTHING RETURNING user_id",
            params,
        )
        claimed = {row[0] for row in cursor.fetchall()}
    versions.written(DigestDelivery)  # exempt: moves nothing, but says what it wrote
    return claimed


def digests_build(
    user_ids: Sequence[int], *, today: date | None = None, batch_size: int = BATCH
) -> BuildResult:
    """Build and queue the digests of `user_ids` for the week of `today`: read their rows
    in bulk, then record and queue them BATCH people per transaction."""
    today = today or timezone.localdate()
    now = timezone.now()
    week = week_start_of(today)
    result = BuildResult()
    readers = _readers(user_ids, today=today, now=now)
    result.skipped = len(user_ids) - len(readers)
    batch = Batch(readers, today=today, now=now)
    for start in range(0, len(readers), batch_size):
        part = readers[start : start + batch_size]
        digests = {reader.id: sections_for(reader, batch) for reader in part}
        with transaction.atomic():
            claimed = _claim(
                [(r.id, sum(len(s.items) for s in digests[r.id])) for r in part],
                week_start=week,
                now=now,
            )
            queued = [r for r in part if r.id in claimed and digests[r.id]]
            mails_queue_rendered(
                digest_mail,
                [
                    (
                        r.user,
                        {
                            "user_id": r.id,
                            "week_start": week.isoformat(),
                            CONTENT_ARG: _content(digests[r.id]),
                        },
                    )
                    for r in queued
                ],
                kind=MAIL_KIND,
            )
        result.queued += len(queued)
        result.user_ids += [r.id for r in queued]
        result.empty += sum(1 for r in part if r.id in claimed and not digests[r.id])
        result.skipped += len(part) - len(claimed)
    return result
