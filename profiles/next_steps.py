"""Many people's next steps at once (the weekly digest, mentoring/digest.py): the dashboard's
one next step (profiles/dashboard.py: advice_for, then rules.next_step) for each person,
from their rows read in bulk: five queries however many people."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from ladder.snapshot import Ladder, ladder_snapshot

from . import assessment as rules
from .levels import LadderEmpty, on_ladder, target_for
from .models import (
    CourseProgress,
    CourseState,
    Experience,
    Profile,
    Project,
    ProjectStatus,
    SkillRating,
)


@dataclass(frozen=True)
class PersonRows:
    """What a person's next step is computed from."""

    target_id: int | None = None
    weekly_hours: int = 0
    proficiencies: dict[int, int] = field(default_factory=dict)  # {skill id: proficiency}
    periods: list = field(default_factory=list)  # (start month, end month, is ML work)
    done_template_ids: frozenset[int] = frozenset()
    done_course_ids: frozenset[int] = frozenset()  # courses marked done: not recommended


def _courses(ladder: Ladder, skill_id: int) -> list[rules.CourseInfo]:
    return [
        rules.CourseInfo(
            c.title,
            c.provider,
            c.url,
            c.format_label,
            is_free=c.is_free,
            hours=c.hours,
            difficulty=c.difficulty,
            id=c.id,
        )
        for c in ladder.courses_for(skill_id)
    ]


def next_step_of(ladder: Ladder, rows: PersonRows, *, today: date) -> rules.NextStep:
    """Return the person's next step towards their target, as their dashboard gives it."""
    proficiencies = on_ladder(ladder, rows.proficiencies.items())
    years = rules.ml_experience_years(rows.periods, today=today)
    target = target_for(ladder, target_id=rows.target_id, years=years, proficiencies=proficiencies)
    goal = target.assessment.as_assessment()
    orders = target.orders
    unmet_ids = [check.skill_id for check in goal.unmet if check.skill_id is not None]
    advice = rules.advise(
        goal,
        courses_by_skill={skill_id: _courses(ladder, skill_id) for skill_id in unmet_ids},
        unrated_ids={skill.id for skill in ladder.skills if skill.id not in proficiencies},
        templates=[
            rules.TemplateInfo(t.id, t.title, orders[t.level_id])
            for t in ladder.project_templates
            if t.level_id in orders
        ],
        done_template_ids=rows.done_template_ids,
        weekly_hours=rows.weekly_hours,
        done_course_ids=rows.done_course_ids,
    )
    return rules.next_step(
        goal,
        advice,
        level_titles={orders[level.id]: level.title for level in target.chain},
    )


def rows_for(user_ids: Iterable[int]) -> dict[int, PersonRows]:
    """Return {user id: PersonRows} in five queries (profiles, ratings, roles, done ladder
    projects, courses marked done); a person with no profile row has the defaults."""
    ids = list(user_ids)
    profiles = {
        user_id: (target_id, hours)
        for user_id, target_id, hours in Profile.objects.filter(user__in=ids).values_list(
            "user_id", "target_id", "weekly_hours"
        )
    }
    proficiencies: dict[int, dict[int, int]] = defaultdict(dict)
    for user_id, skill_id, value in SkillRating.objects.filter(user__in=ids).values_list(
        "user_id", "skill_id", "proficiency"
    ):
        proficiencies[user_id][skill_id] = value
    periods: dict[int, list] = defaultdict(list)
    for user_id, *period in Experience.objects.filter(user__in=ids).values_list(
        "user_id", "start_month", "end_month", "is_ml_work"
    ):
        periods[user_id].append(tuple(period))
    done: dict[int, set[int]] = defaultdict(set)
    for user_id, template_id in Project.objects.filter(
        user__in=ids, status=ProjectStatus.DONE, template__isnull=False
    ).values_list("user_id", "template_id"):
        done[user_id].add(template_id)
    done_courses: dict[int, set[int]] = defaultdict(set)
    for user_id, course_id in CourseProgress.objects.filter(
        user__in=ids, state=CourseState.DONE
    ).values_list("user_id", "course_id"):
        done_courses[user_id].add(course_id)
    return {
        user_id: PersonRows(
            target_id=profiles.get(user_id, (None, 0))[0],
            weekly_hours=profiles.get(user_id, (None, 0))[1],
            proficiencies=proficiencies[user_id],
            periods=periods[user_id],
            done_template_ids=frozenset(done[user_id]),
            done_course_ids=frozenset(done_courses[user_id]),
        )
        for user_id in ids
    }


def next_steps_for(
    user_ids: Iterable[int], *, ladder: Ladder | None = None, today: date | None = None
) -> dict[int, rules.NextStep]:
    """Return {user id: their next step} for many people, in six queries at most.
    Raise levels.LadderEmpty while the ladder has no levels."""
    ladder = ladder or ladder_snapshot()
    if not ladder.levels:
        raise LadderEmpty
    today = today or timezone.localdate()
    return {
        user_id: next_step_of(ladder, rows, today=today)
        for user_id, rows in rows_for(user_ids).items()
    }
