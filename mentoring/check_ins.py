"""Reads for the check-in pages, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from profiles.display import display_name
from profiles.extras import FORMER_MENTOR, CheckInInfo

from .check_in_rules import Comparison, Snapshot, compare, sides_shown
from .models import CheckIn, CheckInRating, CheckInStatus, Side

LIST_PAGE = 20


def _with_people(queryset):
    return queryset.select_related("mentorship__learner__profile", "mentorship__mentor__profile")


@dataclass(frozen=True)
class CheckInRow:
    """A check-in in a list: the other person's name and, once agreed, its snapshot."""

    check_in: CheckIn
    with_name: str
    is_learner: bool

    @property
    def snapshot(self) -> Snapshot | None:
        return Snapshot.from_json(self.check_in.frozen) if self.check_in.is_frozen else None

    @property
    def overdue(self) -> bool:
        return self.check_in.is_unfinished and self.check_in.due_on < timezone.localdate()


def _row(check_in, user) -> CheckInRow:
    mentorship = check_in.mentorship
    is_learner = mentorship.learner_id == user.pk
    name = (
        display_name(mentorship.mentor, gone=FORMER_MENTOR)
        if is_learner
        else display_name(mentorship.learner)
    )
    return CheckInRow(check_in=check_in, with_name=name, is_learner=is_learner)


def check_ins_for(user, *, as_learner: bool):
    """Return the check-ins the user sees as a learner (or as a mentor), latest first, as
    a queryset to page through; rows come with both people."""
    mine = CheckIn.objects.for_learner(user) if as_learner else CheckIn.objects.for_mentor(user)
    return _with_people(mine).order_by("-due_on", "-pk")


def rows_of(check_ins, user) -> list[CheckInRow]:
    return [_row(check_in, user) for check_in in check_ins]


def visible_check_in(user, pk) -> CheckIn | None:
    """Return the check-in `pk` if the user may see it (its learner, or its mentor while
    the mentorship lasts; an ended mentorship's learner sees only the agreed ones)."""
    return _with_people(CheckIn.objects.visible_to(user)).filter(pk=pk).first()


@dataclass(frozen=True)
class RatingLine:
    skill: object  # ladder.Skill
    learner: int | None  # None: not rated, or not shown to this viewer yet
    mentor: int | None
    agreed: int | None

    @staticmethod
    def label(value: int | None) -> str:
        from ladder.models import Proficiency

        return Proficiency(value).label if value is not None else "—"

    @property
    def learner_label(self) -> str:
        return self.label(self.learner)

    @property
    def mentor_label(self) -> str:
        return self.label(self.mentor)

    @property
    def agreed_label(self) -> str:
        return self.label(self.agreed)

    @property
    def differ(self) -> bool:
        return None not in (self.learner, self.mentor) and self.learner != self.mentor


@dataclass(frozen=True)
class CheckInPage:
    """A check-in as one of its two people sees it."""

    check_in: CheckIn
    side: str  # Side.LEARNER or Side.MENTOR
    learner_name: str
    mentor_name: str
    lines: list[RatingLine]  # empty once frozen: the snapshot is shown instead
    snapshot: Snapshot | None
    own_rated: bool
    other_rated: bool
    shown: set

    @property
    def is_mentor(self) -> bool:
        return self.side == Side.MENTOR

    @property
    def other_name(self) -> str:
        return self.learner_name if self.is_mentor else self.mentor_name

    @property
    def side_by_side(self) -> bool:
        return len(self.shown) == 2


def page_for(check_in, user) -> CheckInPage:
    """Return the check-in as `user` sees it (read with its mentorship and both people):
    their own ratings, the other side's only once both have rated. A frozen check-in is
    its snapshot alone, whatever became of the ladder or the ratings since."""
    mentorship = check_in.mentorship
    side = Side.LEARNER if mentorship.learner_id == user.pk else Side.MENTOR
    names = {
        "learner_name": display_name(mentorship.learner),
        "mentor_name": display_name(mentorship.mentor, gone=FORMER_MENTOR),
    }
    learner_rated = check_in.learner_rated_at is not None
    mentor_rated = check_in.mentor_rated_at is not None
    own_rated, other_rated = (
        (learner_rated, mentor_rated) if side == Side.LEARNER else (mentor_rated, learner_rated)
    )
    shown = sides_shown(viewer=side, learner_rated=learner_rated, mentor_rated=mentor_rated)
    if check_in.is_frozen:
        return CheckInPage(
            check_in=check_in,
            side=side,
            lines=[],
            snapshot=Snapshot.from_json(check_in.frozen),
            own_rated=True,
            other_rated=True,
            shown=shown,
            **names,
        )
    ratings: dict[tuple[int, str], int] = {}
    for rating in CheckInRating.objects.filter(check_in=check_in, side__in=[*shown, Side.AGREED]):
        ratings[(rating.skill_id, rating.side)] = rating.proficiency
    lines = [
        RatingLine(
            skill=skill,
            learner=ratings.get((skill.pk, Side.LEARNER)),
            mentor=ratings.get((skill.pk, Side.MENTOR)),
            agreed=ratings.get((skill.pk, Side.AGREED)),
        )
        for skill in check_in.skills.order_by("level__order", "order", "name")
    ]
    return CheckInPage(
        check_in=check_in,
        side=side,
        lines=lines,
        snapshot=None,
        own_rated=own_rated,
        other_rated=other_rated,
        shown=shown,
        **names,
    )


