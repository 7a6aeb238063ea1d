"""Reads of a learner's data, shaped for the pure assessment functions and the pages."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.core.cache import cache
from django.db import models
from django.db.models import F
from django.utils import timezone

from careerpath import versions
from ladder.models import Proficiency, SkillCategory
from ladder.snapshot import VERSION_KEY as LADDER_VERSION_KEY
from ladder.snapshot import Ladder, LevelData, ladder_snapshot

from . import assessment as rules
from . import charts, display
from .models import (
    Experience,
    PathStepDone,
    Profile,
    ProjectStatus,
    SkillRating,
    SkillRatingChange,
)

logger = logging.getLogger(__name__)


def chain_orders(levels) -> dict[int, int]:
    """Return {level id: position} for a chain of levels: the main track's levels keep their
    order, and a branch track's levels follow the level the track branches from."""
    orders = {}
    main_track = levels[0].track_id if levels else None
    last_main = 0
    for level in levels:
        if level.track_id == main_track:
            orders[level.id] = last_main = level.order
        else:
            orders[level.id] = last_main + level.order
    return orders


def level_rules(levels) -> list[rules.LevelRule]:
    """Return the assessment's view of a chain of the snapshot's levels (see chain_orders)."""
    orders = chain_orders(levels)
    return [
        rules.LevelRule(
            id=level.id,
            order=orders[level.id],
            title=level.title,
            years=level.entry_years,
            requirements=tuple(
                rules.SkillRequirement(
                    skill_id=requirement.skill.id,
                    skill_name=requirement.skill.name,
                    min_proficiency=requirement.min_proficiency,
                    skill_level_order=orders.get(
                        requirement.skill.level_id, requirement.skill.level_order or 0
                    ),
                    skill_order=requirement.skill.order,
                    skill_slug=requirement.skill.slug,
                )
                for requirement in level.requirements
            ),
        )
        for level in levels
    ]


@dataclass(frozen=True)
class Target:
    """A person's target: the level, its track, the chain up to it and their readiness."""

    level: LevelData
    track: object  # snapshot.TrackData
    chain: tuple[LevelData, ...]
    assessment: rules.TargetAssessment
    chosen: bool  # chosen by the person, not the default (the next main level)

    @property
    def orders(self) -> dict[int, int]:
        return chain_orders(self.chain)


def target_for(ladder: Ladder, *, target_id, years: float, proficiencies: dict[int, int]) -> Target:
    """Return the person's target: the level they chose if it is still on an active track,
    else the next level of the main ladder (its top level once they hold it)."""
    level = ladder.all_levels_by_id.get(target_id) if target_id else None
    track = ladder.track_of(level) if level else None
    chain = ladder.chain(track) if track else ()
    chosen = bool(chain)
    if not chosen:
        track, chain = ladder.main_track, ladder.levels
        position = rules.assess(level_rules(chain), years=years, proficiencies=proficiencies)
        level = ladder.levels_by_id[(position.next or position.current).id]
    result = rules.assess_target(
        level_rules(chain), level.id, years=years, proficiencies=proficiencies
    )
    return Target(level=level, track=track, chain=chain, assessment=result, chosen=chosen)


def every_target(ladder: Ladder, *, years: float, proficiencies: dict[int, int]) -> list:
    """Return [(track, [(level, target assessment)])] for every level of every track."""
    chains = [(track, ladder.chain(track)) for track in ladder.tracks]
    chains = [(track, chain) for track, chain in chains if chain]
    results = rules.assess_every_target(
        [(level_rules(chain), [level.id for level in track.levels]) for track, chain in chains],
        years=years,
        proficiencies=proficiencies,
    )
    return [
        (track, list(zip(track.levels, row, strict=True)))
        for (track, _), row in zip(chains, results, strict=True)
    ]


@dataclass(frozen=True)
class Goals:
    """What a learner chose or did beyond ratings: specialisations and path steps done."""

    specialisation_ids: frozenset = frozenset()
    done_step_ids: frozenset = frozenset()


class JoinedIds(models.Aggregate):
    """Ids joined with commas ("3,7"), so a person's choices ride along in one query."""

    function = "GROUP_CONCAT"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
        )


def _ids(joined) -> frozenset:
    return frozenset(int(pk) for pk in (joined or "").split(",") if pk)


