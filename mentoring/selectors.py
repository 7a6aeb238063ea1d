"""Reads for the mentoring pages, each in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone

from careerpath.cache import DAY
from ladder.models import Proficiency
from ladder.snapshot import ladder_snapshot
from profiles import assessment as rules
from profiles.display import display_name
from profiles.evidence import EvidenceSet, evidence_of
from profiles.goals import goals_of
from profiles.history import RatingHistory, rating_history_for
from profiles.models import Project, ProjectStatus, SkillRating, SkillRatingChange
from profiles.portfolio import Portfolio, portfolio_for, projects_and_proof
from profiles.specialisations import chosen_progress
from profiles.standing import Standing, profile_of, standing_for
from profiles.summaries import summaries_for
from profiles.verification import Verification, verified_skill_ids, verify_held

from .models import (
    CheckIn,
    Endorsement,
    Feedback,
    FeedbackReply,
    Mentorship,
    Notification,
    SignOff,
    Status,
)

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
    verification: Verification | None = None  # of the level held; None with the assessment

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


def _unfinished_check_in():
    """Annotations of a mentorship's unfinished check-in (one at most: a constraint), for
    the mentor's list of upcoming and overdue check-ins (check_ins.mentor_check_ins_of)."""
    unfinished = CheckIn.objects.unfinished().filter(mentorship=OuterRef("pk"))
    return {
        f"check_in_{field}": Subquery(unfinished.values(field)[:1])
        for field in ("id", "due_on", "status")
    }


def mentees_for(mentor, *, sort="name", today=None) -> list[MenteeRow]:
    """Return the mentor's accepted mentees with level (and whether a mentor verified it),
    readiness and last activity."""
    mentorships = list(
        Mentorship.objects.accepted()
        .filter(mentor=mentor)
        .select_related("learner__profile")
        .annotate(
            last_rating=_latest(SkillRatingChange, "changed_at"),
            last_project=_latest(Project, "updated_at"),
            **_unfinished_check_in(),
        )
    )
    ladder = ladder_snapshot()
    summaries = (
        summaries_for(
            ladder, {m.learner_id: _data_version(m.learner) for m in mentorships}, today=today
        )
        if ladder.levels
        else {}
    )
    rows = []
    for mentorship in mentorships:
        activity = [t for t in (mentorship.last_rating, mentorship.last_project) if t]
        summary = summaries.get(mentorship.learner_id)
        rows.append(
            MenteeRow(
                mentorship=mentorship,
                name=display_name(mentorship.learner),
                assessment=summary.assessment if summary else None,
                last_activity=max(activity) if activity else None,
                verification=summary.verification if summary else None,
            )
        )
    return sorted(rows, key=SORTS.get(sort, SORTS["name"]))


@dataclass(frozen=True)
class Attention:
    """What waits for a mentor's review in one mentorship: done projects they have not
    signed off, and ratings they have not reviewed as they are now (never reviewed, or
    changed since their review). Reviewing or signing off clears them."""

    mentorship: Mentorship
    name: str  # the learner's, or the mentor's on the learner's side
    projects: list  # (id, title)
    skills: list  # SkillData, in the ladder's order

    def __bool__(self) -> bool:
        return bool(self.projects or self.skills)


