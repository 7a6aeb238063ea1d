"""Reads for the mentoring pages, each in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from ladder.models import Level
from profiles import assessment as rules
from profiles.models import Experience, Profile, Project, SkillRating, SkillRatingChange
from profiles.selectors import level_rules

from .models import Endorsement, Feedback, Mentorship, Notification, SignOff, Status

SORTS = {
    "name": lambda row: row.name.lower(),
    "level": lambda row: (-row.level_order, -row.readiness),
    "readiness": lambda row: (-row.readiness, -row.level_order),
    "activity": lambda row: -(row.last_activity.timestamp() if row.last_activity else 0),
}


@dataclass
class MenteeRow:
    mentorship: Mentorship
    name: str
    assessment: rules.Assessment | None  # None while the ladder has no levels
    last_activity: datetime | None

    # For sorting: a mentee the ladder cannot assess yet comes last.
    @property
    def level_order(self) -> int:
        return self.assessment.current.order if self.assessment else 0

    @property
    def readiness(self) -> int:
        return self.assessment.readiness if self.assessment else 0


def _latest(model, field):
    return Subquery(
        model.objects.filter(user=OuterRef("learner")).order_by(f"-{field}").values(field)[:1]
    )


def mentees_for(mentor, *, sort="name", today=None) -> list[MenteeRow]:
    """Return the mentor's accepted mentees with level, readiness and last activity."""
    today = today or timezone.localdate()
    mentorships = list(
        Mentorship.objects.accepted()
        .filter(mentor=mentor)
        .select_related("learner")
        .annotate(
            last_rating=_latest(SkillRatingChange, "changed_at"),
            last_project=_latest(Project, "updated_at"),
            display_name=Subquery(
                Profile.objects.filter(user=OuterRef("learner")).values("display_name")[:1]
            ),
        )
    )
    learner_ids = [m.learner_id for m in mentorships]
    levels = level_rules(Level.objects.for_ladder())
    proficiencies = defaultdict(dict)
    for user_id, skill_id, value in SkillRating.objects.filter(user__in=learner_ids).values_list(
        "user_id", "skill_id", "proficiency"
    ):
        proficiencies[user_id][skill_id] = value
    periods = defaultdict(list)
    for user_id, start, end in Experience.objects.filter(
        user__in=learner_ids, is_ml_work=True
    ).values_list("user_id", "start_month", "end_month"):
        periods[user_id].append((start, end))
    rows = []
    for mentorship in mentorships:
        learner_id = mentorship.learner_id
        years = rules.experience_years(periods[learner_id], today=today)
        activity = [t for t in (mentorship.last_rating, mentorship.last_project) if t]
        rows.append(
            MenteeRow(
                mentorship=mentorship,
                name=mentorship.display_name or mentorship.learner.email,
                assessment=(
                    rules.assess(levels, years=years, proficiencies=proficiencies[learner_id])
                    if levels
                    else None
                ),
                last_activity=max(activity) if activity else None,
            )
        )
    return sorted(rows, key=SORTS.get(sort, SORTS["name"]))


def mentoring_home_for(user):
    """Return the relationships a user is part of, split the way the page shows them."""
    involving = (
        Mentorship.objects.filter(Q(learner=user) | Q(mentor=user))
        .select_related("learner__profile", "mentor__profile")
        .order_by("-created_at")
    )
    mine = list(involving)
    for mentorship in mine:
        if mentorship.is_expired_now:
            # Shown as it will be once the hourly task records it; this read writes nothing.
            mentorship.status, mentorship.responded_at = Status.EXPIRED, mentorship.expires_at
    return {
        "invitations_received": [
            m for m in mine if m.mentor_id == user.pk and m.status == Status.PENDING
        ],
        "my_mentors": [m for m in mine if m.learner_id == user.pk and m.is_open],
        "history": [m for m in mine if not m.is_open],
        "feedback": list(
            Feedback.objects.filter(mentorship__learner=user)
            .select_related("mentorship__mentor__profile", "skill", "project")
            .order_by("-created_at")[:50]
        ),
        "notifications": list(Notification.objects.filter(user=user)[:20]),
    }


def endorsements_by_skill(learner, *, mentorship=None):
    """Return {skill id: [endorsements]} for a learner, optionally one mentor's only."""
    endorsements = Endorsement.objects.filter(mentorship__learner=learner).select_related(
        "mentorship__mentor__profile"
    )
    if mentorship is not None:
        endorsements = endorsements.filter(mentorship=mentorship)
    grouped = defaultdict(list)
    for endorsement in endorsements:
        grouped[endorsement.skill_id].append(endorsement)
    return grouped


def sign_offs_by_project(learner, *, mentorship=None):
    sign_offs = SignOff.objects.filter(project__user=learner).select_related(
        "mentorship__mentor__profile"
    )
    if mentorship is not None:
        sign_offs = sign_offs.filter(mentorship=mentorship)
    grouped = defaultdict(list)
    for sign_off in sign_offs:
        grouped[sign_off.project_id].append(sign_off)
    return grouped