def with_goals(profiles):
    """Return the profiles queryset annotated with the chosen specialisations and done path
    steps, so they come in the profile's own query (see goals_of)."""
    chosen = (
        Profile.specialisations.through.objects.filter(profile=models.OuterRef("pk"))
        .order_by()
        .values("profile")
        .annotate(ids=JoinedIds("specialisation_id"))
        .values("ids")
    )
    done = (
        PathStepDone.objects.filter(user=models.OuterRef("user"))
        .order_by()
        .values("user")
        .annotate(ids=JoinedIds("step_id"))
        .values("ids")
    )
    return profiles.annotate(
        specialisation_ids=models.Subquery(chosen), done_step_ids=models.Subquery(done)
    )


def goals_of(profile) -> Goals:
    """Return a profile's chosen specialisations and done path steps: from its annotations
    when it was read through with_goals(), else in one query."""
    if hasattr(profile, "done_step_ids"):
        return Goals(
            specialisation_ids=_ids(profile.specialisation_ids),
            done_step_ids=_ids(profile.done_step_ids),
        )
    chosen = (
        Profile.specialisations.through.objects.filter(profile_id=profile.pk)
        .annotate(kind=models.Value("s"))
        .values_list("kind", "specialisation_id")
        .order_by()
    )
    done = (
        PathStepDone.objects.filter(user_id=profile.user_id)
        .annotate(kind=models.Value("p"))
        .values_list("kind", "step_id")
        .order_by()
    )
    rows = list(chosen.union(done, all=True))
    return Goals(
        specialisation_ids=frozenset(pk for kind, pk in rows if kind == "s"),
        done_step_ids=frozenset(pk for kind, pk in rows if kind == "p"),
    )


def experience_periods(experiences) -> list[tuple]:
    """Return (start month, end month, is ML work) of experience entries, for the rules."""
    return [(e.start_month, e.end_month, e.is_ml_work) for e in experiences]


def ml_years(user, *, today=None) -> float:
    """Return the person's years of machine learning work (see rules.ml_experience_years)."""
    periods = user.experiences.values_list("start_month", "end_month", "is_ml_work")
    return rules.ml_experience_years(periods, today=today or timezone.localdate())


def person_assessment(
    ladder: Ladder, *, proficiencies: dict[int, int], periods, today=None
) -> rules.Assessment:
    """Return a person's assessment from the ladder and their own data: the one place the
    dashboard, the mentee page, the mentor's list and the public profile get it from.

    `proficiencies` is {skill id: proficiency}; ratings of skills no longer on the ladder
    are ignored. `periods` is (start month, end month, is ML work) per experience entry."""
    if not ladder.levels:
        raise LadderEmpty
    active = ladder.skills_by_id
    years = rules.ml_experience_years(periods, today=today or timezone.localdate())
    return rules.assess(
        level_rules(ladder.levels),
        years=years,
        proficiencies={k: v for k, v in proficiencies.items() if k in active},
    )


def person_version_key(user_id) -> str:
    """Return the cache key of the version of a person's assessed data (ratings, roles)."""
    return f"person:{user_id}:version"


def person_part_key(name, user_id, *, salt: str | None = "", today=None) -> str | None:
    """Return the cache key of a part of a page rendered from one person's data and the
    ladder (careerpath/fragments.py), or None when it must be rendered afresh: `salt` (what
    else the part depends on, e.g. the visitor's CSRF digest) is None, the cache is
    unreachable, or this transaction changed the person or the ladder without committing.

    The key names both versions and the day (years of experience grow daily), so any write
    to what the part shows makes the stored copy unreachable."""
    if salt is None:  # e.g. careerpath.fragments.csrf_digest before the visitor has a secret
        return None
    today = today or timezone.localdate()
    person_key = person_version_key(user_id)
    at = versions.committed_all([person_key, LADDER_VERSION_KEY])
    if at is None:
        return None
    return (
        f"part:{name}:{user_id}:{at[person_key]}:{at[LADDER_VERSION_KEY]}:"
        f"{today.isoformat()}:{salt}"
    )


SUMMARY_TIMEOUT = 60 * 60 * 24  # a summary is for one day: open-ended roles grow daily


def _assessments_from_database(ladder: Ladder, user_ids, *, today) -> dict:
    proficiencies = defaultdict(dict)
    ratings = SkillRating.objects.filter(user__in=user_ids).values_list(
        "user_id", "skill_id", "proficiency"
    )
    for user_id, skill_id, value in ratings:
        proficiencies[user_id][skill_id] = value
    periods = defaultdict(list)
    experiences = Experience.objects.filter(user__in=user_ids).values_list(
        "user_id", "start_month", "end_month", "is_ml_work"
    )
    for user_id, *period in experiences:
        periods[user_id].append(tuple(period))
    return {
        user_id: person_assessment(
            ladder, proficiencies=proficiencies[user_id], periods=periods[user_id], today=today
        )
        for user_id in user_ids
    }


