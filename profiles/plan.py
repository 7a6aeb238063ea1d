"""A learner's dated plan: the items of their advice, each with the week it is planned for.

The rules (`build_plan`, plain data in and out, tested without a database):
- The items are what the advice says to do for the target: each unmet skill's step (from
  the proficiency held to the one asked), the course for it (the one the learner marked
  planned or started, else the advice's best course), and the portfolio projects: their own
  projects not done, then the ladder's projects for their level and the next not done yet.
  A skill's course comes just before its practice. What the learner has started comes
  first: finishing beats starting. Done items leave the plan and are listed as done.
- Each item has a number of hours: a course's length when its provider gives one,
  otherwise the default of its kind (SKILL_STEP_HOURS, COURSE_HOURS, PROJECT_HOURS), each
  an assumption of ours, said as such on the page, never a figure of the ladder's sources.
- The items are laid end to end at the learner's weekly hours from the current week: an
  item's planned week is the week (its Monday) in which its last hour falls.
- With a target date, the items planned for a week that starts after it are behind
  (`Plan.behind`): the plan is on track when none is. Without a target date nothing is
  behind; the week the plan ends is offered as one.
- The plan is computed afresh from the current ratings, courses and projects at every
  reading, so it adapts when they change; the states the learner set are kept in their rows.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.urls import reverse

from ladder.snapshot import Ladder, ladder_snapshot

from . import assessment as rules
from .assessment import HOURS_PER_STEP
from .evidence import EvidenceSet, evidence_of
from .extras import CheckInInfo, extras
from .levels import LadderEmpty
from .models import CourseProgress, Experience, Profile, Project, SkillRating
from .portfolio import portfolio_for
from .standing import Standing, profile_of, standing_for, standing_from

SKILL_STEP_HOURS = HOURS_PER_STEP
"""Hours counted for climbing one proficiency step of a skill: the assumption of focused
practice the dashboard's estimate already makes. The ladder's documents give no figure."""

COURSE_HOURS = 10
"""Hours counted for a course whose provider gives no length: about the median of the
lengths the ladder's providers do give (4 to 40 hours). A course with a length counts it."""

PROJECT_HOURS = 30
"""Hours counted for a portfolio project: a small end-to-end project (data, model, a short
write-up) in about six weeks at five hours a week. The ladder's documents give no figure."""

SKILL_STEP_WHY = (
    f"We count {SKILL_STEP_HOURS} hours for each proficiency step of a skill, because that is "
    "about what focused practice takes to move up a step; it is our assumption, the ladder "
    "gives no figure."
)
COURSE_WHY = (
    f"We count a course's own length when its provider gives one, and {COURSE_HOURS} hours "
    "when it does not, because that is about the middle of the lengths providers give."
)
PROJECT_WHY = (
    f"We count {PROJECT_HOURS} hours for a portfolio project, because a small project from "
    "data to write-up takes about that; it is our assumption, the ladder gives no figure."
)
WHY = (SKILL_STEP_WHY, COURSE_WHY, PROJECT_WHY)


class ItemKind:
    SKILL = "skill"
    COURSE = "course"
    PROJECT = "project"


class ItemState:
    """The values of models.CourseState; a project in progress is started."""

    PLANNED = "planned"
    STARTED = "started"
    DONE = "done"


@dataclass(frozen=True)
class PlanEntry:
    """Something to do, before it is dated: what build_plan takes."""

    key: str  # stable across readings: "skill:12", "course:5", "template:3", "project:9"
    kind: str  # an ItemKind
    title: str
    url: str = ""
    hours: int | None = None  # the source's length (a course's); None: the kind's default
    steps: int = 1  # for a skill: the proficiency steps to climb
    state: str = ItemState.PLANNED
    done_on: date | None = None  # for a done item, when it was done (if known)
    detail: str = ""  # e.g. "from Learning to Practicing"
    course_id: int = 0  # for a course: its id (the buttons that set its state)


@dataclass(frozen=True)
class PlanItem:
    key: str
    kind: str
    title: str
    planned_week: date  # the Monday of the week it is planned to be done in (done: done in)
    state: str
    url: str = ""
    hours: int = 0
    estimated: bool = True  # the hours are our default for the kind, not the source's
    starts_week: date | None = None  # the Monday of the week its first hour falls in
    detail: str = ""
    course_id: int = 0
    done_on: date | None = None

    @property
    def is_done(self) -> bool:
        return self.state == ItemState.DONE


def monday_of(day: date) -> date:
    """Return the Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def hours_of(entry: PlanEntry) -> tuple[int, bool]:
    """Return the hours counted for an entry, and whether they are our default (estimated)
    rather than the source's own figure."""
    if entry.kind == ItemKind.SKILL:
        return max(entry.steps, 1) * SKILL_STEP_HOURS, True
    if entry.kind == ItemKind.COURSE:
        return (entry.hours, False) if entry.hours else (COURSE_HOURS, True)
    return PROJECT_HOURS, True


