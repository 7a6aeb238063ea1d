"""Writes to a learner's data. Each validates, saves and records history in one transaction."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from ladder.models import Skill

from .models import Profile, SkillRating, SkillRatingChange


@dataclass(frozen=True)
class RatingInput:
    skill: Skill
    proficiency: int
    notes: str = ""
    evidence_url: str = ""


def profile_get_or_create(*, user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def skill_ratings_save(*, user, ratings: list[RatingInput]) -> int:
    """Save many ratings at once; record a history row for every proficiency change.

    A skill left at Not started with no notes or evidence gets no row at all.
    Return the number of proficiency changes recorded.
    """
    existing = {r.skill_id: r for r in SkillRating.objects.filter(user=user)}
    changes = []
    for item in ratings:
        rating = existing.get(item.skill.pk)
        if rating is None:
            if not (item.proficiency or item.notes or item.evidence_url):
                continue
            rating = SkillRating(user=user, skill=item.skill, proficiency=0)
            old = None
        else:
            old = rating.proficiency
        unchanged = (rating.proficiency, rating.notes, rating.evidence_url) == (
            item.proficiency,
            item.notes,
            item.evidence_url,
        )
        if rating.pk and unchanged:
            continue
        if old != item.proficiency and (old is not None or item.proficiency):
            changes.append(
                SkillRatingChange(
                    user=user,
                    skill=item.skill,
                    old_proficiency=old,
                    new_proficiency=item.proficiency,
                )
            )
        rating.proficiency = item.proficiency
        rating.notes = item.notes
        rating.evidence_url = item.evidence_url
        rating.save()
    SkillRatingChange.objects.bulk_create(changes)
    return len(changes)


def skill_rating_set(*, user, skill: Skill, proficiency: int, notes="", evidence_url="") -> int:
    """Set one skill's rating; see skill_ratings_save."""
    return skill_ratings_save(
        user=user,
        ratings=[RatingInput(skill, proficiency, notes=notes, evidence_url=evidence_url)],
    )


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete the account and, through cascades, everything the app holds about the user."""
    get_user_model().objects.filter(pk=user.pk).delete()
