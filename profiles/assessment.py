"""Level assessment and next-step advice: plain data in, plain data out.

Nothing here touches a request, a queryset or a template, so the rules can be read and
tested on their own.

The rules:
- A person holds the highest level whose entry requirements, and those of every level
  below it, are all met. The first level has none, so everyone starts there.
- Only machine learning work counts towards the years of experience.
- Readiness for the next level gives credit for partial progress: each skill requirement
  counts its proficiency steps (Learning = 1 … Expert = 4) up to the minimum asked, and
  the years of experience count as much as one skill at Proficient. The page calls it
  "requirement points earned", next to how many requirements are met.
- Advice puts the unmet skill requirements of the next level in this order (`priority`):
  foundations first, i.e. skills that are key skills of the person's current level or a
  level below it, before skills new at the next level; then the smallest gap; then the
  ladder's own order. So a new learner starts with Python, Linear Algebra/Statistics and
  Scikit-learn, as the first level's focus says, not with the deep learning frameworks.
- The single next step (`next_step`) is the first skill of that order with its best
  course; with every skill requirement met, the missing years (recorded on the experience
  page); then one portfolio project of the current or next level not done yet. Its reason
  (`skill_reason`) is built from the facts that put the skill first, so it cannot claim
  what is not so.
- A skill's courses come best first (`course_order`): those whose difficulty fits the step
  (introductory from Not started or Learning, intermediate from Practicing, advanced from
  Proficient), free before paid, then the fewest hours (an unknown length last).
- A course the person marked done is not recommended again: the skill's next best course
  is, or none.
- A skill the person has not rated (NOT_RATED) counts as Not started; "Not started" itself
  is an answer, a stored rating of 0.
- A track is a chain of levels: the main ladder, or the main ladder's levels up to the
  level a branch track leaves it at, followed by the branch track's own levels. `assess`
  works on any chain. A target is any level of a chain: the requirements still to meet
  for it are those of every level between the person's level on that chain and the
  target, each skill asked at the highest minimum among them, and readiness is counted
  over them. The target next above the person's level gives exactly the next level's
  readiness and checks.
- A level's page (`entry_checks`) checks the level's own requirements and, merged as for a
  target, those of every level below it on its chain; what is still missing is counted as
  for the level as a target, so the page agrees with compare tracks and the dashboard.
- A skill the person has not rated reads NOT_RATED everywhere; a rating of Not started is
  an answer and reads as such. Both count as 0.
- A learner is before their first ML role while they have less than one year of machine
  learning work (BEFORE_FIRST_ROLE_YEARS): the path in is for them.
"""

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

YEARS_WEIGHT = 3  # years count as much as one skill requirement at Proficient (3 steps)
HOURS_PER_STEP = 20  # assumed hours of focused practice to climb one proficiency step
BEFORE_FIRST_ROLE_YEARS = 1  # under a year of ML work: still on the path into the job

STEP_LABELS = ("Not started", "Learning", "Practicing", "Proficient", "Expert")
# The one wording for a skill the person has not answered on *My skills*. "Not started" is
# an answer (a stored rating of proficiency 0); a skill not rated yet counts as Not started
# in the assessment and the advice, and is shown as not rated.
NOT_RATED = "Not rated yet"


@dataclass(frozen=True)
class SkillRequirement:
    skill_id: int
    skill_name: str
    min_proficiency: int
    skill_level_order: int = 1  # order of the level that lists the skill as a key skill
    skill_order: int = 0  # the skill's place among its level's key skills
    skill_slug: str = ""


@dataclass(frozen=True)
class LevelRule:
    id: int
    order: int
    title: str
    years: int = 0
    requirements: tuple[SkillRequirement, ...] = ()


