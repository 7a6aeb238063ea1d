"""The read model of a learner's dashboard: where they stand, their one next step and the
plan for their target, their portfolio, their progress and what their mentors told them."""

from dataclasses import dataclass

from django.utils import timezone

from ladder.snapshot import Ladder, PathStepData, ladder_snapshot

from . import assessment as rules
from .extras import Notice, extras
from .goals import goals_of
from .history import RatingHistory, rating_history_for
from .portfolio import Portfolio, portfolio_for, projects_and_proof
from .specialisations import chosen_progress
from .standing import Standing, profile_of, standing_for
from .verification import Verification, verify_held

UNREAD_SHOWN = 5  # notifications listed at the top of the dashboard


@dataclass(frozen=True)
class Dashboard:
    standing: Standing
    portfolio: Portfolio
    history: RatingHistory
    advice: rules.Advice  # for the target
    next_step: rules.NextStep
    path: rules.PathPosition
    path_steps: tuple[PathStepData, ...]
    # the step of the path the next step belongs to (the first not done that lists its
    # skill or project), so the path card points at the same thing; None when none does
    next_path_step: PathStepData | None
    before_first_role: bool
    specialisations: list
    notices: list[Notice]
    skill_count: int = 0  # skills on the active ladder
    unrated_count: int = 0  # of those, the ones the person has not rated
    # the level held: self-assessed, or verified by a mentor (profiles/verification.py)
    verification: Verification = Verification(verified=0, total=0)

    @property
    def rated_count(self) -> int:
        return self.skill_count - self.unrated_count


def unrated_ids(ladder: Ladder, standing: Standing) -> set[int]:
    """Return the ids of the ladder's skills the person has not rated (Not started is a
    rating)."""
    return {skill.id for skill in ladder.skills if skill.id not in standing.proficiencies}


def path_step_of(
    step: rules.NextStep, steps: tuple[PathStepData, ...], done_ids
) -> PathStepData | None:
    """Return the first step of the path not done that lists the next step's skill or
    project, or None."""
    done = set(done_ids)
    for path_step in steps:
        if path_step.id in done:
            continue
        if step.skill and step.skill.check.skill_id in {s.id for s in path_step.skills}:
            return path_step
        if step.project and step.project.id in {t.id for t in path_step.project_templates}:
            return path_step
    return None


def advice_for(
    ladder: Ladder, standing: Standing, portfolio: Portfolio, *, unrated: set[int] | None = None
) -> rules.Advice:
    """Return the advice for the person's target: its unmet skills with their courses, and
    the ladder's projects up to it not done yet."""
    orders = standing.target.orders
    unmet_ids = [check.skill_id for check in standing.goal.unmet if check.skill_id is not None]
    return rules.advise(
        standing.goal,
        courses_by_skill={
            skill_id: [
                rules.CourseInfo(
                    c.title,
                    c.provider,
                    c.url,
                    c.format_label,
                    is_free=c.is_free,
                    hours=c.hours,
                    difficulty=c.difficulty,
                )
                for c in ladder.courses_for(skill_id)
            ]
            for skill_id in unmet_ids
        },
        unrated_ids=unrated_ids(ladder, standing) if unrated is None else unrated,
        templates=[
            rules.TemplateInfo(t.id, t.title, orders[t.level_id])
            for t in ladder.project_templates
            if t.level_id in orders
        ],
        done_template_ids=portfolio.done_template_ids,
        weekly_hours=standing.profile.weekly_hours,
    )


def dashboard_for(user, *, today=None) -> Dashboard:
    """Return everything the dashboard shows, in a fixed number of queries (goals, ratings,
    roles, projects, their sign-offs with what mentors backed, rating history,
    notifications), the profile coming with the signed-in user. Raise levels.LadderEmpty
    while the ladder has no levels."""
    today = today or timezone.localdate()
    ladder = ladder_snapshot()
    profile = profile_of(user)
    standing = standing_for(user, ladder=ladder, profile=profile, today=today)
    projects, proof = projects_and_proof(user)
    portfolio = portfolio_for(standing, projects)
    goals = goals_of(profile)
    unrated = unrated_ids(ladder, standing)
    advice = advice_for(ladder, standing, portfolio, unrated=unrated)
    path = rules.path_position([step.id for step in ladder.path_steps], goals.done_step_ids)
    orders = standing.target.orders
    step = rules.next_step(
        standing.goal,
        advice,
        level_titles={orders[level.id]: level.title for level in standing.target.chain},
    )
    return Dashboard(
        standing=standing,
        portfolio=portfolio,
        history=rating_history_for(user, standing),
        advice=advice,
        next_step=step,
        path=path,
        path_steps=ladder.path_steps,
        next_path_step=path_step_of(step, ladder.path_steps, goals.done_step_ids),
        before_first_role=rules.is_before_first_ml_role(standing.years),
        specialisations=chosen_progress(
            ladder,
            chosen_ids=goals.specialisation_ids,
            proficiencies=standing.proficiencies,
            done_template_ids=portfolio.done_template_ids,
        ),
        notices=extras().unread_notices(user.pk, limit=UNREAD_SHOWN),
        skill_count=len(ladder.skills),
        unrated_count=len(unrated),
        verification=verify_held(standing.assessment, own=standing.proficiencies, proof=proof),
    )