def attention_for(mentorships, *, names) -> list[Attention]:
    """Return what waits for review in each accepted mentorship given, in two queries
    whatever their number; `names` maps each mentorship's id to the name to show."""
    ids = [m.pk for m in mentorships]
    if not ids:
        return []
    learners = {m.learner_id for m in mentorships}
    # Each learner's row once per mentorship given (the join to their mentorships).
    reviewed = Endorsement.objects.filter(
        mentorship_id=OuterRef("mentorship_id"), skill_id=OuterRef("skill_id")
    ).values("rated_proficiency")[:1]
    waiting = defaultdict(set)
    for mentorship_id, skill_id in (
        SkillRating.objects.filter(user_id__in=learners, proficiency__gt=Proficiency.NOT_STARTED)
        .annotate(mentorship_id=F("user__mentorships_as_learner"))
        .filter(mentorship_id__in=ids)
        .annotate(reviewed=Subquery(reviewed))
        .filter(
            Q(reviewed__isnull=True)
            | Q(reviewed__lt=F("proficiency"))
            | Q(reviewed__gt=F("proficiency"))
        )
        .order_by()
        .values_list("mentorship_id", "skill_id")
    ):
        waiting[mentorship_id].add(skill_id)
    signed = SignOff.objects.filter(
        mentorship_id=OuterRef("mentorship_id"), project_id=OuterRef("pk")
    )
    projects = defaultdict(list)
    for mentorship_id, pk, title in (
        Project.objects.filter(user_id__in=learners, status=ProjectStatus.DONE)
        .annotate(mentorship_id=F("user__mentorships_as_learner"))
        .filter(mentorship_id__in=ids)
        .exclude(Exists(signed))
        .order_by("updated_at", "pk")
        .values_list("mentorship_id", "pk", "title")
    ):
        projects[mentorship_id].append((pk, title))
    skills = ladder_snapshot().skills
    found = []
    for mentorship in mentorships:
        item = Attention(
            mentorship=mentorship,
            name=names[mentorship.pk],
            projects=projects[mentorship.pk],
            skills=[skill for skill in skills if skill.pk in waiting[mentorship.pk]],
        )
        if item:
            found.append(item)
    return found


def _data_version(user) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.data_version if profile is not None else None


def mentees_state(mentor) -> list[int | None]:
    """Return what the rendered table of the mentor's mentees is keyed by: the id of each
    accepted mentorship followed by its mentee's data version (None for a mentee without a
    profile). A mentee's write, or a new or ended mentorship, changes it."""
    pairs = (
        Mentorship.objects.accepted()
        .filter(mentor=mentor)
        .order_by("pk")
        .values_list("pk", "learner__profile__data_version")
    )
    return [value for pair in pairs for value in pair]


@dataclass
class MentoringHome:
    """A person's relationships, split the way /mentoring/ shows them (their mentees aside:
    mentees_for)."""

    invitations_received: list  # pending, sent to this person
    my_mentors: list  # open: pending or accepted, sent by this person
    history: list  # ended, declined, cancelled or expired, either side
    feedback: list  # from this person's mentors, latest first, with `reply_count`
    notifications: list
    now: datetime
    waiting: list  # Attention: what this person's mentors have still to review

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
            return DAY
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
            .annotate(reply_count=Count("replies"))
            .order_by("-created_at")[:50]
        ),
        notifications=list(Notification.objects.shown().filter(user=user)[:20]),
        now=now,
        waiting=_waiting_for(mine),
    )


def _waiting_for(mine) -> list[Attention]:
    """What the learner's accepted mentors have still to review (no query without one)."""
    mentors = [m for m in mine if m.status == Status.ACCEPTED and m.mentor_id]
    return attention_for(mentors, names={m.pk: display_name(m.mentor) for m in mentors})


def mentor_attention_for(mentees: list[MenteeRow]) -> list[Attention]:
    """What waits for the mentor in each of their mentees' work, in the table's order."""
    return attention_for(
        [row.mentorship for row in mentees], names={row.mentorship.pk: row.name for row in mentees}
    )


@dataclass(frozen=True)
class MenteePage:
    """What a mentor sees of a mentee."""

    standing: Standing
    portfolio: Portfolio  # the projects carry every mentor's sign-offs
    history: RatingHistory
    specialisations: list
    endorsements: dict  # skill id -> [(this mentor's endorsement, is current)]
    endorsed_now: set  # skill ids whose current rating this mentor has endorsed
    sign_offs: dict  # project id -> [this mentor's SignOffInfo]
    feedback: list  # this mentor's feedback, latest first, with `reply_count`
    reviews: list  # ReviewRow per rated skill, for the review form
    evidence: EvidenceSet  # the learner's links, by skill and by project
    # the level held: self-assessed, or verified by a mentor; and the current level's
    # requirements a mentor verified (skill ids)
    verification: Verification = Verification(verified=0, total=0)
    verified_ids: frozenset = frozenset()

    @property
    def to_review(self) -> int:
        return sum(1 for row in self.reviews if row.waiting)

    @property
    def other_evidence(self) -> list:
        """Return [(skill, its evidence)] for the skills with evidence that the review form
        does not list (not rated yet, or retired from the ladder)."""
        reviewed = {row.rating.skill_id for row in self.reviews}
        return [
            (items[0].skill, items)
            for skill_id, items in self.evidence.by_skill.items()
            if skill_id not in reviewed
        ]