def assessments_for(ladder: Ladder, user_ids, *, today=None) -> dict[int, rules.Assessment]:
    """Return {user id: assessment} for many people, each computed at most once per version
    of their data, of the ladder and per day: the rest come from the cache in no query.

    A person's version is bumped when their ratings or roles change (profiles/signals.py)."""
    today = today or timezone.localdate()
    user_ids = list(dict.fromkeys(user_ids))
    if not ladder.levels:
        raise LadderEmpty
    try:
        keys = {user_id: person_version_key(user_id) for user_id in user_ids}
        at = versions.committed([*keys.values(), LADDER_VERSION_KEY])
        ladder_at = at.get(LADDER_VERSION_KEY)
        summary_keys = {
            user_id: f"assessment:{user_id}:{at[key]}:{ladder_at}:{today.isoformat()}"
            for user_id, key in keys.items()
            if key in at and ladder_at is not None
        }
        cached = cache.get_many(summary_keys.values())
    except Exception:
        logger.warning("The cache is unreachable: assessments are computed from the database.")
        return _assessments_from_database(ladder, user_ids, today=today)
    found = {user_id: cached[key] for user_id, key in summary_keys.items() if key in cached}
    missing = [user_id for user_id in user_ids if user_id not in found]
    computed = _assessments_from_database(ladder, missing, today=today) if missing else {}
    to_store = {summary_keys[u]: a for u, a in computed.items() if u in summary_keys}
    if to_store:
        try:
            cache.set_many(to_store, SUMMARY_TIMEOUT)
        except Exception:
            logger.warning("Could not keep assessments in the cache.")
    return {user_id: found.get(user_id) or computed[user_id] for user_id in user_ids}


@dataclass
class Dashboard:
    profile: Profile
    levels: tuple[LevelData, ...]
    current_level: LevelData
    next_level: LevelData | None
    assessment: rules.Assessment
    advice: rules.Advice
    next_step: rules.NextStep
    years: float
    ratings: list
    experiences: list
    checklist: list
    category_chart: charts.BarChart
    category_rows: list
    progress_chart: charts.LineChart | None
    recent_changes: list
    project_count: int
    notifications: list
    target: Target | None = None
    goal: rules.Assessment | None = None  # the target in place of the next level
    path: rules.PathPosition | None = None
    path_steps: tuple = ()
    next_path_step: object = None  # snapshot.PathStepData
    before_first_role: bool = False
    specialisations: list = dc_field(default_factory=list)


@dataclass(frozen=True)
class SpecialisationProgress:
    """A chosen specialisation: its deeper skills against Proficient, and what to do."""

    specialisation: object  # snapshot.SpecialisationData
    checks: tuple[rules.Check, ...]
    readiness: int
    projects_to_do: tuple = ()
    courses: tuple = ()


def specialisation_progress(specialisation, *, proficiencies, done_template_ids):
    """Return progress in a specialisation: each deeper skill counts up to Proficient."""
    checks = tuple(
        rules.Check(
            label=skill.name,
            have=proficiencies.get(skill.id, 0),
            need=Proficiency.PROFICIENT,
            skill_id=skill.id,
        )
        for skill in specialisation.skills
    )
    unmet = {check.skill_id for check in checks if not check.met}
    return SpecialisationProgress(
        specialisation=specialisation,
        checks=checks,
        readiness=rules.readiness(checks) if checks else 100,
        projects_to_do=tuple(
            t for t in specialisation.project_templates if t.id not in done_template_ids
        ),
        courses=tuple(
            c for c in specialisation.courses if any(skill in unmet for skill in c.skill_ids)
        ),
    )


def _courses_by_skill(ladder: Ladder, skill_ids):
    return {
        skill_id: [
            rules.CourseInfo(c.title, c.provider, c.url, c.format_label)
            for c in ladder.courses_for(skill_id)
        ]
        for skill_id in skill_ids
    }


def _category_rows(skills, proficiencies):
    totals = defaultdict(lambda: [0, 0])
    for skill in skills:
        totals[skill.category][0] += proficiencies.get(skill.pk, 0)
        totals[skill.category][1] += Proficiency.EXPERT
    return [(label, *totals[value]) for value, label in SkillCategory.choices if value in totals]


class LadderEmpty(Exception):
    """The ladder has no levels yet, so nobody can be assessed."""


