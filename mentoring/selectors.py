"""Reads for the mentoring pages, each in a fixed number of queries."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from careerpath import versions
from ladder.snapshot import VERSION_KEY as LADDER_VERSION_KEY
from ladder.snapshot import ladder_snapshot
from profiles import assessment as rules
from profiles.display import private_name
from profiles.models import Profile, Project, SkillRating, SkillRatingChange
from profiles.selectors import (
    assessments_for,
    dashboard_for,
    person_version_key,
    projects_with_sign_offs,
)

from .models import Endorsement, Feedback, Mentorship, Notification, Status

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
    ladder = ladder_snapshot()
    assessments = (
        assessments_for(ladder, [m.learner_id for m in mentorships], today=today)
        if ladder.levels
        else {}
    )
    rows = []
    for mentorship in mentorships:
        activity = [t for t in (mentorship.last_rating, mentorship.last_project) if t]
        rows.append(
            MenteeRow(
                mentorship=mentorship,
                name=private_name(mentorship.display_name, mentorship.learner.email),
                assessment=assessments.get(mentorship.learner_id),
                last_activity=max(activity) if activity else None,
            )
        )
    return sorted(rows, key=SORTS.get(sort, SORTS["name"]))


def mentees_part_key(mentor, *, sort, today=None) -> str | None:
    """Return the cache key of the mentor's rendered table of mentees, or None when it must be
    rendered afresh (cache unreachable, or uncommitted changes in this transaction).

    The key names every accepted mentorship with its mentee's data version, the ladder's
    version and the day: a mentee's write, a new or ended mentorship or a ladder edit each
    make it unreachable, and an unchanged table is served without assessing anyone."""
    today = today or timezone.localdate()
    pairs = list(
        Mentorship.objects.accepted()
        .filter(mentor=mentor)
        .order_by("pk")
        .values_list("pk", "learner_id")
    )
    at = versions.committed_all(
        [person_version_key(learner_id) for _, learner_id in pairs] + [LADDER_VERSION_KEY]
    )
    if at is None:
        return None
    state = [(pk, at[person_version_key(learner_id)]) for pk, learner_id in pairs]
    digest = hashlib.sha256(repr((state, at[LADDER_VERSION_KEY])).encode()).hexdigest()
    return f"part:mentees:{mentor.pk}:{sort}:{today.isoformat()}:{digest}"


@dataclass
class MentoringHome:
    """A person's relationships, split the way /mentoring/ shows them (their mentees aside:
    mentees_for)."""

    invitations_received: list  # pending, sent to this person
    my_mentors: list  # open: pending or accepted, sent by this person
    history: list  # ended, declined, cancelled or expired, either side
    feedback: list  # from this person's mentors, latest first
    notifications: list
    now: datetime

    @property
    def fresh_for(self) -> int:
        """Seconds this is true for: until the first pending invitation shown expires (a
        rendered copy must not outlive it), else a day."""
        pending = [
            m.expires_at
            for m in (*self.invitations_received, *self.my_mentors)
            if m.status == Status.PENDING
        ]
        if not pending:
            return 60 * 60 * 24
        return max(0, int((min(pending) - self.now).total_seconds()))


def mentoring_home_for(user, *, now=None) -> MentoringHome:
    """Return the relationships a user is part of, split the way the page shows them.

    Expiry is read against `now`: no write on a read; celery beat records it
    (mentoring.tasks.invitations_expire)."""
    now = now or timezone.now()
    involving = (
        Mentorship.objects.filter(Q(learner=user) | Q(mentor=user))
        .exclude(mentor=user, status=Status.ACCEPTED)  # those are the mentees: mentees_for
        .select_related("learner__profile", "mentor__profile")
        .order_by("-created_at")
    )
    mine = list(involving)
    for mentorship in mine:
        if mentorship.is_expired_at(now):
            # Shown as it will be once the hourly task records it; this read writes nothing.
            mentorship.status, mentorship.responded_at = Status.EXPIRED, mentorship.expires_at
    return MentoringHome(
        invitations_received=[
            m for m in mine if m.mentor_id == user.pk and m.status == Status.PENDING
        ],
        my_mentors=[m for m in mine if m.learner_id == user.pk and m.is_open],
        history=[m for m in mine if not m.is_open],
        feedback=list(
            Feedback.objects.filter(mentorship__learner=user)
            .select_related("mentorship__mentor__profile", "skill", "project")
            .order_by("-created_at")[:50]
        ),
        notifications=list(Notification.objects.filter(user=user)[:20]),
        now=now,
    )


def skill_endorsements_for(learner) -> dict[int, list]:
    """Return {skill id: [(endorsement, is current)]} of every mentor's endorsements of a
    learner, for *My skills*: current when the learner's saved rating is the one endorsed."""
    rated = SkillRating.objects.filter(user=learner, skill=OuterRef("skill")).values("proficiency")[
        :1
    ]
    endorsements = (
        Endorsement.objects.filter(mentorship__learner=learner)
        .select_related("mentorship__mentor__profile")
        .annotate(rated=Subquery(rated))
    )
    grouped = defaultdict(list)
    for endorsement in endorsements:
        grouped[endorsement.skill_id].append(
            (endorsement, endorsement.is_current(endorsement.rated))
        )
    return grouped


@dataclass
class MenteePage:
    d: object  # profiles.selectors.Dashboard: the learner's assessment and data
    projects: list  # the learner's projects, each with `signed_off`
    endorsements: dict  # skill id -> [(this mentor's endorsement, is current)]
    endorsed_now: set  # skill ids whose current rating this mentor has endorsed
    sign_offs: dict  # project id -> [this mentor's SignOffInfo]
    feedback: list  # this mentor's feedback, latest first


def mentee_page_for(mentorship, *, today=None) -> MenteePage:
    """Return what the mentor sees of a mentee, in a fixed number of queries.

    `mentorship` comes with its learner and the learner's profile (select_related).
    Raise profiles.selectors.LadderEmpty while the ladder has no levels."""
    learner = mentorship.learner
    try:
        profile = learner.profile
    except ObjectDoesNotExist:
        profile = None
    projects = projects_with_sign_offs(learner)
    d = dashboard_for(learner, today=today, profile=profile, notifications=False, projects=projects)
    ratings = {rating.skill_id: rating.proficiency for rating in d.ratings}
    endorsements = defaultdict(list)
    for endorsement in Endorsement.objects.filter(mentorship=mentorship):
        current = endorsement.is_current(ratings.get(endorsement.skill_id))
        endorsements[endorsement.skill_id].append((endorsement, current))
    return MenteePage(
        d=d,
        projects=projects,
        endorsements=endorsements,
        endorsed_now={
            skill_id for skill_id, marks in endorsements.items() if any(c for _, c in marks)
        },
        sign_offs={
            project.pk: [s for s in project.signed_off if s.mentorship_id == mentorship.pk]
            for project in projects
        },
        feedback=list(
            mentorship.feedback.select_related("skill", "project").order_by("-created_at")
        ),
    )