@dataclass(frozen=True)
class Check:
    """One entry requirement, ticked or not, with how far off the person is."""

    label: str
    have: float
    need: float
    skill_id: int | None = None  # None for the years-of-experience check
    skill_level_order: int = 1
    skill_order: int = 0
    skill_slug: str = ""
    rated: bool = True  # False for a skill the person has not rated

    @property
    def met(self) -> bool:
        return self.have >= self.need

    @property
    def gap(self) -> float:
        return max(self.need - self.have, 0)

    @property
    def is_years(self) -> bool:
        return self.skill_id is None

    @property
    def have_label(self) -> str:
        if self.is_years:
            return _years_label(self.have)
        return STEP_LABELS[int(self.have)] if self.rated else NOT_RATED

    @property
    def need_label(self) -> str:
        return _years_label(self.need) if self.is_years else STEP_LABELS[int(self.need)]


@dataclass(frozen=True)
class Assessment:
    current: LevelRule
    next: LevelRule | None
    current_checks: tuple[Check, ...]  # why the person is here
    next_checks: tuple[Check, ...]  # what the next level asks, met or not
    readiness: int  # percent of the requirement points of the next level earned; 100 at the top
    # why the person is here, level by level: each level above the first up to the current
    # one, with its checks (all met)
    held_checks: tuple[tuple[LevelRule, tuple[Check, ...]], ...] = ()

    @property
    def is_top(self) -> bool:
        return self.next is None

    @property
    def unmet(self) -> tuple[Check, ...]:
        return tuple(check for check in self.next_checks if not check.met)

    @property
    def met_count(self) -> int:
        """Return how many of the next level's requirements are met."""
        return len(self.next_checks) - len(self.unmet)


def _years_label(years: float) -> str:
    shown = f"{years:.1f}".removesuffix(".0")
    return f"{shown} year" + ("" if shown == "1" else "s")


def checks_for(
    level: LevelRule, *, years: float, proficiencies: Mapping[int, int]
) -> tuple[Check, ...]:
    """Return the checks of a level's entry requirements against a person's data."""
    checks = []
    if level.years:
        checks.append(Check(label="Machine learning experience", have=years, need=level.years))
    checks.extend(
        Check(
            label=requirement.skill_name,
            have=proficiencies.get(requirement.skill_id, 0),
            need=requirement.min_proficiency,
            skill_id=requirement.skill_id,
            skill_level_order=requirement.skill_level_order,
            skill_order=requirement.skill_order,
            skill_slug=requirement.skill_slug,
            rated=requirement.skill_id in proficiencies,
        )
        for requirement in level.requirements
    )
    return tuple(checks)


def readiness(checks: Iterable[Check]) -> int:
    """Return the percentage of the requirement points earned, 100 only when all are met."""
    checks = list(checks)
    if all(check.met for check in checks):
        return 100
    earned = total = 0.0
    for check in checks:
        weight = YEARS_WEIGHT if check.is_years else check.need
        total += weight
        earned += weight * min(check.have / check.need, 1) if check.need else weight
    return min(math.floor(100 * earned / total), 99)


def assess(
    levels: Sequence[LevelRule], *, years: float, proficiencies: Mapping[int, int]
) -> Assessment:
    """Return the person's level, why they hold it, and how far the next level is."""
    if not levels:
        raise ValueError("The ladder has no levels.")
    ordered = sorted(levels, key=lambda level: level.order)
    current_index = 0
    for index, level in enumerate(ordered[1:], start=1):
        if not all(c.met for c in checks_for(level, years=years, proficiencies=proficiencies)):
            break
        current_index = index
    current = ordered[current_index]
    following = ordered[current_index + 1] if current_index + 1 < len(ordered) else None
    next_checks = (
        checks_for(following, years=years, proficiencies=proficiencies) if following else ()
    )
    return Assessment(
        current=current,
        next=following,
        current_checks=checks_for(current, years=years, proficiencies=proficiencies),
        next_checks=next_checks,
        readiness=readiness(next_checks) if following else 100,
        held_checks=tuple(
            (level, checks_for(level, years=years, proficiencies=proficiencies))
            for level in ordered[1 : current_index + 1]
        ),
    )


