"""Verified or self-assessed: which of a level's requirements a mentor has backed.

Plain data in, plain data out, like the level rules in profiles/assessment.py; the
mentor's data reaches it as a `MentorProof` (profiles/extras.py), never as a queryset.

The rules:
- A skill requirement is *verified* when a mentor's own rating of the skill meets it, or
  when the learner's own rating meets it and a mentor signed off a project of theirs that
  demonstrates the skill (the project's skills). A signed-off project backs the learner's
  rating; it does not lift a rating that is below the requirement.
- Of several mentors' ratings of a skill the highest counts: one mentor who saw the skill at
  that level is enough.
- The years of experience are not a skill requirement: no mentor rates them, so they are
  never verified and never counted.
- A level reads "verified by a mentor" when every skill requirement of it (those of the
  levels below it included, see `held_checks`) is verified; otherwise "self-assessed". A
  level with no skill requirement (the first) reads "self-assessed": nobody vouched for it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .assessment import Assessment, Check, EntryChecks, merged_checks

VERIFIED = "verified by a mentor"
SELF_ASSESSED = "self-assessed"


@dataclass(frozen=True)
class MentorProof:
    """What mentors have backed of one learner's skills."""

    # skill id -> the highest proficiency a mentor rated the skill at
    rated: Mapping[int, int] = field(default_factory=dict)
    # skills of the learner's projects that a mentor signed off
    signed_off_skill_ids: frozenset[int] = frozenset()


def check_verified(check: Check, *, own: Mapping[int, int], proof: MentorProof) -> bool:
    """Return whether a mentor backs the requirement `check`: their own rating meets it,
    or the learner's rating (`own`, skill id -> proficiency) meets it and a signed-off
    project demonstrates the skill. A years-of-experience check is never verified."""
    if check.skill_id is None:
        return False
    mentor_rating = proof.rated.get(check.skill_id)
    if mentor_rating is not None and mentor_rating >= check.need:
        return True
    return check.skill_id in proof.signed_off_skill_ids and own.get(check.skill_id, 0) >= check.need


@dataclass(frozen=True)
class Verification:
    """How many of a level's skill requirements a mentor has verified."""

    verified: int
    total: int  # skill requirements only: the years of experience never count

    @property
    def complete(self) -> bool:
        """Return whether every skill requirement is verified (and there is at least one)."""
        return self.total > 0 and self.verified == self.total

    @property
    def label(self) -> str:
        """Return "verified by a mentor" when every skill requirement is verified, else
        "self-assessed"."""
        return VERIFIED if self.complete else SELF_ASSESSED

    @property
    def summary(self) -> str:
        """Return the count as the pages say it: "4 of 7 skill requirements verified by a
        mentor"."""
        noun = "requirement" if self.total == 1 else "requirements"
        return f"{self.verified} of {self.total} skill {noun} verified by a mentor"


def verify_level(
    checks: Sequence[Check], *, own: Mapping[int, int], proof: MentorProof
) -> Verification:
    """Return how many of the skill requirements `checks` a mentor has verified; the years
    check, if any, is left out of both counts."""
    skill_checks = [check for check in checks if not check.is_years]
    return Verification(
        verified=sum(check_verified(c, own=own, proof=proof) for c in skill_checks),
        total=len(skill_checks),
    )


def verified_skill_ids(
    checks: Sequence[Check], *, own: Mapping[int, int], proof: MentorProof
) -> frozenset[int]:
    """Return the skill ids of the requirements among `checks` a mentor has verified (each
    requirement's "verified" mark)."""
    return frozenset(
        check.skill_id
        for check in checks
        if check.skill_id is not None and check_verified(check, own=own, proof=proof)
    )


def entry_requirements(entry: EntryChecks) -> tuple[Check, ...]:
    """Return every requirement of a level's page: its own and those of the levels below it
    on its chain, one per skill at the highest minimum asked."""
    return merged_checks((*entry.own, *entry.below))


def held_checks(assessment: Assessment) -> tuple[Check, ...]:
    """Return every requirement of the person's current level and the levels below it, one
    per skill at the highest minimum asked: what holding the level rests on."""
    return merged_checks(check for _level, checks in assessment.held_checks for check in checks)


def verify_held(
    assessment: Assessment, *, own: Mapping[int, int], proof: MentorProof
) -> Verification:
    """Return the verification of the level the person holds (`held_checks`)."""
    return verify_level(held_checks(assessment), own=own, proof=proof)
