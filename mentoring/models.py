import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from ladder.models import Level, Proficiency, Skill
from profiles.display import FORMER_MEMBER, display_name
from profiles.models import Project

INVITATION_DAYS = 14


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    ENDED = "ended", "Ended"
    EXPIRED = "expired", "Expired"


OPEN_STATUSES = (Status.PENDING, Status.ACCEPTED)


def _new_token():
    return secrets.token_urlsafe(32)


def _expiry():
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class MentorshipQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Status.ACCEPTED)

    def involving(self, user):
        """Return relationships where the user is the learner or the mentor."""
        return self.filter(Q(learner=user) | Q(mentor=user))

    def involving_any(self, users):
        """Return relationships where any of `users` (ids) is the learner or the mentor."""
        return self.filter(Q(learner__in=users) | Q(mentor__in=users))

    def due_to_expire(self, now=None):
        return self.filter(status=Status.PENDING, expires_at__lte=now or timezone.now())


class Mentorship(models.Model):
    """A learner's invitation to a mentor, and the relationship once accepted."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_learner"
    )
    # SET_NULL: when a mentor's account goes, the learner keeps what they were given
    # (feedback, endorsements, sign-offs), from "a former mentor" (services.account_leaving).
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentorships_as_mentor",
        help_text="Set when the invited address belongs to an account.",
    )
    invitee_email = models.EmailField("mentor's email address")
    message = models.TextField("personal note", blank=True, max_length=1000)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_expiry)
    responded_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.TextField(blank=True, max_length=1000)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("invitee_email"),
                "learner",
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_invitation_per_mentor",
            )
        ]
        # Serves the ordering (the admin's list at scale).
        indexes = [models.Index(fields=["-created_at", "-id"], name="mentorship_recent_idx")]

    def __str__(self):
        return f"{self.invitee_email} mentoring {self.learner}"

    def get_absolute_url(self):
        return reverse("mentoring:invitation", args=[self.token])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_expired_at(self, now) -> bool:
        """A pending invitation past its date: expired, whether or not the hourly task has
        recorded it yet (MentorshipQuerySet.due_to_expire finds the same rows)."""
        return self.status == Status.PENDING and self.expires_at <= now

    @property
    def is_expired_now(self):
        return self.is_expired_at(timezone.now())


class Feedback(models.Model):
    """A mentor's comment on a mentee's profile: seen by the mentee and that mentor only."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="feedback")
    body = models.TextField("feedback", max_length=4000)
    # PROTECT: a mentor's words never disappear because the ladder changed.
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "feedback"

    def __str__(self):
        return self.body[:60]


class FeedbackReply(models.Model):
    """A message in the thread of a feedback item: the learner's answer, or the mentor's."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="replies")
    # SET_NULL: a reply stays in the thread when its author's account goes ("a former
    # member"); a learner's account takes the whole mentorship, and so its threads, along.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField("reply", max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "feedback replies"

    def __str__(self):
        return self.body[:60]


class Endorsement(models.Model):
    """A mentor's own rating of one of the mentee's skills, from their latest review of it:
    the proficiency the mentor sees (`proficiency`), the learner's rating they reviewed
    (`rated_proficiency`) and an optional comment. When the two agree it is an endorsement
    of the learner's rating; otherwise the mentor says "I'd say Practicing". One per
    mentorship and skill: a later review replaces the earlier one."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="endorsements"
    )
    # PROTECT: a mentor's endorsement never disappears because the ladder changed.
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    proficiency = models.PositiveSmallIntegerField(
        "the mentor's rating", choices=Proficiency.choices
    )
    rated_proficiency = models.PositiveSmallIntegerField(
        "the learner's rating reviewed", choices=Proficiency.choices
    )
    comment = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField("reviewed at", default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "skill"], name="one_endorsement_per_skill_and_mentor"
            )
        ]

    def __str__(self):
        return f"{self.skill} at {self.get_proficiency_display()}"

    @property
    def agrees(self) -> bool:
        """Whether the mentor rated the skill as the learner had."""
        return self.proficiency == self.rated_proficiency

    def is_current(self, rating_proficiency) -> bool:
        """Return whether the review is of the learner's rating as it is now: it stays
        current while the rating holds the proficiency reviewed, and not once it moved."""
        return self.rated_proficiency == rating_proficiency


