import uuid

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from careerpath import versions
from careerpath.fields import HttpsOnlyURLField, HttpsURLField
from ladder.models import (
    Course,
    Level,
    PathStep,
    Proficiency,
    ProjectTemplate,
    Skill,
    Specialisation,
)

from . import display


def version_field():
    """The number of saves a row has had: an edit form carries the one it was read at,
    and a save from a form read at an older one is a conflict (see profiles.services)."""
    return models.PositiveIntegerField(default=1, editable=False)


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private: only me and the mentors I accept"
    PUBLIC = "public", "Public: anyone with my profile link sees my level, skills and done projects"


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    display_name = models.CharField(max_length=80, blank=True)
    headline = models.CharField(
        max_length=160,
        blank=True,
        help_text="One line about you, e.g. “Analyst moving into ML”.",
    )
    github_url = HttpsURLField("GitHub profile", blank=True)
    kaggle_url = HttpsURLField("Kaggle profile", blank=True)
    website_url = HttpsURLField("personal website", blank=True)
    weekly_hours = models.PositiveSmallIntegerField(
        "hours a week for learning",
        default=5,
        validators=[MaxValueValidator(80)],
        help_text="Used to estimate when you could reach the next level.",
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    # What a public profile shows besides the level and skills (profiles/public.py).
    public_projects = models.BooleanField(
        "show my done projects on my public profile", default=True
    )
    public_sign_offs = models.BooleanField(
        "show which mentor signed off each project", default=True
    )
    public_endorsements = models.BooleanField(
        "show my mentors' ratings of my skills",
        default=False,
        help_text="Each skill a mentor reviewed, with the level they rated it at.",
    )
    public_evidence = models.BooleanField(
        "show my evidence links on my public profile",
        default=False,
        help_text="The links you added as evidence of your skills and done projects.",
    )
    target = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The level, on any track, the dashboard measures readiness for. "
        "Empty: the next level of the main ladder.",
    )
    specialisations = models.ManyToManyField(Specialisation, blank=True, related_name="+")
    target_date = models.DateField(
        "target date",
        null=True,
        blank=True,
        help_text="When you want to reach your target level. The plan dates its items to "
        "meet it; empty: the plan runs at your weekly hours with no deadline.",
    )
    # The secret in the address of the person's calendar feed (profiles/calendar.py): None
    # until they turn the feed on; replaced on reset, so the old address stops at once.
    calendar_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = version_field()
    # The version of everything shown from this person's data (careerpath/versions.py), moved
    # by every write of it in the write's own transaction: cached parts of their pages, and
    # of their mentors' pages, are kept under it. Not `version`, which is this row's own.
    data_version = versions.VersionField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The name shown to the learner and their mentors: the email if no name is set."""
        return display.private_name(self.display_name, self.user.email, self.user.get_username())

    @property
    def public_name(self):
        """The name shown to anyone with the public link: never the email address."""
        return display.public_name(self.display_name)

    def get_public_url(self):
        return reverse("profiles:public", args=[self.public_id])


class Experience(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiences"
    )
    role_title = models.CharField("role", max_length=120)
    organisation = models.CharField(max_length=120)
    start_month = models.DateField(help_text="First month in the role.")
    end_month = models.DateField(
        null=True, blank=True, help_text="Last month in the role. Leave empty if it is current."
    )
    is_ml_work = models.BooleanField(
        "machine learning work",
        default=True,
        help_text="Only machine learning roles count towards the years the ladder asks for.",
    )
    version = version_field()

    class Meta:
        ordering = ["-start_month", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_month__isnull=True)
                | models.Q(end_month__gte=models.F("start_month")),
                name="experience_ends_after_start",
            )
        ]
        # Serves the ordering (the admin's list at scale).
        indexes = [models.Index(fields=["-start_month", "-id"], name="experience_recent_idx")]

    def __str__(self):
        return f"{self.role_title}, {self.organisation}"

    @property
    def is_current(self):
        return self.end_month is None


class SkillRatingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Return the user's ratings with their skill and its level."""
        return self.filter(user=user).select_related("skill__level")