@dataclass(frozen=True)
class SignOffInfo:
    """A mentor's sign-off of a project, as the pages show it."""

    mentorship_id: int
    created_at: object
    mentor_display_name: str | None
    mentor_email: str

    @property
    def name(self) -> str:
        """The mentor's name for the learner: see display.private_name."""
        return display.private_name(self.mentor_display_name, self.mentor_email)

    @property
    def public_name(self) -> str:
        """The mentor's name on a public profile: never the e-mail address."""
        return display.public_name(self.mentor_display_name, fallback="a mentor")


def projects_with_sign_offs(user) -> list:
    """Return the user's projects, latest first, each with `signed_off` (SignOffInfo list),
    in one query: the sign-offs are joined in, not prefetched."""
    rows = (
        user.projects.select_related("template")
        .annotate(
            sign_off_mentorship=F("sign_offs__mentorship_id"),
            sign_off_at=F("sign_offs__created_at"),
            sign_off_name=F("sign_offs__mentorship__mentor__profile__display_name"),
            sign_off_email=F("sign_offs__mentorship__mentor__email"),
        )
        .order_by("-updated_at", "-pk", "sign_off_at")
    )
    projects = {}
    for row in rows:
        project = projects.setdefault(row.pk, row)
        if not hasattr(project, "signed_off"):
            project.signed_off = []
        if row.sign_off_mentorship is not None:
            project.signed_off.append(
                SignOffInfo(
                    row.sign_off_mentorship, row.sign_off_at, row.sign_off_name, row.sign_off_email
                )
            )
    return list(projects.values())


def dashboard_for(
    user, *, today=None, profile=None, notifications=True, projects=None
) -> Dashboard:
    """Return everything the dashboard shows, in a fixed number of queries (six at most:
    profile, ratings, roles, projects with sign-offs, rating history, notifications).

    Pass the `profile` and `projects` if already read, `notifications=False` for pages
    that do not show the person's notifications (the mentee page, the public profile)."""
    today = today or timezone.localdate()
    ladder = ladder_snapshot()
    if not ladder.levels:
        raise LadderEmpty
    levels = ladder.levels
    if profile is None:
        profile, _ = with_goals(Profile.objects.select_related("user")).get_or_create(user=user)
    ratings = [
        rating
        for rating in SkillRating.objects.for_user(user)
        if rating.skill_id in ladder.skills_by_id
    ]
    proficiencies = {rating.skill_id: rating.proficiency for rating in ratings}
    goals = goals_of(profile)
    experiences = list(user.experiences.all())
    periods = experience_periods(experiences)
    result = person_assessment(ladder, proficiencies=proficiencies, periods=periods, today=today)
    years = rules.ml_experience_years(periods, today=today)
    by_id = ladder.levels_by_id
    current = by_id[result.current.id]
    following = by_id[result.next.id] if result.next else None

    if projects is None:
        projects = projects_with_sign_offs(user)
    done_templates = defaultdict(list)
    for project in projects:
        if project.status == ProjectStatus.DONE and project.template_id:
            done_templates[project.template_id].append(project)
    checklist = [
        (template, done_templates.get(template.pk, []))
        for level in (current, following)
        if level
        for template in level.project_templates
    ]
    target = target_for(
        ladder, target_id=profile.target_id, years=years, proficiencies=proficiencies
    )
    goal = target.assessment.as_assessment()
    orders = target.orders
    unmet_ids = [check.skill_id for check in goal.unmet if not check.is_years]
    advice = rules.advise(
        goal,
        courses_by_skill=_courses_by_skill(ladder, unmet_ids),
        templates=[
            rules.TemplateInfo(t.id, t.title, orders[t.level_id])
            for t in ladder.project_templates
            if t.level_id in orders
        ],
        done_template_ids=done_templates.keys(),
        weekly_hours=profile.weekly_hours,
    )
    path = rules.path_position([step.id for step in ladder.path_steps], goals.done_step_ids)
    specialisations = [
        specialisation_progress(
            spec, proficiencies=proficiencies, done_template_ids=done_templates.keys()
        )
        for spec in ladder.specialisations
        if spec.id in goals.specialisation_ids
    ]

    category_rows = _category_rows(ladder.skills, proficiencies)
    history = list(
        SkillRatingChange.objects.filter(user=user)
        .select_related("skill")
        .order_by("changed_at", "pk")
    )
    series = charts.cumulative_points(
        (timezone.localdate(change.changed_at), change.old_proficiency, change.new_proficiency)
        for change in history
    )
    return Dashboard(
        profile=profile,
        levels=levels,
        current_level=current,
        next_level=following,
        assessment=result,
        advice=advice,
        next_step=rules.next_step(goal, advice),
        years=years,
        ratings=ratings,
        experiences=experiences,
        checklist=checklist,
        category_chart=charts.bar_chart(category_rows),
        category_rows=category_rows,
        progress_chart=charts.line_chart(
            series,
            target=int(sum(c.need for c in result.next_checks if not c.is_years)) or None,
        ),
        recent_changes=history[::-1][:8],
        notifications=(
            list(user.notifications.filter(read_at__isnull=True)[:5]) if notifications else []
        ),
        project_count=len(projects),
        target=target,
        goal=goal,
        path=path,
        path_steps=ladder.path_steps,
        next_path_step=next((s for s in ladder.path_steps if s.id == path.next_step_id), None),
        before_first_role=rules.is_before_first_ml_role(years),
        specialisations=specialisations,
    )


