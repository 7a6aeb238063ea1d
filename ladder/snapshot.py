"""The active ladder as one immutable snapshot, built once per content version and cached.

The ladder changes a few times a year and is read on every page, so the pages read it from
`ladder_snapshot()`: plain frozen dataclasses and tuples, no querysets, no lazy relations.

Versioning: the cache holds a version token under VERSION_KEY and the snapshot under
f"ladder:{version}". Any save, delete or many-to-many change of ladder content (the admin,
retiring, load_ladder) bumps the token once its transaction commits, so the next request
builds the new ladder. Until then the writing transaction itself reads the ladder fresh from
the database (it sees its own writes; nobody else sees them before the commit). If the cache
is unreachable the snapshot is built from the database: slower, never a 500.
"""

import logging
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.urls import reverse

from careerpath import versions

from .models import (
    Course,
    Level,
    Proficiency,
    ProjectTemplate,
    Requirement,
    Responsibility,
    Skill,
    SkillCategory,
    course_format_label,
    salary_band,
    years_range,
)

logger = logging.getLogger(__name__)

VERSION_KEY = "ladder:version"
SNAPSHOT_TIMEOUT = 60 * 60 * 24  # a superseded version's snapshot ages out of the cache


@dataclass(frozen=True)
class LevelRef:
    """A level as seen from a skill or requirement: enough to name and link it."""

    id: int
    order: int
    slug: str
    title: str

    @property
    def pk(self):
        return self.id

    def get_absolute_url(self):
        return reverse("ladder:level", args=[self.slug])

    def __str__(self):
        return self.title


@dataclass(frozen=True)
class SkillRef:
    """A skill as seen from a requirement or project template."""

    id: int
    slug: str
    name: str
    level_order: int
    order: int = 0  # its place among its level's key skills

    @property
    def pk(self):
        return self.id

    def get_absolute_url(self):
        return reverse("ladder:skill", args=[self.slug])

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class CourseData:
    id: int
    slug: str
    title: str
    provider: str
    url: str
    is_free: bool
    hours: int | None
    skill_ids: tuple[int, ...]

    @property
    def pk(self):
        return self.id

    @property
    def format_label(self):
        return course_format_label(self.is_free, self.hours)


@dataclass(frozen=True)
class LevelRequirement:
    """An entry requirement of a level: a skill at a minimum proficiency."""

    skill: SkillRef
    min_proficiency: int

    @property
    def skill_id(self):
        return self.skill.id

    def get_min_proficiency_display(self):
        return Proficiency(self.min_proficiency).label


@dataclass(frozen=True)
class SkillRequirement:
    """A requirement seen from the skill: which level asks for it, and how much."""

    level: LevelRef
    min_proficiency: int

    def get_min_proficiency_display(self):
        return Proficiency(self.min_proficiency).label


@dataclass(frozen=True)
class SkillData:
    id: int
    slug: str
    name: str
    category: str
    order: int
    description: str
    level: LevelRef
    rubric: tuple[tuple[int, str, str], ...]
    courses: tuple[CourseData, ...] = ()
    requirements: tuple[SkillRequirement, ...] = ()

    @property
    def pk(self):
        return self.id

    @property
    def level_id(self):
        return self.level.id

    def get_category_display(self):
        return SkillCategory(self.category).label

    def get_absolute_url(self):
        return reverse("ladder:skill", args=[self.slug])

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class ProjectTemplateData:
    id: int
    slug: str
    title: str
    description: str
    level_id: int
    level_order: int
    order: int
    skills: tuple[SkillRef, ...] = ()

    @property
    def pk(self):
        return self.id

    def __str__(self):
        return self.title


@dataclass(frozen=True)
class LevelData:
    id: int
    order: int
    slug: str
    title: str
    salary_min: int
    salary_max: int
    salary_and_up: bool
    years_min: int
    years_max: int | None
    summary: str
    focus: str
    how_to_advance: str
    responsibilities: tuple[str, ...] = ()
    key_skills: tuple[SkillData, ...] = ()
    requirements: tuple[LevelRequirement, ...] = ()
    project_templates: tuple[ProjectTemplateData, ...] = ()

    @property
    def pk(self):
        return self.id

    def get_absolute_url(self):
        return reverse("ladder:level", args=[self.slug])

    def __str__(self):
        return self.title

    @property
    def salary_band(self):
        return salary_band(self.salary_min, self.salary_max, and_up=self.salary_and_up)

    @property
    def years_range(self):
        return years_range(self.years_min, self.years_max)