@dataclass(frozen=True)
class TargetAssessment:
    """A person against a target level of a chain: where they stand on the chain, and
    the requirements between there and the target."""

    target: LevelRule
    position: Assessment
    checks: tuple[Check, ...]  # every requirement still between the person and the target
    readiness: int

    @property
    def reached(self) -> bool:
        return self.position.current.order >= self.target.order

    @property
    def unmet(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.met)

    def as_assessment(self) -> Assessment:
        """Return the assessment with the target in place of the next level (for advise)."""
        return Assessment(
            current=self.position.current,
            next=None if self.reached else self.target,
            current_checks=self.position.current_checks,
            next_checks=self.checks,
            readiness=self.readiness,
        )


def merged_checks(checks: Iterable[Check]) -> tuple[Check, ...]:
    """Return checks with one per skill (and one for years), each at the highest need."""
    kept: dict[object, Check] = {}
    for check in checks:
        key = check.skill_id
        if key not in kept or check.need > kept[key].need:
            kept[key] = check
    return tuple(kept.values())


def assess_target(
    chain: Sequence[LevelRule], target_id: int, *, years: float, proficiencies: Mapping[int, int]
) -> TargetAssessment:
    """Return the person's readiness for the level `target_id` of `chain`."""
    position = assess(chain, years=years, proficiencies=proficiencies)
    ordered = sorted(chain, key=lambda level: level.order)
    target = next(level for level in ordered if level.id == target_id)
    between = [lv for lv in ordered if position.current.order < lv.order <= target.order]
    checks = merged_checks(
        check
        for level in between
        for check in checks_for(level, years=years, proficiencies=proficiencies)
    )
    return TargetAssessment(
        target=target,
        position=position,
        checks=checks,
        readiness=readiness(checks) if between else 100,
    )


@dataclass(frozen=True)
class EntryChecks:
    """A level's page for one person: the level's own entry requirements, and those of
    the levels below it on its chain (entering a level means meeting them too)."""

    level: LevelRule
    own: tuple[Check, ...]
    below_level: LevelRule | None  # the level just below; None for the chain's first
    below: tuple[Check, ...]  # every level below's checks, one per skill at the highest need
    target: TargetAssessment  # the level as a target: what compare tracks shows

    @property
    def held(self) -> bool:
        return self.target.reached

    @property
    def below_met(self) -> bool:
        return all(check.met for check in self.below)

    @property
    def below_unmet(self) -> tuple[Check, ...]:
        return tuple(check for check in self.below if not check.met)

    @property
    def unmet(self) -> tuple[Check, ...]:
        """Return every requirement still missing for the level, counted as compare tracks
        counts them (one per skill, at the highest minimum asked)."""
        return self.target.unmet


def entry_checks(
    chain: Sequence[LevelRule], level_id: int, *, years: float, proficiencies: Mapping[int, int]
) -> EntryChecks:
    """Return the level `level_id` of `chain` checked for a person: its own requirements,
    the merged requirements of every level below it, and the level as a target."""
    ordered = sorted(chain, key=lambda level: level.order)
    index = next(i for i, level in enumerate(ordered) if level.id == level_id)
    level = ordered[index]
    below = merged_checks(
        check
        for lower in ordered[:index]
        for check in checks_for(lower, years=years, proficiencies=proficiencies)
        # a branch level's years are those of the level it branches from: asked once, as its own
        if not (check.is_years and level.years)
    )
    return EntryChecks(
        level=level,
        own=checks_for(level, years=years, proficiencies=proficiencies),
        below_level=ordered[index - 1] if index else None,
        below=below,
        target=assess_target(chain, level_id, years=years, proficiencies=proficiencies),
    )


def assess_every_target(
    chains: Sequence[tuple[Sequence[LevelRule], Sequence[int]]],
    *,
    years: float,
    proficiencies: Mapping[int, int],
) -> list[list[TargetAssessment]]:
    """Return, for each (chain, target ids) pair, the person against each of the targets."""
    return [
        [
            assess_target(chain, target_id, years=years, proficiencies=proficiencies)
            for target_id in target_ids
        ]
        for chain, target_ids in chains
    ]