@dataclass(frozen=True)
class Plan:
    items: tuple[PlanItem, ...]  # still to do, in order, each dated when weekly_hours > 0
    weekly_hours: int
    start: date  # the Monday the plan is laid out from
    today: date
    target_date: date | None = None
    done: tuple[PlanItem, ...] = field(default=())  # done items, latest first

    @property
    def dated(self) -> bool:
        """Whether the items have weeks: not without weekly hours to lay them out at."""
        return self.weekly_hours > 0

    @property
    def hours(self) -> int:
        return sum(item.hours for item in self.items)

    @property
    def ends_on(self) -> date | None:
        """Return the Sunday of the last item's week (None: nothing to do, or no hours)."""
        if not self.items or not self.dated:
            return None
        return self.items[-1].planned_week + timedelta(days=6)

    @property
    def target_passed(self) -> bool:
        return self.target_date is not None and self.target_date < self.today

    @property
    def behind(self) -> int:
        """Return how many items are planned for a week that starts after the target date."""
        if self.target_date is None or not self.dated:
            return 0
        target = self.target_date
        return sum(1 for item in self.items if item.planned_week > target)

    @property
    def on_track(self) -> bool:
        return self.target_date is not None and self.dated and self.behind == 0

    @property
    def weeks_to_target(self) -> int:
        """Return the weeks from this week to the target's week, both counted (0: past)."""
        if self.target_date is None:
            return 0
        return max((monday_of(self.target_date) - self.start).days // 7 + 1, 0)

    @property
    def hours_for_target(self) -> int | None:
        """Return the weekly hours that would fit every item before the target date (None:
        no target, nothing to do, or the target has passed)."""
        weeks = self.weeks_to_target
        if not weeks or not self.items:
            return None
        return math.ceil(self.hours / weeks)

    def due_in_week(self, week_start: date) -> list[PlanItem]:
        """Return the items planned for the week `week_start` is in."""
        monday = monday_of(week_start)
        return [item for item in self.items if self.dated and item.planned_week == monday]

    @property
    def weeks(self) -> list[tuple[date, list[PlanItem]]]:
        """Return (Monday, items planned for that week) for each week that has items."""
        by_week: dict[date, list[PlanItem]] = {}
        for item in self.items:
            by_week.setdefault(item.planned_week, []).append(item)
        return sorted(by_week.items()) if self.dated else []


def _first_started(entries: Iterable[PlanEntry]) -> list[PlanEntry]:
    ordered = list(entries)
    return [e for e in ordered if e.state == ItemState.STARTED] + [
        e for e in ordered if e.state != ItemState.STARTED
    ]


def build_plan(
    items: Sequence[PlanEntry],
    *,
    weekly_hours: int,
    start: date,
    target_date: date | None,
    today: date,
) -> Plan:
    """Return the plan: the entries not done, started ones first, laid end to end at
    `weekly_hours` from the week of `start`; each planned for the week its last hour falls
    in. Done entries are listed apart, dated by the day they were done."""
    monday = monday_of(start)
    dated: list[PlanItem] = []
    done: list[PlanItem] = []
    elapsed = 0
    for entry in _first_started(items):
        hours, estimated = hours_of(entry)
        item = PlanItem(
            key=entry.key,
            kind=entry.kind,
            title=entry.title,
            planned_week=monday,
            state=entry.state,
            url=entry.url,
            hours=hours,
            estimated=estimated,
            detail=entry.detail,
            course_id=entry.course_id,
            done_on=entry.done_on,
        )
        if entry.state == ItemState.DONE:
            done.append(replace(item, planned_week=monday_of(entry.done_on or today)))
            continue
        if weekly_hours > 0:
            first = elapsed // weekly_hours
            last = math.ceil((elapsed + hours) / weekly_hours) - 1
            item = replace(
                item,
                starts_week=monday + timedelta(weeks=first),
                planned_week=monday + timedelta(weeks=last),
            )
        elapsed += hours
        dated.append(item)
    done.sort(key=lambda item: item.done_on or date.min, reverse=True)
    return Plan(
        items=tuple(dated),
        weekly_hours=weekly_hours,
        start=monday,
        today=today,
        target_date=target_date,
        done=tuple(done),
    )


@dataclass(frozen=True)
class SkillStep:
    """An unmet skill of the advice, as plan_entries takes it."""

    skill_id: int
    name: str
    detail: str  # "from Learning to Practicing"
    steps: int
    url: str
    courses: tuple[tuple[int, str, str, int | None], ...]  # best first: (id, title, url, hours)


def plan_entries(
    advice_skills: Sequence[SkillStep],
    *,
    course_states: Mapping[int, str],
    own_projects: Sequence[tuple[int, str, str, str]],
    templates: Sequence[tuple[int, str]],
    template_url: str = "",
) -> list[PlanEntry]:
    """Return the entries of a plan from the advice, in the advice's order.

    `advice_skills`: the unmet skills in the advice's order; `course_states`: {course id:
    state} the learner set;
    `own_projects`: the learner's projects not done as (id, title, url, status);
    `templates`: the ladder's projects not done yet, (id, title). For each skill, the
    courses the learner marked planned or started come, else its best course; a course
    that teaches two skills comes once."""
    entries: list[PlanEntry] = []
    seen: set[int] = set()
    for skill in advice_skills:
        chosen = [
            course
            for course in skill.courses
            if course_states.get(course[0]) in (ItemState.PLANNED, ItemState.STARTED)
        ]
        for course_id, title, url, hours in chosen or list(skill.courses[:1]):
            if course_id in seen:
                continue
            seen.add(course_id)
            entries.append(
                PlanEntry(
                    key=f"course:{course_id}",
                    kind=ItemKind.COURSE,
                    title=title,
                    url=url,
                    hours=hours,
                    state=course_states.get(course_id, ItemState.PLANNED),
                    detail=f"a course for {skill.name}",
                    course_id=course_id,
                )
            )
        entries.append(
            PlanEntry(
                key=f"skill:{skill.skill_id}",
                kind=ItemKind.SKILL,
                title=skill.name,
                url=skill.url,
                steps=skill.steps,
                detail=skill.detail,
            )
        )
    for project_id, title, url, status in own_projects:
        entries.append(
            PlanEntry(
                key=f"project:{project_id}",
                kind=ItemKind.PROJECT,
                title=title,
                url=url,
                state=ItemState.STARTED if status == "in_progress" else ItemState.PLANNED,
                detail="your project",
            )
        )
    for template_id, title in templates:
        entries.append(
            PlanEntry(
                key=f"template:{template_id}",
                kind=ItemKind.PROJECT,
                title=title,
                url=template_url,
                detail="a portfolio project of the ladder",
            )
        )
    return entries


# Reading: a person's plan from their data (the pure rules above do the work).


def skill_steps(advice: rules.Advice) -> list[SkillStep]:
    """Return the advice's unmet skills as plan_entries takes them."""
    skills_url = reverse("profiles:skills")
    return [
        SkillStep(
            skill_id=item.check.skill_id or 0,
            name=item.check.label,
            detail=f"from {item.have_label} to {item.check.need_label}",
            steps=max(int(math.ceil(item.check.gap)), 1),
            url=f"{skills_url}#skill-{item.check.skill_slug}",
            courses=tuple((c.id, c.title, c.url, c.hours) for c in item.courses),
        )
        for item in advice.skills
    ]


def plan_from(
    *,
    advice: rules.Advice,
    course_states: Mapping[int, str],
    projects: Sequence,
    profile,
    today: date,
    done_courses: Sequence = (),
) -> Plan:
    """Return the plan of a person from what their pages read anyway: the advice for their
    target (done courses left out), the states of their courses, their projects and their
    profile (weekly hours, target date). `done_courses`: their CourseProgress rows marked
    done, with their course, to list (the dashboard passes none)."""
    covered = {p.template_id for p in projects if p.template_id and p.status != "done"}
    entries = plan_entries(
        skill_steps(advice),
        course_states=course_states,
        own_projects=[
            (p.pk, p.title, reverse("profiles:project_edit", args=[p.pk]), p.status)
            for p in projects
            if p.status != "done"
        ],
        templates=[(t.id, t.title) for t in advice.projects if t.id not in covered],
        template_url=reverse("profiles:project_create"),
    )
    entries += [
        PlanEntry(
            key=f"project:{p.pk}",
            kind=ItemKind.PROJECT,
            title=p.title,
            url=reverse("profiles:project_edit", args=[p.pk]),
            state=ItemState.DONE,
            done_on=p.done_on,
            detail="your project",
        )
        for p in projects
        if p.status == "done"
    ]
    entries += [
        PlanEntry(
            key=f"course:{row.course_id}",
            kind=ItemKind.COURSE,
            title=row.course.title,
            url=row.course.url,
            hours=row.course.hours,
            state=ItemState.DONE,
            done_on=row.done_on,
            course_id=row.course_id,
        )
        for row in done_courses
    ]
    return build_plan(
        entries,
        weekly_hours=profile.weekly_hours,
        start=today,
        target_date=profile.target_date,
        today=today,
    )


@dataclass(frozen=True)
class EvidenceOffer:
    """A skill a done course teaches, which the course can be offered as evidence of."""

    skill_slug: str
    skill_name: str
    offered: bool  # the course's link is already evidence of the skill


@dataclass(frozen=True)
class PlanPage:
    """What /plan/ shows: the plan, the target it leads to and the check-ins ahead."""

    plan: Plan
    profile: Profile
    target_title: str
    years_to_go: float
    check_ins: list[CheckInInfo]
    is_top: bool  # nothing above the person to plan for
    # {course id: the skills it teaches} for each course marked done
    evidence_offers: dict[int, list[EvidenceOffer]] = field(default_factory=dict)


def evidence_offers(ladder, done_courses: Sequence, evidence: EvidenceSet) -> dict:
    """Return, for each done course, the active skills it teaches, each saying whether the
    course's link is already evidence of it."""
    offers = {}
    for row in done_courses:
        offers[row.course_id] = [
            EvidenceOffer(
                skill_slug=skill.slug,
                skill_name=skill.name,
                offered=any(e.url == row.course.url for e in evidence.for_skill(skill.id)),
            )
            for skill in ladder.skills
            if row.course_id in {course.id for course in skill.courses}
        ]
    return offers


def _plan_and_advice(
    ladder, standing: Standing, projects: list, progress: list, *, today: date
) -> tuple[Plan, rules.Advice]:
    """Return a person's plan and the advice it comes from, as the dashboard gives the
    advice (dashboard.advice_for), from where they stand, their projects and their
    CourseProgress rows (with their course)."""
    from .dashboard import advice_for  # the dashboard's read model uses this module

    states = {row.course_id: row.state for row in progress}
    advice = advice_for(ladder, standing, portfolio_for(standing, projects), course_states=states)
    plan = plan_from(
        advice=advice,
        course_states=states,
        projects=projects,
        profile=standing.profile,
        today=today,
        done_courses=[row for row in progress if row.state == ItemState.DONE],
    )
    return plan, advice


def plan_page_for(user, *, today: date, check_ins: bool = True, offers: bool = True) -> PlanPage:
    """Return the plan page's data in a fixed number of queries: ratings, roles, projects,
    course progress (the evidence, when a course is done and `offers`; the check-ins, from
    the extras, when `check_ins`). Raise levels.LadderEmpty while the ladder has no
    levels."""
    ladder = ladder_snapshot()
    profile = profile_of(user)
    standing = standing_for(user, ladder=ladder, profile=profile, today=today)
    projects = list(Project.objects.filter(user=user))
    progress = list(CourseProgress.objects.filter(user=user).select_related("course"))
    plan, advice = _plan_and_advice(ladder, standing, projects, progress, today=today)
    done = [row for row in progress if row.state == ItemState.DONE]
    return PlanPage(
        plan=plan,
        profile=profile,
        target_title=standing.target.level.title,
        years_to_go=advice.years_to_go,
        check_ins=extras().check_ins(user.pk) if check_ins else [],
        is_top=standing.goal.is_top,
        evidence_offers=evidence_offers(ladder, done, evidence_of(user.pk))
        if done and offers
        else {},
    )


def plan_of(user, *, today: date) -> Plan:
    """Return the person's plan as of `today` (I6: the digest's "due this week")."""
    return plan_page_for(user, today=today, check_ins=False, offers=False).plan


def plans_of(user_ids: Iterable[int], *, ladder: Ladder, today: date) -> dict[int, Plan]:
    """Return {user id: their plan as of `today`} for many people, the plans plan_of gives,
    in five queries however many people (profiles, ratings, roles, projects, course progress
    with its course): the weekly digest's "due this week". A person with no profile row has
    the defaults of one. Raise levels.LadderEmpty while the ladder has no levels."""
    if not ladder.levels:
        raise LadderEmpty
    ids = list(user_ids)
    profiles = {p.user_id: p for p in Profile.objects.filter(user__in=ids)}
    ratings: dict[int, list] = defaultdict(list)
    for rating in SkillRating.objects.filter(user__in=ids):
        ratings[rating.user_id].append(rating)
    roles: dict[int, list] = defaultdict(list)
    for role in Experience.objects.filter(user__in=ids):
        roles[role.user_id].append(role)
    projects: dict[int, list] = defaultdict(list)
    for project in Project.objects.filter(user__in=ids):
        projects[project.user_id].append(project)
    progress: dict[int, list] = defaultdict(list)
    for row in CourseProgress.objects.filter(user__in=ids).select_related("course"):
        progress[row.user_id].append(row)
    plans = {}
    for user_id in ids:
        standing = standing_from(
            ladder,
            profile=profiles.get(user_id) or Profile(user_id=user_id),
            every_rating=ratings[user_id],
            experiences=roles[user_id],
            today=today,
        )
        plans[user_id], _ = _plan_and_advice(
            ladder, standing, projects[user_id], progress[user_id], today=today
        )
    return plans
