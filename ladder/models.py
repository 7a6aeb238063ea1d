from django.core.exceptions import ValidationError
from django.db import connections, models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from careerpath import versions
from careerpath.fields import HttpsURLField


class Proficiency(models.IntegerChoices):
    """The one proficiency scale used everywhere in the app."""

    NOT_STARTED = 0, "Not started"
    LEARNING = 1, "Learning"
    PRACTICING = 2, "Practicing"
    PROFICIENT = 3, "Proficient"
    EXPERT = 4, "Expert"


def money_k(amount: int) -> str:
    """Return a salary in thousands as the ladder writes it: 70000 -> "$70K"."""
    return f"${amount // 1000}K"


RETIRED_HELP = (
    "Retired content is hidden from the pages, the assessment and the advice, while "
    "people's ratings, history and projects that refer to it are kept. Content that "
    "people's data refers to can only be retired, not deleted."
)


def retired_field():
    return models.BooleanField(default=False, help_text=RETIRED_HELP)


NO_FIGURE = "No figure given"


def salary_band(low: int | None, high: int | None, *, and_up: bool = False) -> str:
    """Return a level's band as the ladder writes it: "$70K–$100K", or "$350K+" open above;
    "No figure given" when the source documents give none (never "$0")."""
    if low is None or high is None:
        return NO_FIGURE
    band = f"{money_k(low)}–{money_k(high)}"
    return band + "+" if and_up else band


def years_range(low: int | None, high: int | None) -> str:
    """Return a level's years of experience: "2–5 years", or "8+ years" with no top."""
    if low is None:
        return NO_FIGURE
    return f"{low}+ years" if high is None else f"{low}–{high} years"


class Difficulty(models.TextChoices):
    """How much a course assumes: the advice picks the one that fits the learner's step."""

    INTRODUCTORY = "introductory", "Introductory"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


def course_format_label(is_free: bool, hours: int | None) -> str:
    """Return how a course is described next to its link: "Free · about 5 h", or "Paid"."""
    price = "Free" if is_free else "Paid"
    return f"{price} · about {hours} h" if hours else price


class SlugManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class RetirableQuerySet(models.QuerySet):
    # The lookups that make a row retired: its own flag, and for rows listed under a
    # level, the level's flag too (retiring a level retires what it lists).
    retired_lookups: tuple[str, ...] = ("retired",)

    def active(self, *, keep=()):
        """Return the rows not retired, plus those in `keep` (pks that saved data points at)."""
        condition = models.Q()
        for lookup in self.retired_lookups:
            if "__" in lookup:
                # A row with no such parent (a skill listed under no level) is not retired by it.
                parent = lookup.rsplit("__", 1)[0]
                condition &= models.Q(**{lookup: False}) | models.Q(**{f"{parent}__isnull": True})
            else:
                condition &= models.Q(**{lookup: False})
        if not isinstance(keep, models.QuerySet):
            keep = [pk for pk in keep if pk is not None]
        if isinstance(keep, models.QuerySet) or keep:
            condition |= models.Q(pk__in=keep)
        return self.filter(condition)


class Track(models.Model):
    """A career track: the main machine learning engineering ladder, or a track whose first
    level branches from a level of it (research, product; see Level.branches_from)."""

    order = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    summary = models.TextField()
    retired = retired_field()

    objects = SlugManager.from_queryset(RetirableQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)


class LevelQuerySet(RetirableQuerySet):
    retired_lookups = ("retired", "track__retired")

    def main(self):
        """Return the levels of the main track: tracks none of whose levels branch off."""
        return self.exclude(track__levels__branches_from__isnull=False)

    def for_ladder(self):
        """Return active levels with their active key skills, responsibilities and requirements."""
        return self.active().prefetch_related(
            "responsibilities",
            models.Prefetch("key_skills", queryset=Skill.objects.active()),
            models.Prefetch(
                "requirements",
                queryset=Requirement.objects.active()
                .select_related("skill__level")
                .order_by("-min_proficiency", "skill__level__order", "skill__order"),
            ),
        )

    def for_detail(self):
        """Return levels prefetched for the level page, courses of each key skill included."""
        return self.for_ladder().prefetch_related(
            models.Prefetch("key_skills__courses", queryset=Course.objects.active()),
            models.Prefetch(
                "project_templates",
                queryset=ProjectTemplate.objects.active().prefetch_related(
                    models.Prefetch("skills", queryset=Skill.objects.active())
                ),
            ),
        )

    def for_dashboard(self):
        """Return levels as for_ladder() does, with their active project templates too."""
        return self.for_ladder().prefetch_related(
            models.Prefetch("project_templates", queryset=ProjectTemplate.objects.active())
        )