@dataclass(frozen=True)
class Ladder:
    """The whole active ladder: levels in order, skills in catalogue order, courses,
    project templates. Lookups by id and slug are computed once per process."""

    levels: tuple[LevelData, ...] = ()
    skills: tuple[SkillData, ...] = ()
    courses: tuple[CourseData, ...] = ()
    project_templates: tuple[ProjectTemplateData, ...] = field(default=())

    @cached_property
    def levels_by_id(self) -> dict[int, LevelData]:
        return {level.id: level for level in self.levels}

    @cached_property
    def skills_by_id(self) -> dict[int, SkillData]:
        return {skill.id: skill for skill in self.skills}

    def level(self, slug) -> LevelData | None:
        return next((level for level in self.levels if level.slug == slug), None)

    def skill(self, slug) -> SkillData | None:
        return next((skill for skill in self.skills if skill.slug == slug), None)

    def neighbours(self, level) -> tuple[LevelData | None, LevelData | None]:
        """Return the level before and after `level`."""
        index = self.levels.index(level)
        previous = self.levels[index - 1] if index > 0 else None
        following = self.levels[index + 1] if index + 1 < len(self.levels) else None
        return previous, following

    def courses_for(self, skill_id) -> tuple[CourseData, ...]:
        skill = self.skills_by_id.get(skill_id)
        return skill.courses if skill else ()


def _level_ref(level) -> LevelRef:
    return LevelRef(id=level.pk, order=level.order, slug=level.slug, title=level.title)


def build_ladder() -> Ladder:
    """Return the active ladder read from the database (eight queries, whatever its size)."""
    levels = list(Level.objects.active())
    level_refs = {level.pk: _level_ref(level) for level in levels}
    skills = [s for s in Skill.objects.active().select_related("level")]
    skill_refs = {
        s.pk: SkillRef(id=s.pk, slug=s.slug, name=s.name, level_order=s.level.order, order=s.order)
        for s in skills
    }
    courses = [
        CourseData(
            id=c.pk,
            slug=c.slug,
            title=c.title,
            provider=c.provider,
            url=c.url,
            is_free=c.is_free,
            hours=c.hours,
            skill_ids=tuple(sorted(s.pk for s in c.skills.all() if s.pk in skill_refs)),
        )
        for c in Course.objects.active().prefetch_related("skills")
    ]
    requirements = list(
        Requirement.objects.active()
        .select_related("skill__level", "level")
        .order_by("-min_proficiency", "skill__level__order", "skill__order")
    )
    responsibilities = list(Responsibility.objects.filter(level__in=level_refs))
    templates = [
        ProjectTemplateData(
            id=t.pk,
            slug=t.slug,
            title=t.title,
            description=t.description,
            level_id=t.level_id,
            level_order=level_refs[t.level_id].order,
            order=t.order,
            skills=tuple(skill_refs[s.pk] for s in t.skills.all() if s.pk in skill_refs),
        )
        for t in ProjectTemplate.objects.active().prefetch_related("skills")
    ]

    skill_data = tuple(
        SkillData(
            id=s.pk,
            slug=s.slug,
            name=s.name,
            category=s.category,
            order=s.order,
            description=s.description,
            level=level_refs[s.level_id],
            rubric=tuple(s.rubric),
            courses=tuple(c for c in courses if s.pk in c.skill_ids),
            requirements=tuple(
                SkillRequirement(level=level_refs[r.level_id], min_proficiency=r.min_proficiency)
                for r in sorted(requirements, key=lambda r: r.level.order)
                if r.skill_id == s.pk
            ),
        )
        for s in skills
    )
    level_data = tuple(
        LevelData(
            id=level.pk,
            order=level.order,
            slug=level.slug,
            title=level.title,
            salary_min=level.salary_min,
            salary_max=level.salary_max,
            salary_and_up=level.salary_and_up,
            years_min=level.years_min,
            years_max=level.years_max,
            summary=level.summary,
            focus=level.focus,
            how_to_advance=level.how_to_advance,
            responsibilities=tuple(r.text for r in responsibilities if r.level_id == level.pk),
            key_skills=tuple(s for s in skill_data if s.level.id == level.pk),
            requirements=tuple(
                LevelRequirement(skill=skill_refs[r.skill_id], min_proficiency=r.min_proficiency)
                for r in requirements
                if r.level_id == level.pk
            ),
            project_templates=tuple(t for t in templates if t.level_id == level.pk),
        )
        for level in levels
    )
    return Ladder(
        levels=level_data,
        skills=skill_data,
        courses=tuple(courses),
        project_templates=tuple(templates),
    )


def ladder_changed():
    """Note that ladder content changed: the version is bumped once this transaction commits."""
    versions.changed(VERSION_KEY)


def ladder_version():
    """Return the current content version, or None while this transaction has changed the
    ladder without committing (its cached values are stale for it)."""
    if VERSION_KEY in versions.pending():
        return None
    return versions.current(VERSION_KEY)


# The last snapshot this process used, so a request whose version has not changed skips
# unpickling the ladder from the cache.
_memo: tuple[object, Ladder] | None = None


def ladder_snapshot() -> Ladder:
    """Return the active ladder, from the cache when its version is there."""
    global _memo
    try:
        version = ladder_version()
        if version is None:
            return build_ladder()
        memo = _memo
        if memo is not None and memo[0] == version:
            return memo[1]
        ladder = cache.get_or_set(f"ladder:{version}", build_ladder, SNAPSHOT_TIMEOUT)
    except Exception:
        logger.warning("The cache is unreachable: the ladder is read from the database.")
        return build_ladder()
    _memo = (version, ladder)
    return ladder