def is_before_first_ml_role(years: float) -> bool:
    """Return whether a person with `years` of ML work is still on the path into the job."""
    return years < BEFORE_FIRST_ROLE_YEARS


@dataclass(frozen=True)
class PathPosition:
    done: tuple[int, ...]  # ids of the steps done, in path order
    next_step_id: int | None  # the first step not done; None when every step is done
    total: int


def path_position(step_ids: Sequence[int], done_ids: Iterable[int]) -> PathPosition:
    """Return where a learner is on the path: the steps done and the first one not done."""
    done = set(done_ids)
    return PathPosition(
        done=tuple(step for step in step_ids if step in done),
        next_step_id=next((step for step in step_ids if step not in done), None),
        total=len(step_ids),
    )


# Course difficulties, easiest first (the values of ladder.models.Difficulty).
INTRODUCTORY, INTERMEDIATE, ADVANCED = DIFFICULTIES = ("introductory", "intermediate", "advanced")


@dataclass(frozen=True)
class CourseInfo:
    title: str
    provider: str
    url: str
    format_label: str = ""
    is_free: bool = True
    hours: int | None = None  # None when the provider gives no length
    difficulty: str = INTERMEDIATE
    id: int = 0  # the course's id (0: not known)

    @property
    def facts(self) -> str:
        """Return what it is picked on, as the dashboard says it: "free · introductory ·
        about 5 hours" ("paid · advanced" when the provider gives no length)."""
        parts = ["free" if self.is_free else "paid", self.difficulty]
        if self.hours:
            parts.append(f"about {self.hours} hour" + ("" if self.hours == 1 else "s"))
        return " · ".join(parts)


def difficulty_for_step(have: int) -> str:
    """Return the course difficulty that fits the next step up from proficiency `have`:
    introductory for a first step (from Not started or Learning), intermediate from
    Practicing, advanced from Proficient on."""
    if have <= 1:
        return INTRODUCTORY
    return INTERMEDIATE if have == 2 else ADVANCED


def _rank(difficulty: str) -> int:
    return DIFFICULTIES.index(difficulty) if difficulty in DIFFICULTIES else 1


def course_order(courses: Iterable[CourseInfo], *, have: int) -> tuple[CourseInfo, ...]:
    """Return a skill's courses best first for a learner at proficiency `have`: the ones
    whose difficulty fits the step (difficulty_for_step), then the nearest, the easier of
    two as near; among those, free before paid; then fewer hours, a course whose length is
    not given after those whose length is; then by title."""
    wanted = _rank(difficulty_for_step(have))
    return tuple(
        sorted(
            courses,
            key=lambda c: (
                abs(_rank(c.difficulty) - wanted),
                _rank(c.difficulty),
                not c.is_free,
                c.hours is None,
                c.hours or 0,
                c.title.lower(),
            ),
        )
    )


def course_fits(course: CourseInfo, *, have: int) -> bool:
    """Return whether the course's difficulty is the one for the step from `have`."""
    return course.difficulty == difficulty_for_step(have)


@dataclass(frozen=True)
class SkillAdvice:
    check: Check
    courses: tuple[CourseInfo, ...] = ()  # best first (course_order)
    rated: bool = True  # False: the person has not rated the skill, so it counts as Not started

    @property
    def have_label(self) -> str:
        return self.check.have_label if self.rated else NOT_RATED

    @property
    def course_fits(self) -> bool:
        """Whether its first course has the difficulty that fits the step."""
        return bool(self.courses) and course_fits(self.courses[0], have=int(self.check.have))

    @property
    def wanted_difficulty(self) -> str:
        return difficulty_for_step(int(self.check.have))


@dataclass(frozen=True)
class TemplateInfo:
    id: int
    title: str
    level_order: int


@dataclass(frozen=True)
class Advice:
    skills: tuple[SkillAdvice, ...]
    years_to_go: float
    projects: tuple[TemplateInfo, ...]
    steps_to_go: int
    hours_to_go: int
    weeks_to_go: int | None  # None when no weekly hours are set
    hours_per_step: int = HOURS_PER_STEP
    weekly_hours: int = 0