class SignOff(models.Model):
    """A mentor signs off a done portfolio project of the mentee."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sign_offs")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sign_offs")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "project"], name="one_sign_off_per_project_and_mentor"
            )
        ]

    def __str__(self):
        return f"{self.project} signed off"


class NotificationKind(models.TextChoices):
    INVITED = "invited", "Invited to mentor"
    ACCEPTED = "accepted", "Invitation accepted"
    DECLINED = "declined", "Invitation declined"
    CANCELLED = "cancelled", "Invitation cancelled"
    ENDED = "ended", "Mentorship ended"
    ENDED_WITH_REASON = "ended_with_reason", "Mentorship ended with a reason"
    FEEDBACK = "feedback", "Feedback"
    FEEDBACK_ON_SKILL = "feedback_on_skill", "Feedback on a skill"
    FEEDBACK_ON_PROJECT = "feedback_on_project", "Feedback on a project"
    ENDORSED = "endorsed", "Skill endorsed"
    SIGNED_OFF = "signed_off", "Project signed off"
    MENTOR_LEFT = "mentor_left", "A mentor deleted their account"
    MESSAGE = "message", "Message"
    REVIEWED = "reviewed", "Skills reviewed"
    REPLY = "reply", "Reply to feedback"
    MENTEE_PROJECT_DONE = "mentee_project_done", "A mentee finished a project"
    MENTEE_RATINGS_CHANGED = "mentee_ratings_changed", "A mentee changed their ratings"
    CHECK_IN_STARTED = "check_in_started", "Check-in started"
    CHECK_IN_RATED = "check_in_rated", "Check-in ratings side by side"
    CHECK_IN_PROPOSED = "check_in_proposed", "Check-in result proposed"
    CHECK_IN_AGREED = "check_in_agreed", "Check-in agreed"
    CHECK_IN_CANCELLED = "check_in_cancelled", "Check-in cancelled"


# The sentence each kind of notification reads as. {actor} is the current name of the person
# who did it ("a former member" once their account is gone), {detail} the kind's free text
# (a reason, a skill name, a project title), and {proficiency} the endorsed level. A MESSAGE
# is its detail alone: notifications stored as finished sentences before kinds existed
# became messages.
SENTENCES: dict[str, str] = {
    NotificationKind.INVITED: "{actor} invited you to be their mentor.",
    NotificationKind.ACCEPTED: "{actor} accepted your invitation and is now your mentor.",
    NotificationKind.DECLINED: "{actor} declined your invitation to mentor you.",
    NotificationKind.CANCELLED: "{actor} cancelled their invitation for you to mentor them.",
    NotificationKind.ENDED: "{actor} ended your mentorship.",
    NotificationKind.ENDED_WITH_REASON: "{actor} ended your mentorship. Reason: {detail}",
    NotificationKind.FEEDBACK: "{actor} left you feedback.",
    NotificationKind.FEEDBACK_ON_SKILL: "{actor} left you feedback on {detail}.",
    NotificationKind.FEEDBACK_ON_PROJECT: "{actor} left you feedback on “{detail}”.",
    NotificationKind.ENDORSED: "{actor} endorsed your {detail} at {proficiency}.",
    NotificationKind.SIGNED_OFF: "{actor} signed off your project “{detail}”.",
    NotificationKind.MENTOR_LEFT: (
        "A mentor of yours deleted their account. Their feedback, endorsements and sign-offs "
        "stay with you, from a former mentor."
    ),
    NotificationKind.MESSAGE: "{detail}",
    NotificationKind.REVIEWED: "{actor} reviewed your skills: {detail}.",
    NotificationKind.REPLY: "{actor} replied to the feedback thread “{detail}”.",
    NotificationKind.MENTEE_PROJECT_DONE: (
        "{actor} finished the project “{detail}”: it is waiting for your sign-off."
    ),
    NotificationKind.MENTEE_RATINGS_CHANGED: "{actor} changed their ratings of {detail}.",
    NotificationKind.CHECK_IN_STARTED: "{actor} started a check-in with you, planned for {detail}.",
    NotificationKind.CHECK_IN_RATED: (
        "{actor} rated their skills for your check-in: both ratings are side by side now."
    ),
    NotificationKind.CHECK_IN_PROPOSED: "{actor} proposed the result of your check-in.",
    NotificationKind.CHECK_IN_AGREED: "{actor} confirmed your check-in: {detail}.",
    NotificationKind.CHECK_IN_CANCELLED: "{actor} cancelled the check-in planned for {detail}.",
}


class NotificationQuerySet(models.QuerySet):
    def shown(self):
        """Return notifications with what their sentence names (the actor's current name)."""
        return self.select_related("actor__profile")


class Notification(models.Model):
    """Something a user is told about. It keeps the parts (who did what, about which
    thing) rather than a sentence, so no user input is ever cut to fit; the sentence is
    put together when it is shown."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.TextField(blank=True)
    proficiency = models.PositiveSmallIntegerField(
        choices=Proficiency.choices, null=True, blank=True
    )
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The count of a person's unread notifications is read with every signed-in
        # request (the navigation bar's badge): an index of the unread ones only.
        indexes = [
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx"
            )
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        """Return the sentence the user reads, naming the actor as they are called now (read
        the notifications with select_related("actor__profile"))."""
        return SENTENCES.get(self.kind, "{detail}").format(
            # every sentence starts with its actor
            actor=display_name(self.actor, gone=FORMER_MEMBER.capitalize()),
            detail=self.detail,
            proficiency=self.get_proficiency_display() if self.proficiency is not None else "",
        )


def _in_a_week():
    return timezone.localdate() + timedelta(days=7)


class CheckInStatus(models.TextChoices):
    OPEN = "open", "Rating"  # both sides rate, neither sees the other's ratings
    AGREEING = "agreeing", "Agreeing"  # both rated: side by side, a result proposed
    FROZEN = "frozen", "Agreed"  # the mentor confirmed the result: kept as it was that day
    CANCELLED = "cancelled", "Cancelled"


UNFINISHED = (CheckInStatus.OPEN, CheckInStatus.AGREEING)


class Side(models.TextChoices):
    LEARNER = "learner", "The learner's rating"
    MENTOR = "mentor", "The mentor's rating"
    AGREED = "agreed", "The agreed rating"


class CheckInQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=UNFINISHED)

    def for_learner(self, user):
        """Return the check-ins the learner sees: every one of a current mentorship, and
        the agreed ones of a mentorship that ended."""
        return self.filter(mentorship__learner=user).filter(
            Q(mentorship__status=Status.ACCEPTED) | Q(status=CheckInStatus.FROZEN)
        )

    def for_mentor(self, user):
        """Return the check-ins of the mentorships the user mentors now."""
        return self.filter(mentorship__mentor=user, mentorship__status=Status.ACCEPTED)

    def visible_to(self, user):
        """Return the check-ins the user may open: theirs as a learner, or as a current
        mentor."""
        return self.for_learner(user) | self.for_mentor(user)


class CheckIn(models.Model):
    """A learner and their mentor rate chosen skills independently, see both ratings side by
    side and agree on a result. Once the mentor confirms it, the check-in is frozen: its
    figures are kept in `frozen` as they were that day, and the page shows only those."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="check_ins")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    due_on = models.DateField("planned for", default=_in_a_week)
    status = models.CharField(
        max_length=16, choices=CheckInStatus.choices, default=CheckInStatus.OPEN
    )
    skills = models.ManyToManyField(Skill, related_name="+", verbose_name="skills to rate")
    created_at = models.DateTimeField(default=timezone.now)
    learner_rated_at = models.DateTimeField(null=True, blank=True)
    mentor_rated_at = models.DateTimeField(null=True, blank=True)
    # The proposed result until it is confirmed, then the agreed one.
    # PROTECT: a level a check-in agreed on is retired, never deleted.
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="agreed level",
    )
    note = models.TextField("the agreed result", blank=True, max_length=1000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The check-in as it was agreed: levels, readiness, ratings and verified marks
    # (mentoring/check_in_rules.py: Snapshot). Empty until frozen.
    frozen = models.JSONField(default=dict, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship"],
                condition=Q(status__in=UNFINISHED),
                name="one_unfinished_check_in_per_mentorship",
            )
        ]
        verbose_name = "check-in"

    def __str__(self):
        return f"Check-in of {self.due_on}"

    def get_absolute_url(self):
        return reverse("mentoring:check_in", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status == CheckInStatus.FROZEN

    @property
    def is_unfinished(self) -> bool:
        return self.status in UNFINISHED

    @property
    def both_rated(self) -> bool:
        return self.learner_rated_at is not None and self.mentor_rated_at is not None

    @property
    def held_on(self):
        """The day it was agreed, in the site's time zone; None before."""
        return timezone.localdate(self.frozen_at) if self.frozen_at else None


class CheckInRating(models.Model):
    """One side's rating of one skill in a check-in: the learner's, the mentor's, or the
    agreed one (proposed, then confirmed)."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="ratings")
    # PROTECT: a skill rated in a check-in is retired, never deleted.
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=8, choices=Side.choices)
    proficiency = models.PositiveSmallIntegerField(choices=Proficiency.choices)

    class Meta:
        ordering = ["check_in", "skill", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_in", "skill", "side"], name="one_rating_per_check_in_skill_side"
            )
        ]
        verbose_name = "check-in rating"

    def __str__(self):
        return f"{self.skill} at {self.get_proficiency_display()} ({self.side})"


class DigestDelivery(models.Model):
    """A person's weekly digest of one week, put in the outbox (mentoring/digest.py). Its row
    is written in the transaction that queues the mail, and there is at most one per person
    and week: a digest run that stops midway, or two runs at once, send nobody a second
    digest. The latest row also says since when the next digest tells what changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    week_start = models.DateField(help_text="The Monday of the week the digest is for.")
    created_at = models.DateTimeField("queued at", default=timezone.now)
    items = models.PositiveIntegerField(
        default=0, help_text="How many items it told; 0: nothing to tell, so no mail."
    )

    class Meta:
        ordering = ["-week_start", "-pk"]
        verbose_name_plural = "digest deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week_start"], name="one_digest_per_person_and_week"
            )
        ]

    def __str__(self):
        return f"digest of the week of {self.week_start} for {self.user}"


# Python's numbering (date.weekday()): 0 is Monday.
WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class NotificationSettings(models.Model):
    """What reaches a person, one row per person (none until they change something: the
    defaults of mentoring/preferences.py apply). `deliveries` holds only the kinds they set,
    {kind: "immediate" | "digest" | "off"}, so the digest reads everyone's choices in one
    query and a new kind needs no migration."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    deliveries = models.JSONField(default=dict, blank=True)
    digest = models.BooleanField("weekly digest", default=True)
    digest_day = models.PositiveSmallIntegerField(
        "digest day",
        default=0,
        choices=WEEKDAYS,
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self):
        return f"notification settings of {self.user}"