def comparison_of(user, first_pk, second_pk) -> Comparison | None:
    """Return the comparison of two agreed check-ins the user sees as their learner (or as
    the mentor of both), or None when either is not such a check-in."""
    found = list(
        CheckIn.objects.visible_to(user)
        .filter(pk__in=[first_pk, second_pk], status=CheckInStatus.FROZEN)
        .select_related("mentorship")
    )
    if len(found) != 2 or found[0].mentorship.learner_id != found[1].mentorship.learner_id:
        return None
    first, second = (Snapshot.from_json(c.frozen) for c in found)
    return compare(first, second)


@dataclass(frozen=True)
class Latest:
    """The comparison of a list's two latest agreed check-ins, and their ids."""

    comparison: Comparison
    earlier_pk: int
    later_pk: int


def latest_comparison(rows: list[CheckInRow]) -> Latest | None:
    """Return the comparison of the two latest agreed check-ins of a list, if there are two."""
    frozen = [(row.snapshot, row.check_in.pk) for row in rows if row.snapshot is not None]
    if len(frozen) < 2:
        return None
    frozen.sort(key=lambda pair: (pair[0].held_on, pair[1]))
    (earlier, earlier_pk), (later, later_pk) = frozen[-2], frozen[-1]
    return Latest(compare(earlier, later), earlier_pk, later_pk)


@dataclass(frozen=True)
class DueCheckIn:
    """A check-in under way, as the mentor's page lists it."""

    url: str
    with_name: str
    due_on: date
    status: str  # CheckInStatus value

    @property
    def status_label(self) -> str:
        return CheckInStatus(self.status).label


@dataclass(frozen=True)
class MentorCheckIns:
    """The check-ins under way with a mentor's mentees: those past their day, and the rest."""

    overdue: list[DueCheckIn]
    upcoming: list[DueCheckIn]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.upcoming)


def _split(due: list[DueCheckIn], today: date) -> MentorCheckIns:
    due = sorted(due, key=lambda item: (item.due_on, item.url))
    return MentorCheckIns(
        overdue=[item for item in due if item.due_on < today],
        upcoming=[item for item in due if item.due_on >= today],
    )


def mentor_check_ins_for(mentor, *, today: date | None = None) -> MentorCheckIns:
    """Return the unfinished check-ins with the mentor's current mentees, in one query."""
    rows = rows_of(_with_people(CheckIn.objects.for_mentor(mentor).unfinished()), mentor)
    return _split(
        [
            DueCheckIn(
                url=row.check_in.get_absolute_url(),
                with_name=row.with_name,
                due_on=row.check_in.due_on,
                status=row.check_in.status,
            )
            for row in rows
        ],
        today or timezone.localdate(),
    )


def mentor_check_ins_of(mentees, *, today: date | None = None) -> MentorCheckIns:
    """Return the same from the rows of the mentor's list (selectors.mentees_for), whose
    mentorships carry their unfinished check-in (a mentorship has at most one): no query."""
    return _split(
        [
            DueCheckIn(
                url=reverse("mentoring:check_in", args=[row.mentorship.check_in_id]),
                with_name=row.name,
                due_on=row.mentorship.check_in_due_on,
                status=row.mentorship.check_in_status,
            )
            for row in mentees
            if getattr(row.mentorship, "check_in_id", None)
        ],
        today or timezone.localdate(),
    )


def check_in_infos(user_id) -> list[CheckInInfo]:
    """Return the learner's check-ins (profiles/extras.py: CheckInInfo), cancelled ones
    left out, in date order, in one query."""
    rows = (
        CheckIn.objects.for_learner(user_id)
        .exclude(status=CheckInStatus.CANCELLED)
        .select_related("mentorship__mentor__profile")
        .order_by("due_on", "pk")
    )
    return [
        CheckInInfo(
            id=c.pk,
            due_on=c.due_on,
            held_on=c.held_on,
            mentor_name=display_name(c.mentorship.mentor, gone=FORMER_MENTOR),
            url=c.get_absolute_url(),
        )
        for c in rows
    ]


def ics_for(check_in, *, user, site_url: str, now: datetime | None = None) -> bytes:
    """Return the check-in as an iCalendar file: one all-day event on the day it is planned
    for (the day it was agreed, once agreed), with a stable UID so a calendar that imports
    it again updates the event instead of adding another."""
    page = page_for(check_in, user)
    host = site_url.split("://", 1)[-1].strip("/").split("/")[0] or "careerpath"
    day = check_in.held_on or check_in.due_on
    calendar = Calendar()
    calendar.add("prodid", "-//careerpath//check-ins//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"check-in-{check_in.pk}@{host}")
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", f"careerpath check-in with {page.other_name}")
    event.add("url", site_url.rstrip("/") + check_in.get_absolute_url())
    event.add(
        "description",
        f"{check_in.get_status_display()}. Open the check-in: "
        f"{site_url.rstrip('/')}{check_in.get_absolute_url()}",
    )
    if check_in.status == CheckInStatus.CANCELLED:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
