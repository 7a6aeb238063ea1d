"""Many people's assessments at once (a mentor's list of mentees), each with whether a mentor
verified the level (profiles/verification.py), computed at most once per version of their
data, of the ladder and per day: the rest come from the cache. Mentors' ratings and
sign-offs move the learner's data version (composition/writes.py), so a new one is seen at
once."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from careerpath.cache import DAY
from ladder.snapshot import Ladder

from . import assessment as rules
from .extras import extras
from .levels import LadderEmpty, person_assessment
from .models import Experience, SkillRating
from .verification import Verification, verify_held


@dataclass(frozen=True)
class Summary:
    """A person's level and readiness, and whether a mentor verified the level."""

    assessment: rules.Assessment
    verification: Verification


def _from_database(ladder: Ladder, user_ids, *, today) -> dict[int, Summary]:
    proficiencies: dict[int, dict[int, int]] = defaultdict(dict)
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
    proofs = extras().mentor_proofs(list(user_ids))
    found = {}
    for user_id in user_ids:
        assessment = person_assessment(
            ladder, proficiencies=proficiencies[user_id], periods=periods[user_id], today=today
        )
        found[user_id] = Summary(
            assessment=assessment,
            verification=verify_held(assessment, own=proficiencies[user_id], proof=proofs[user_id]),
        )
    return found


def summaries_for(ladder: Ladder, people: dict[int, int | None], *, today=None) -> dict:
    """Return {user id: Summary} for `people` ({user id: data version}), in at most three
    queries (ratings, roles, mentors' proof) for those whose summary is not in the cache (a
    person without a known version is always assessed afresh)."""
    if not ladder.levels:
        raise LadderEmpty
    today = today or timezone.localdate()
    keys = {
        user_id: f"summary:{user_id}:{version}:{ladder.version}:{today.isoformat()}"
        for user_id, version in people.items()
        if version is not None
    }
    cached = cache.get_many(keys.values())
    found = {user_id: cached[key] for user_id, key in keys.items() if key in cached}
    missing = [user_id for user_id in people if user_id not in found]
    computed = _from_database(ladder, missing, today=today) if missing else {}
    cache.set_many({keys[u]: a for u, a in computed.items() if u in keys}, DAY)
    return {user_id: found.get(user_id) or computed[user_id] for user_id in people}
