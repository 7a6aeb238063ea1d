"""What the public pages know about the signed-in person looking at them."""

from dataclasses import dataclass

from django.utils import timezone

from ladder.snapshot import ladder_snapshot

from . import assessment as rules
from .levels import on_ladder, person_assessment
from .standing import profile_of


@dataclass(frozen=True)
class Viewer:
    """The signed-in person's level and their rating of each skill, for the ladder's public
    pages ("You are here", "Your rating"). Empty for visitors who are not signed in."""

    signed_in: bool = False
    level_id: int | None = None
    level_order: int | None = None
    ratings: dict | None = None  # {skill id: proficiency}
    years: float = 0
    target_id: int | None = None  # the level they chose as their target, if any

    def rating_of(self, skill_id) -> int | None:
        return (self.ratings or {}).get(skill_id)

    def meets(self, skill_id, min_proficiency) -> bool:
        return (self.rating_of(skill_id) or 0) >= min_proficiency


def viewer_for(user, *, today=None) -> Viewer:
    """Return the signed-in person's level, target and ratings for the public pages, in two
    queries (ratings, roles; the profile comes with the user), or none for a visitor."""
    if not user.is_authenticated:
        return Viewer()
    ladder = ladder_snapshot()
    ratings = on_ladder(ladder, user.skill_ratings.values_list("skill_id", "proficiency"))
    if not ladder.levels:
        return Viewer(signed_in=True, ratings=ratings)
    today = today or timezone.localdate()
    periods = list(user.experiences.values_list("start_month", "end_month", "is_ml_work"))
    result = person_assessment(ladder, proficiencies=ratings, periods=periods, today=today)
    target_id = profile_of(user).target_id
    return Viewer(
        signed_in=True,
        level_id=result.current.id,
        level_order=result.current.order,
        ratings=ratings,
        years=rules.ml_experience_years(periods, today=today),
        target_id=target_id if target_id in ladder.all_levels_by_id else None,
    )