def priority(check: Check, current_order: int) -> tuple[bool, float, int, int, str]:
    """Sort key for unmet skills: foundations (key skills of the current level or below)
    before skills new at the next level, then the smallest gap, then the ladder's order."""
    return (
        check.skill_level_order > current_order,
        check.gap,
        check.skill_level_order,
        check.skill_order,
        check.label.lower(),
    )


def advise(
    assessment: Assessment,
    *,
    courses_by_skill: Mapping[int, Sequence[CourseInfo]],
    templates: Sequence[TemplateInfo],
    done_template_ids: Iterable[int],
    weekly_hours: int,
    unrated_ids: Collection[int] = (),
    done_course_ids: Collection[int] = (),
) -> Advice:
    """Return what to do next: unmet skills with their courses best first (course_order),
    projects not done, and a rough estimate of the weeks needed to meet the skill
    requirements at `weekly_hours`. `unrated_ids` are the skills the person has not rated.
    Courses the person marked done (`done_course_ids`) are not recommended again."""
    current_order = assessment.current.order
    unmet = [check for check in assessment.unmet if not check.is_years]
    unmet.sort(key=lambda check: priority(check, current_order))
    years_gap = sum(check.gap for check in assessment.unmet if check.is_years)
    steps = int(sum(check.gap for check in unmet))
    hours = steps * HOURS_PER_STEP
    done = set(done_template_ids)
    relevant_orders = {current_order} | ({assessment.next.order} if assessment.next else set())
    projects = tuple(
        template
        for template in sorted(templates, key=lambda t: (t.level_order, t.title))
        if template.level_order in relevant_orders and template.id not in done
    )
    return Advice(
        skills=tuple(
            SkillAdvice(
                check=check,
                courses=course_order(
                    (
                        course
                        for course in courses_by_skill.get(check.skill_id, ())
                        if not (course.id and course.id in done_course_ids)
                    ),
                    have=int(check.have),
                ),
                rated=check.skill_id not in unrated_ids,
            )
            for check in unmet
            if check.skill_id is not None  # always: unmet holds skill checks only
        ),
        years_to_go=round(years_gap, 1),
        projects=projects,
        steps_to_go=steps,
        hours_to_go=hours,
        weeks_to_go=math.ceil(hours / weekly_hours) if weekly_hours else None,
        weekly_hours=weekly_hours,
    )


class StepKind:
    SKILL = "skill"
    YEARS = "years"
    PROJECT = "project"
    NONE = "none"


@dataclass(frozen=True)
class NextStep:
    """The single most useful thing to do next, and why it comes first."""

    kind: str  # a StepKind
    reason: str
    skill: SkillAdvice | None = None
    course: CourseInfo | None = None
    years_to_go: float = 0
    project: TemplateInfo | None = None


YEARS_LEFT = (
    "You meet every skill requirement of the next level; it also asks for more machine "
    "learning experience."
)
PROJECT_LEFT = "A portfolio project shows your skills to mentors and employers."
NOTHING_LEFT = "You meet everything the ladder asks. Keep your skills and portfolio current."
ONLY_SKILL_LEFT = "It is the only skill requirement left."
FOUNDATIONS_FIRST = "Key skills of the levels you hold come before skills new further up"
FOUNDATIONS_MET = "The key skills of the levels you hold are all met"