_LevelManagerBase = SlugManager.from_queryset(LevelQuerySet)


class LevelManager(_LevelManagerBase):
    pass


BRANCH_FROM_OWN_TRACK = "A track branches from a level of another track, not of its own."
BRANCH_FROM_A_BRANCH = "Branch from a level of the main track, not from a branching level."


class Level(models.Model):
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="levels")
    order = models.PositiveSmallIntegerField(
        help_text="Position on its track, starting at 1 for the track's first level."
    )
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    branches_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branch_levels",
        help_text="Only for the first level of a branch track: the level of the main track "
        "it branches from. Entering it includes reaching that level.",
    )
    salary_min = models.PositiveIntegerField(
        null=True, blank=True, help_text="US dollars per year. Empty when no source gives one."
    )
    salary_max = models.PositiveIntegerField(
        null=True, blank=True, help_text="US dollars per year. Empty when no source gives one."
    )
    salary_and_up = models.BooleanField(
        default=False, help_text='Show the band as open at the top ("$350K+").'
    )
    years_min = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Years of experience at which the level starts. "
        "It is also the years needed to enter the level. Empty on a branch track's level: "
        "the years of the level the track branches from.",
    )
    years_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for an open-ended range (8+ years)."
    )
    summary = models.TextField(help_text="One or two sentences on what people at this level do.")
    focus = models.TextField("what to focus on")
    how_to_advance = models.TextField(
        blank=True, help_text="How to reach the next level. Empty for the top level."
    )
    retired = models.BooleanField(
        default=False,
        help_text=f"{RETIRED_HELP} Retiring a level retires its key skills and portfolio "
        "project templates with it.",
    )

    objects = LevelManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["track__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["track", "order"], name="level_unique_order_per_track"),
            models.CheckConstraint(
                condition=models.Q(salary_max__isnull=True)
                | models.Q(salary_min__isnull=True)
                | models.Q(salary_max__gte=models.F("salary_min")),
                name="level_salary_max_not_below_min",
            ),
            models.CheckConstraint(
                condition=models.Q(years_max__isnull=True)
                | models.Q(years_min__isnull=True)
                | models.Q(years_max__gte=models.F("years_min")),
                name="level_years_max_not_below_min",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ladder:level", args=[self.slug])

    def clean(self):
        super().clean()
        point = self.branches_from
        if point is None:
            return
        if point.pk == self.pk or point.track_id == self.track_id:
            raise ValidationError({"branches_from": BRANCH_FROM_OWN_TRACK})
        if point.branches_from_id is not None:
            raise ValidationError({"branches_from": BRANCH_FROM_A_BRANCH})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["ladder.track"]  # type: ignore[attr-defined]

    @property
    def salary_band(self):
        return salary_band(self.salary_min, self.salary_max, and_up=self.salary_and_up)

    @property
    def years_range(self):
        return years_range(self.years_min, self.years_max)


class ResponsibilityManager(models.Manager):
    def get_by_natural_key(self, level_slug, order):
        return self.get(level__slug=level_slug, order=order)


class Responsibility(models.Model):
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="responsibilities")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)

    objects = ResponsibilityManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["level__order", "order"]
        verbose_name_plural = "responsibilities"
        constraints = [
            models.UniqueConstraint(fields=["level", "order"], name="responsibility_unique_order")
        ]

    def __str__(self):
        return self.text

    def natural_key(self):
        return (*self.level.natural_key(), self.order)

    natural_key.dependencies = ["ladder.level"]  # type: ignore[attr-defined]


class SkillCategory(models.TextChoices):
    FOUNDATIONS = "foundations", "Foundations"
    MACHINE_LEARNING = "machine-learning", "Machine learning"
    DEEP_LEARNING = "deep-learning", "Deep learning"
    PRODUCTION = "production", "Production & MLOps"
    LEADERSHIP = "leadership", "Leadership & strategy"


class SkillArea(models.Model):
    """One of the six skill areas an ML engineer needs, as the source document lists them."""

    order = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    description = models.TextField()
    tools = models.CharField(
        max_length=300, blank=True, help_text="Tools and topics the area names, comma-separated."
    )
    retired = retired_field()

    objects = SlugManager.from_queryset(RetirableQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)


class SkillQuerySet(RetirableQuerySet):
    retired_lookups = ("retired", "level__retired")

    def for_catalogue(self):
        """Return active skills, their level, active courses and active requirements naming them."""
        return (
            self.active()
            .select_related("level")
            .prefetch_related(
                models.Prefetch("courses", queryset=Course.objects.active()),
                models.Prefetch(
                    "requirements",
                    queryset=Requirement.objects.active()
                    .select_related("level")
                    .order_by("level__order"),
                ),
            )
        )