class SkillRating(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_ratings"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="ratings")
    proficiency = models.PositiveSmallIntegerField(
        choices=Proficiency.choices, default=Proficiency.NOT_STARTED
    )
    notes = models.TextField(blank=True, max_length=2000)
    evidence_url = HttpsURLField("evidence link", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    objects = SkillRatingQuerySet.as_manager()

    class Meta:
        ordering = ["skill__level__order", "skill__order"]
        constraints = [
            models.UniqueConstraint(fields=["user", "skill"], name="one_rating_per_skill")
        ]
        # Serves the admin's list (latest first) over millions of ratings.
        indexes = [models.Index(fields=["-updated_at", "-id"], name="skillrating_recent_idx")]

    def __str__(self):
        return f"{self.skill}: {self.get_proficiency_display()}"


class SkillRatingChange(models.Model):
    """One change of a user's proficiency in a skill, kept to show progress over time."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_rating_changes"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    old_proficiency = models.PositiveSmallIntegerField(
        choices=Proficiency.choices, null=True, blank=True
    )
    new_proficiency = models.PositiveSmallIntegerField(choices=Proficiency.choices)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.skill}: {self.old_proficiency} → {self.new_proficiency}"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class Project(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True, max_length=4000)
    link = HttpsURLField(blank=True, help_text="Repository, notebook or demo.")
    status = models.CharField(
        max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="+", verbose_name="skills it demonstrates"
    )
    template = models.ForeignKey(
        ProjectTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ladder project it fulfils",
    )
    # The day the project was marked done (services set it; None while it is not done, and
    # for projects done before the date was kept, unless the migration could date them).
    done_on = models.DateField("done on", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        # Serves the ordering (the admin's list at scale).
        indexes = [models.Index(fields=["-updated_at", "-id"], name="project_recent_idx")]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.status == ProjectStatus.DONE


class EvidenceKind(models.TextChoices):
    REPOSITORY = "repository", "Repository"
    NOTEBOOK = "notebook", "Notebook"
    COMPETITION = "competition", "Competition result"
    MODEL_CARD = "model_card", "Model card"
    DEMO = "demo", "Deployed demo"
    PAPER = "paper", "Paper"
    COURSE_CERTIFICATE = "course_certificate", "Course certificate"


class EvidenceQuerySet(models.QuerySet):
    def of_user(self, user_id):
        """Return the person's evidence, oldest first, with the skill or project it proves."""
        return self.filter(user_id=user_id).select_related("skill", "project")


class Evidence(models.Model):
    """A link that shows a skill or a project: a repository, a notebook, a result... Exactly
    one of `skill` and `project` is set. The link is checked for form (https, well-formed)
    and never fetched by the site."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(max_length=24, choices=EvidenceKind.choices)
    url = HttpsOnlyURLField("link", max_length=500)
    note = models.CharField(max_length=200, blank=True)
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(skill__isnull=False, project__isnull=True)
                | models.Q(skill__isnull=True, project__isnull=False),
                name="evidence_of_a_skill_or_a_project",
            )
        ]
        # Serves the admin's list (latest first) at scale.
        indexes = [models.Index(fields=["-created_at", "-id"], name="evidence_recent_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.url}"


class PathStepDone(models.Model):
    """A step of the path into ML engineering that the learner marked as done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="path_steps_done"
    )
    step = models.ForeignKey(PathStep, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["step__order"]
        verbose_name = "step of the path done"
        verbose_name_plural = "steps of the path done"
        constraints = [models.UniqueConstraint(fields=["user", "step"], name="path_step_done_once")]

    def __str__(self):
        return f"{self.step} (done {self.done_at:%Y-%m-%d})"


class CourseState(models.TextChoices):
    PLANNED = "planned", "Planned"
    STARTED = "started", "Started"
    DONE = "done", "Done"


class CourseProgress(models.Model):
    """Where a learner is with a course of the ladder: planned, started or done, with the
    days it was started and done. Kept when the course is retired (PROTECT)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_progress"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=8, choices=CourseState.choices)
    started_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name_plural = "course progress"
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_progress_per_course")
        ]

    def __str__(self):
        return f"{self.course}: {self.get_state_display()}"


class AccountSession(AbstractBaseSession):
    """A signed-in browser's session, kept in the database only (profiles/sessions.py): a
    log-out deletes the row and is final, whatever happened to the cache. The account it
    signs in is a column, so the session, the account and its profile come in one query."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore

    class Meta:
        verbose_name = "session"