def _steps(gap: float) -> str:
    return f"{int(gap)} step" + ("" if gap == 1 else "s")


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def skill_reason(
    advice: Advice, assessment: Assessment, *, level_titles: Mapping[int, str] | None = None
) -> str:
    """Return why the first skill of `advice` is the next step, from the facts `priority`
    chose it on: whose key skill it is, what the target asks, and how it compares with
    the other unmet skills (foundations first, then the smallest gap, then the ladder's
    order). `level_titles` maps a level's order on the chain to its title."""
    level_titles = level_titles or {}
    first, rest = advice.skills[0], advice.skills[1:]
    check, current = first.check, assessment.current
    foundation = check.skill_level_order <= current.order
    if check.skill_level_order == current.order:
        whose = f"a key skill of your level, {current.title}"
    elif foundation:
        title = level_titles.get(check.skill_level_order, "a level below yours")
        whose = f"a key skill of {title}, below your level"
    else:
        title = level_titles.get(check.skill_level_order, "a level above yours")
        whose = f"new at {title}"
    target = assessment.next.title if assessment.next else "your target"
    sentences = [f"{check.label} is {whose}; {target} asks for {check.need_label}."]
    if not rest:
        sentences.append(ONLY_SKILL_LEFT)
        return " ".join(sentences)
    same_group = [
        other for other in rest if (other.check.skill_level_order <= current.order) == foundation
    ]
    why = ""
    if foundation and len(same_group) < len(rest):
        why = FOUNDATIONS_FIRST
    elif not foundation:
        why = FOUNDATIONS_MET
    tied = [other.check.label for other in same_group if other.check.gap == check.gap]
    if tied:
        closeness = (
            f"{_steps(check.gap)} away like {_names(tied)}, it comes first in the ladder's order"
        )
    elif same_group:
        closeness = f"it is the closest, {_steps(check.gap)} away"
    else:
        closeness = ""
    if why and closeness:
        sentences.append(f"{why}; among {'them' if foundation else 'the new ones'}, {closeness}.")
    elif why:
        sentences.append(f"{why}.")
    elif closeness:
        sentences.append(f"Among the skills left, {closeness}.")
    return " ".join(sentences)


def next_step(
    assessment: Assessment, advice: Advice, *, level_titles: Mapping[int, str] | None = None
) -> NextStep:
    """Return the single next step: the first unmet skill in `priority` order with its best
    course (course_order) and the reason built from the facts that chose it (skill_reason);
    else the missing years; else one project not done yet; else nothing."""
    if advice.skills:
        first = advice.skills[0]
        return NextStep(
            kind=StepKind.SKILL,
            reason=skill_reason(advice, assessment, level_titles=level_titles),
            skill=first,
            course=first.courses[0] if first.courses else None,
        )
    if advice.years_to_go:
        return NextStep(kind=StepKind.YEARS, reason=YEARS_LEFT, years_to_go=advice.years_to_go)
    if advice.projects:
        return NextStep(kind=StepKind.PROJECT, reason=PROJECT_LEFT, project=advice.projects[0])
    return NextStep(kind=StepKind.NONE, reason=NOTHING_LEFT)


def ml_experience_years(
    experiences: Iterable[tuple[date, date | None, bool]], *, today: date
) -> float:
    """Return years of experience from (start month, end month, is ML work) entries.

    Only machine learning work counts towards the ladder: other work is left out here, the
    one place the rule lives."""
    periods = [(start, end) for start, end, is_ml_work in experiences if is_ml_work]
    return experience_years(periods, today=today)


def experience_years(periods: Iterable[tuple[date, date | None]], *, today: date) -> float:
    """Return years of experience from (start month, end month or None) periods.

    Months are counted inclusively, an open period runs to `today`, and months covered by
    several overlapping periods count once. Periods that start in the future are ignored.
    """
    spans = []
    for start, end in periods:
        start = start.replace(day=1)
        end = (end or today).replace(day=1)
        end = min(end, today.replace(day=1))
        if start > end:
            continue
        spans.append((start.year * 12 + start.month - 1, end.year * 12 + end.month - 1))
    months = 0
    current: tuple[int, int] | None = None  # the (first, last) month of the span being merged
    for first, last in sorted(spans):
        if current is None or first > current[1] + 1:
            if current is not None:
                months += current[1] - current[0] + 1
            current = (first, last)
        else:
            current = (current[0], max(current[1], last))
    if current is not None:
        months += current[1] - current[0] + 1
    return round(months / 12, 1)