_SkillManagerBase = SlugManager.from_queryset(SkillQuerySet)


class SkillManager(_SkillManagerBase):
    pass


class Skill(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    category = models.CharField(max_length=32, choices=SkillCategory.choices)
    area = models.ForeignKey(
        SkillArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="skills",
        help_text="The skill area of the job it belongs to.",
    )
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_skills",
        help_text="The level that lists this as one of its key skills. Empty for a deeper "
        "skill of a specialisation, which no level lists.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position within its level.")
    description = models.TextField()
    rubric_learning = models.CharField("1 · Learning looks like", max_length=300)
    rubric_practicing = models.CharField("2 · Practicing looks like", max_length=300)
    rubric_proficient = models.CharField("3 · Proficient looks like", max_length=300)
    rubric_expert = models.CharField("4 · Expert looks like", max_length=300)
    retired = retired_field()

    objects = SkillManager()
    history = HistoricalRecords()

    class Meta:
        # Key skills of a level first, then the deeper skills of specialisations.
        ordering = [models.F("level__order").asc(nulls_last=True), "order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("ladder:skill", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["ladder.level", "ladder.skillarea"]  # type: ignore[attr-defined]

    @property
    def rubric(self):
        """Return (proficiency, label, description) for every step above Not started."""
        texts = [
            self.rubric_learning,
            self.rubric_practicing,
            self.rubric_proficient,
            self.rubric_expert,
        ]
        return [
            (step, Proficiency(step).label, text)
            for step, text in zip(Proficiency.values[1:], texts, strict=True)
        ]


class Course(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=120)
    url = HttpsURLField("link")
    is_free = models.BooleanField("free", default=True)
    hours = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Rough length in hours, if the provider says."
    )
    difficulty = models.CharField(
        max_length=12,
        choices=Difficulty.choices,
        help_text=(
            "What it assumes: introductory courses are recommended for a first step in a skill "
            "(from Not started or Learning), intermediate and advanced ones for later steps."
        ),
    )
    skills = models.ManyToManyField(Skill, related_name="courses")
    retired = retired_field()

    objects = SlugManager.from_queryset(RetirableQuerySet)()
    history = HistoricalRecords(m2m_fields=[skills])

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.provider})"

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["ladder.skill"]  # type: ignore[attr-defined]

    @property
    def format_label(self):
        return course_format_label(self.is_free, self.hours)


def course_skill_name(link) -> str:
    """Return the name of a row linking a course to a skill: its course's (the admin names
    a skill's inline rows so, not "Course_skills object (24)")."""
    return str(link.course)


Course.skills.through.__str__ = course_skill_name  # type: ignore[method-assign]


class ProjectTemplateQuerySet(RetirableQuerySet):
    retired_lookups = ("retired", "level__retired")


