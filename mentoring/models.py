import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ladder.models import Proficiency, Skill
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

    def due_to_expire(self, now=None):
        return self.filter(status=Status.PENDING, expires_at__lte=now or timezone.now())


class Mentorship(models.Model):
    """A learner's invitation to a mentor, and the relationship once accepted."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships_as_learner"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
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
                models.functions.Lower("invitee_email"),
                "learner",
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_invitation_per_mentor",
            )
        ]

    def __str__(self):
        return f"{self.invitee_email} mentoring {self.learner}"

    def get_absolute_url(self):
        return reverse("mentoring:invitation", args=[self.token])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_expired_now(self):
        return self.status == Status.PENDING and self.expires_at <= timezone.now()


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


class Endorsement(models.Model):
    """A mentor has seen the mentee's skill in practice at the rated proficiency."""

    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="endorsements"
    )
    # PROTECT: a mentor's endorsement never disappears because the ladder changed.
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    proficiency = models.PositiveSmallIntegerField(choices=Proficiency.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "skill"], name="one_endorsement_per_skill_and_mentor"
            )
        ]

    def __str__(self):
        return f"{self.skill} at {self.get_proficiency_display()}"


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


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text
