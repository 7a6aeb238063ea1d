"""The read model of a learner's dashboard: where they stand, their one next step and the
plan for their target, their portfolio, their progress and what their mentors told them."""

from dataclasses import dataclass

from django.utils import timezone

from ladder.snapshot import Ladder, PathStepData, ladder_snapshot

from . import assessment as rules
from .extras import Notice, extras
from .goals import goals_of
from .history import RatingHistory, rating_history_for
from .portfolio import Portfolio, portfolio_for, projects_for
from .specialisations import chosen_progress
from .standing import Standing, profile_of, standing_for

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
    next_path_step: PathStepData | None
    before_first_role: bool
    specialisations: list
    notices: list[Notice]


def advice_for(ladder: Ladder, standing: Standing, portfolio: Portfolio) -> rules.Advice:
    """Return the advice for the person's target: its unmet skills with their courses, and
    the ladder's projects up to it not done yet."""
    orders = standing.target.orders
    unmet_ids = [check.skill_id for check in standing.goal.unmet if check.skill_id is not None]
    return rules.advise(
        standing.goal,
        courses_by_skill={
            skill_id: [
                rules.CourseInfo(c.title, c.provider, c.url, c.format_label)
                for c in ladder.courses_for(skill_id)
            ]
            for skill_id in unmet_ids
        },
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
    roles, projects, their sign-offs, rating history, notifications), the profile coming
    with the signed-in user. Raise levels.LadderEmpty while the ladder has no levels."""
    today = today or timezone.localdate()
    ladder = ladder_snapshot()
    profile = profile_of(user)
    standing = standing_for(user, ladder=ladder, profile=profile, today=today)
    portfolio = portfolio_for(standing, projects_for(user))
    goals = goals_of(profile)
    advice = advice_for(ladder, standing, portfolio)
    path = rules.path_position([step.id for step in ladder.path_steps], goals.done_step_ids)
    return Dashboard(
        standing=standing,
        portfolio=portfolio,
        history=rating_history_for(user, standing),
        advice=advice,
        next_step=rules.next_step(standing.goal, advice),
        path=path,
        path_steps=ladder.path_steps,
        next_path_step=next((s for s in ladder.path_steps if s.id == path.next_step_id), None),
        before_first_role=rules.is_before_first_ml_role(standing.years),
        specialisations=chosen_progress(
            ladder,
            chosen_ids=goals.specialisation_ids,
            proficiencies=standing.proficiencies,
            done_template_ids=portfolio.done_template_ids,
        ),
        notices=extras().unread_notices(user.pk, limit=UNREAD_SHOWN),
    )
