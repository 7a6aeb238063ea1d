"""Where a person stands: their level, the next one, their target and the data they come
from. Every page about a person (their dashboard, their public profile, their mentor's view
of them) starts from a Standing."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from ladder.models import Proficiency, SkillCategory
from ladder.snapshot import Ladder, LevelData

from . import assessment as rules
from . import charts, levels
from .levels import Target
from .models import Profile, SkillRating


@dataclass(frozen=True)
class Standing:
    profile: Profile
    levels: tuple[LevelData, ...]  # the main ladder
    current_level: LevelData
    next_level: LevelData | None
    assessment: rules.Assessment  # on the main ladder
    target: Target
    goal: rules.Assessment  # the target's readiness, in place of the next level's
    years: float  # of machine learning work
    ratings: list[SkillRating]  # of skills on the active ladder, with their skill
    proficiencies: dict[int, int]  # {skill id: proficiency} of those ratings
    experiences: list
    category_chart: charts.BarChart  # skill points by category, out of Expert in every skill
    # ratings of skills retired from the ladder: kept, shown with a note, counted nowhere
    retired_ratings: list[SkillRating]


def category_rows(skills, proficiencies) -> list[tuple[str, int, int]]:
    """Return (category, points, maximum) for each category of the ladder's skills."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for skill in skills:
        totals[skill.category][0] += proficiencies.get(skill.pk, 0)
        totals[skill.category][1] += Proficiency.EXPERT
    return [
        (label, totals[value][0], totals[value][1])
        for value, label in SkillCategory.choices
        if value in totals
    ]


def profile_of(user) -> Profile:
    """Return the person's profile: the one read with them (profiles/auth.py), or from the
    database (created if the account has none yet)."""
    profile = getattr(user, "profile", None)
    if profile is None:
        profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def standing_for(user, *, ladder: Ladder, profile: Profile, today=None) -> Standing:
    """Return where `user` stands, in two queries (their ratings and their roles).
    Raise levels.LadderEmpty while the ladder has no levels."""
    if not ladder.levels:
        raise levels.LadderEmpty
    return standing_from(
        ladder,
        profile=profile,
        every_rating=list(SkillRating.objects.for_user(user)),
        experiences=list(user.experiences.all()),
        today=today or timezone.localdate(),
    )


def standing_from(
    ladder: Ladder, *, profile: Profile, every_rating: list, experiences: list, today
) -> Standing:
    """Return where a person stands from their rows: their profile, every rating of theirs
    (with its skill where a page shows it), their roles (Experience rows). Many people's
    are built from rows read in bulk (profiles/plan.py: plans_of). Raise levels.LadderEmpty
    while the ladder has no levels."""
    if not ladder.levels:
        raise levels.LadderEmpty
    proficiencies = levels.on_ladder(ladder, ((r.skill_id, r.proficiency) for r in every_rating))
    ratings = [rating for rating in every_rating if rating.skill_id in proficiencies]
    retired_ratings = [rating for rating in every_rating if rating.skill_id not in proficiencies]
    periods = levels.experience_periods(experiences)
    result = levels.person_assessment(
        ladder, proficiencies=proficiencies, periods=periods, today=today
    )
    years = rules.ml_experience_years(periods, today=today)
    target = levels.target_for(
        ladder, target_id=profile.target_id, years=years, proficiencies=proficiencies
    )
    return Standing(
        profile=profile,
        levels=ladder.levels,
        current_level=ladder.levels_by_id[result.current.id],
        next_level=ladder.levels_by_id[result.next.id] if result.next else None,
        assessment=result,
        target=target,
        goal=target.assessment.as_assessment(),
        years=years,
        ratings=ratings,
        proficiencies=proficiencies,
        experiences=experiences,
        category_chart=charts.bar_chart(category_rows(ladder.skills, proficiencies)),
        retired_ratings=retired_ratings,
    )