class ProjectTemplate(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField()
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_templates",
        help_text="The level whose portfolio lists it; empty for a specialisation's project.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    skills = models.ManyToManyField(Skill, related_name="project_templates", blank=True)
    retired = retired_field()

    objects = SlugManager.from_queryset(ProjectTemplateQuerySet)()
    history = HistoricalRecords(m2m_fields=[skills])

    class Meta:
        ordering = ["level__order", "order", "title"]
        verbose_name = "portfolio project template"

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["ladder.level", "ladder.skill"]  # type: ignore[attr-defined]


COMPUTED_LEVELS_HELP = (
    "Changes take effect for everyone at once: a person's level is computed from the "
    "ladder every time it is shown, never stored."
)


class RequirementQuerySet(models.QuerySet):
    def active(self):
        """Return requirements whose level and skill are both active."""
        return self.filter(
            models.Q(skill__level__isnull=True) | models.Q(skill__level__retired=False),
            level__retired=False,
            skill__retired=False,
        )


_RequirementManagerBase = models.Manager.from_queryset(RequirementQuerySet)


class RequirementManager(_RequirementManagerBase):
    def get_by_natural_key(self, level_slug, skill_slug):
        return self.get(level__slug=level_slug, skill__slug=skill_slug)


class Requirement(models.Model):
    """One skill a person needs, at a minimum proficiency, to enter a level."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="requirements")
    min_proficiency = models.PositiveSmallIntegerField(
        choices=Proficiency.choices[1:],
        default=Proficiency.PROFICIENT,
        help_text=COMPUTED_LEVELS_HELP,
    )

    objects = RequirementManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["level__order", "-min_proficiency", "skill__level__order", "skill__order"]
        constraints = [
            models.UniqueConstraint(fields=["level", "skill"], name="requirement_unique_skill")
        ]

    def __str__(self):
        return f"{self.skill} at {self.get_min_proficiency_display()} for {self.level}"

    def natural_key(self):
        return (*self.level.natural_key(), *self.skill.natural_key())

    natural_key.dependencies = ["ladder.level", "ladder.skill"]  # type: ignore[attr-defined]


class JobResponsibilityManager(models.Manager):
    def get_by_natural_key(self, order):
        return self.get(order=order)


class JobResponsibility(models.Model):
    """One of the key responsibilities of a machine learning engineer (the job page)."""

    order = models.PositiveSmallIntegerField(unique=True)
    text = models.CharField(max_length=300)

    objects = JobResponsibilityManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        verbose_name = "key responsibility of the job"
        verbose_name_plural = "key responsibilities of the job"

    def __str__(self):
        return self.text

    def natural_key(self):
        return (self.order,)


class CareerDirection(models.Model):
    """A direction to grow in as experience comes: the level of a track it leads to."""

    order = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    description = models.CharField(max_length=300)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="directions")
    retired = retired_field()

    objects = SlugManager.from_queryset(RetirableQuerySet)()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["ladder.level"]  # type: ignore[attr-defined]


class PathStep(models.Model):
    """One step of the path into machine learning engineering, before the first ML role."""

    order = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    what_to_do = models.TextField()
    roles = models.CharField(
        max_length=300, blank=True, help_text="Roles that serve this step, comma-separated."
    )
    skills = models.ManyToManyField(Skill, related_name="path_steps", blank=True)
    courses = models.ManyToManyField(Course, related_name="path_steps", blank=True)
    project_templates = models.ManyToManyField(
        ProjectTemplate, related_name="path_steps", blank=True
    )
    retired = retired_field()

    objects = SlugManager.from_queryset(RetirableQuerySet)()
    history = HistoricalRecords(m2m_fields=[skills, courses, project_templates])

    class Meta:
        ordering = ["order"]
        verbose_name = "step of the path in"
        verbose_name_plural = "steps of the path in"

    def __str__(self):
        return f"{self.order}. {self.title}"

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["ladder.skill", "ladder.course", "ladder.projecttemplate"]  # type: ignore[attr-defined]


class Specialisation(models.Model):
    """A field to specialise in, building on a key skill of the ladder with deeper skills."""

    order = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120)
    summary = models.TextField()
    builds_on = models.ForeignKey(
        Skill,
        on_delete=models.PROTECT,
        related_name="specialisations_built_on",
        help_text="The ladder's key skill it builds on; its ratings keep their meaning.",
    )
    skills = models.ManyToManyField(
        Skill, related_name="specialisations", blank=True, verbose_name="deeper skills"
    )
    project_templates = models.ManyToManyField(
        ProjectTemplate, related_name="specialisations", blank=True
    )
    retired = retired_field()

    objects = SlugManager.from_queryset(RetirableQuerySet)()
    history = HistoricalRecords(m2m_fields=[skills, project_templates])

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ladder:specialisation", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["ladder.skill", "ladder.projecttemplate"]  # type: ignore[attr-defined]


# Table and columns as ContentVersion's migration creates them (identifiers quoted alike on
# SQLite and PostgreSQL).
CURRENT_VERSION_SQL = 'SELECT "version" FROM "ladder_contentversion" WHERE "id" = %s'


class ContentVersionManager(models.Manager):
    def current(self) -> int:
        """Return the version of the ladder content (0 before the first one is recorded).
        Every signed-out page costs this one query, so it is plain SQL: compiling it with
        the ORM took as long as running it."""
        with connections[self.db].cursor() as cursor:
            cursor.execute(CURRENT_VERSION_SQL, [ContentVersion.ONLY])
            row = cursor.fetchone()
        return row[0] if row and row[0] else 0

    def move(self) -> None:
        """Start a new version of the ladder content, in the current transaction."""
        if not self.filter(pk=ContentVersion.ONLY).update(version=versions.next_value("version")):
            self.get_or_create(pk=ContentVersion.ONLY)


class ContentVersion(models.Model):
    """The version of the whole ladder content: one row, moved by every write of content in
    the write's own transaction (careerpath/versions.py). The cached ladder snapshot and every
    page built from it are kept under it."""

    ONLY = 1

    version = versions.VersionField()

    objects = ContentVersionManager()

    def __str__(self):
        return f"ladder content version {self.version}"