@dataclass(frozen=True)
class ReviewRow:
    """A rated skill in the mentor's review form: the learner's rating, the mentor's last
    review of it, and the choices of the form."""

    rating: SkillRating
    review: Endorsement | None  # this mentor's latest
    current: bool  # the review is of the rating as it is now

    @property
    def waiting(self) -> bool:
        return not self.current

    @property
    def choices(self) -> list[tuple[str, str]]:
        """ "Agree", or "I'd say <level>" for every other level from Learning up."""
        own = self.rating.proficiency
        return [
            ("agree", f"Agree: {Proficiency(own).label}"),
            *(
                (str(value), f"I’d say {label}")
                for value, label in Proficiency.choices
                if value not in (Proficiency.NOT_STARTED, own)
            ),
        ]


def mentee_page_for(mentorship, *, today=None) -> MenteePage:
    """Return what the mentor sees of a mentee, in a fixed number of queries.

    `mentorship` comes with its learner and the learner's profile (select_related).
    Raise profiles.levels.LadderEmpty while the ladder has no levels."""
    learner = mentorship.learner
    ladder = ladder_snapshot()
    profile = profile_of(learner)
    standing = standing_for(learner, ladder=ladder, profile=profile, today=today)
    projects, proof = projects_and_proof(learner)
    portfolio = portfolio_for(standing, projects)
    endorsements = defaultdict(list)
    reviews = {}
    for endorsement in Endorsement.objects.filter(mentorship=mentorship):
        reviews[endorsement.skill_id] = endorsement
        current = endorsement.is_current(standing.proficiencies.get(endorsement.skill_id))
        endorsements[endorsement.skill_id].append((endorsement, current))
    return MenteePage(
        standing=standing,
        portfolio=portfolio,
        history=rating_history_for(learner, standing),
        specialisations=chosen_progress(
            ladder,
            chosen_ids=goals_of(profile).specialisation_ids,
            proficiencies=standing.proficiencies,
            done_template_ids=portfolio.done_template_ids,
        ),
        endorsements=endorsements,
        endorsed_now={
            skill_id for skill_id, marks in endorsements.items() if any(c for _, c in marks)
        },
        sign_offs={
            project.pk: [s for s in project.signed_off if s.mentorship_id == mentorship.pk]
            for project in portfolio.projects
        },
        feedback=list(
            mentorship.feedback.select_related("skill", "project")
            .annotate(reply_count=Count("replies"))
            .order_by("-created_at")
        ),
        reviews=[
            ReviewRow(
                rating=rating,
                review=reviews.get(rating.skill_id),
                current=rating.skill_id in reviews
                and reviews[rating.skill_id].is_current(rating.proficiency),
            )
            for rating in standing.ratings
            if rating.proficiency > Proficiency.NOT_STARTED
        ],
        verification=verify_held(standing.assessment, own=standing.proficiencies, proof=proof),
        verified_ids=verified_skill_ids(
            standing.assessment.current_checks, own=standing.proficiencies, proof=proof
        ),
        evidence=evidence_of(learner.pk),
    )


@dataclass(frozen=True)
class Thread:
    """A feedback item and the replies to it, as both sides see it."""

    feedback: Feedback
    replies: list
    can_reply: bool  # while the mentorship lasts


def thread_for(feedback) -> Thread:
    """Return the thread of `feedback` (read with its mentorship, mentor and learner)."""
    return Thread(
        feedback=feedback,
        replies=list(
            FeedbackReply.objects.filter(feedback=feedback).select_related("author__profile")
        ),
        can_reply=feedback.mentorship.status == Status.ACCEPTED
        and feedback.mentorship.mentor_id is not None,
    )
