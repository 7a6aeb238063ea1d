"""What the public pages know about the signed-in person looking at them."""

from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from ladder.snapshot import ladder_snapshot

from . import assessment as rules
from .extras import extras
from .levels import entry_for, on_ladder, person_assessment
from .standing import profile_of
from .verification import (
    MentorProof,
    Verification,
    entry_requirements,
    verified_skill_ids,
    verify_level,
)


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
    not_rated: str = rules.NOT_RATED  # the wording for a skill not rated, on every page
    retired_ratings: dict | None = None  # {skill id: proficiency} of skills no longer on the ladder
    user_id: int | None = None

    @cached_property
    def mentor_proof(self) -> MentorProof:
        """What mentors backed of the person's skills: read once per request, and only by a
        page that shows it (one query)."""
        return extras().mentor_proof(self.user_id) if self.user_id else MentorProof()

    def rating_of(self, skill_id) -> int | None:
        return (self.ratings or {}).get(skill_id)

    def entry(self, level) -> rules.EntryChecks | None:
        """Return a level's entry requirements, and those of the levels below it, checked
        against the person (None for a visitor)."""
        if not self.signed_in:
            return None
        return entry_for(
            ladder_snapshot(), level, years=self.years, proficiencies=self.ratings or {}
        )

    def verification(self, level) -> tuple[Verification, frozenset[int]] | None:
        """Return how many of a level's requirements (those of the levels below it included)
        a mentor verified for the person, and the skills verified; None for a visitor."""
        entry = self.entry(level)
        if entry is None:
            return None
        checks = entry_requirements(entry)
        own = self.ratings or {}
        return (
            verify_level(checks, own=own, proof=self.mentor_proof),
            verified_skill_ids(checks, own=own, proof=self.mentor_proof),
        )

    def kept_rating_of(self, skill_id) -> int | None:
        """Return the person's rating of a retired skill, kept though it no longer counts."""
        return (self.retired_ratings or {}).get(skill_id)


def viewer_for(user, *, today=None) -> Viewer:
    """Return the signed-in person's level, target and ratings for the public pages, in two
    queries (ratings, roles; the profile comes with the user), or none for a visitor."""
    if not user.is_authenticated:
        return Viewer()
    ladder = ladder_snapshot()
    every_rating = list(user.skill_ratings.values_list("skill_id", "proficiency"))
    ratings = on_ladder(ladder, every_rating)
    retired = {skill_id: value for skill_id, value in every_rating if skill_id not in ratings}
    if not ladder.levels:
        return Viewer(signed_in=True, ratings=ratings, retired_ratings=retired, user_id=user.pk)
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
        retired_ratings=retired,
        user_id=user.pk,
    )