@dataclass
class SkillGroup:
    """A part of *My skills*: a level of any track, or a specialisation, with the forms of
    its skills, how many are rated, and whether it starts open."""

    pk: str  # the anchor of its heading
    heading: str
    short: str  # its jump link
    forms: list
    rated: int = 0
    open: bool = False

    @property
    def complete(self) -> bool:
        return self.rated == len(self.forms)


def skill_groups(ladder: Ladder, forms, *, rated_ids) -> list[SkillGroup]:
    """Return the groups of *My skills*: each active level of the main ladder, then of the
    other tracks, with the forms of its key skills; then each specialisation with the forms
    of its deeper skills that no level lists. A group starts open when one of its rows has
    an error or a conflict to show, and so does the first group with a skill not rated yet
    (foundations first, as the advice goes); the others start closed, so the page is a list
    of groups rather than a wall of cards."""
    groups = []
    for track in ladder.tracks:
        for level in track.levels:
            main = track.is_main
            groups.append(
                SkillGroup(
                    pk=f"level-{level.id}",
                    heading=f"Level {level.order}: {level.title}"
                    if main
                    else f"{level.title} ({track.title} track)",
                    short=f"Level {level.order}" if main else level.title,
                    forms=[form for form in forms if form.skill.level_id == level.id],
                )
            )
    placed = set()
    for specialisation in ladder.specialisations:
        ids = {skill.id for skill in specialisation.skills if skill.level is None} - placed
        placed |= ids
        groups.append(
            SkillGroup(
                pk=f"spec-{specialisation.id}",
                heading=f"Specialisation: {specialisation.title}",
                short=specialisation.title,
                forms=[form for form in forms if form.skill.pk in ids],
            )
        )
    groups = [group for group in groups if group.forms]
    for group in groups:
        group.rated = sum(1 for form in group.forms if form.skill.pk in rated_ids)
        group.open = any(form.errors or form.saved_now for form in group.forms)
    first_unrated = next((group for group in groups if not group.complete), None)
    if first_unrated is not None:
        first_unrated.open = True
    return groups


@dataclass(frozen=True)
class Viewer:
    """What the public pages know about the signed-in person looking at them: their level
    and their rating of each skill. Empty for visitors who are not signed in."""

    signed_in: bool = False
    level_id: int | None = None
    level_order: int | None = None
    ratings: dict = None  # {skill id: proficiency}
    years: float = 0
    target_id: int | None = None  # the level they chose as their target, if any

    def rating_of(self, skill_id) -> int | None:
        return (self.ratings or {}).get(skill_id)

    def meets(self, skill_id, min_proficiency) -> bool:
        return (self.rating_of(skill_id) or 0) >= min_proficiency


def viewer_for(user, *, today=None) -> Viewer:
    """Return the signed-in person's level, target and ratings for the public pages, in three
    queries (ratings, roles, target), or none for a visitor or while the ladder is empty."""
    if not user.is_authenticated:
        return Viewer()
    ladder = ladder_snapshot()
    ratings = dict(
        SkillRating.objects.filter(user=user, skill_id__in=ladder.skills_by_id).values_list(
            "skill_id", "proficiency"
        )
    )
    if not ladder.levels:
        return Viewer(signed_in=True, ratings=ratings)
    today = today or timezone.localdate()
    periods = list(user.experiences.values_list("start_month", "end_month", "is_ml_work"))
    result = person_assessment(ladder, proficiencies=ratings, periods=periods, today=today)
    target_id = Profile.objects.filter(user=user).values_list("target_id", flat=True).first()
    return Viewer(
        signed_in=True,
        level_id=result.current.id,
        level_order=result.current.order,
        ratings=ratings,
        years=rules.ml_experience_years(periods, today=today),
        target_id=target_id if target_id in ladder.all_levels_by_id else None,
    )
