"""The shapes of the ladder snapshot: plain frozen dataclasses and tuples, no querysets and
no lazy relations, so a page reading them runs no query (see ladder/snapshot/__init__.py)."""

from dataclasses import dataclass, field
from functools import cached_property
from typing import cast

from django.urls import reverse

from ..models import (
    Proficiency,
    SkillCategory,
    course_format_label,
    salary_band,
    years_range,
)


@dataclass(frozen=True)
class LevelRef:
    """A level as seen from a skill or requirement: enough to name and link it."""

    id: int
    order: int
    slug: str
    title: str

    @property
    def pk(self) -> int:
        return self.id

    def get_absolute_url(self) -> str:
        return reverse("ladder:level", args=[self.slug])

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class SkillRef:
    """A skill as seen from a requirement or project template."""

    id: int
    slug: str
    name: str
    level_order: int | None  # None for a specialisation's skill that no level lists
    order: int = 0  # its place among its level's key skills
    level_id: int | None = None

    @property
    def pk(self) -> int:
        return self.id

    def get_absolute_url(self) -> str:
        return reverse("ladder:skill", args=[self.slug])

    def __str__(self) -> str:
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
    difficulty: str  # a Difficulty value
    skill_ids: tuple[int, ...]

    @property
    def pk(self) -> int:
        return self.id

    @property
    def format_label(self) -> str:
        return course_format_label(self.is_free, self.hours)


@dataclass(frozen=True)
class LevelRequirement:
    """An entry requirement of a level: a skill at a minimum proficiency."""

    skill: SkillRef
    min_proficiency: int

    @property
    def skill_id(self) -> int:
        return self.skill.id

    def get_min_proficiency_display(self) -> str:
        return Proficiency(self.min_proficiency).label


@dataclass(frozen=True)
class SkillRequirement:
    """A requirement seen from the skill: which level asks for it, and how much."""

    level: LevelRef
    min_proficiency: int

    def get_min_proficiency_display(self) -> str:
        return Proficiency(self.min_proficiency).label


@dataclass(frozen=True)
class SkillData:
    id: int
    slug: str
    name: str
    category: str
    order: int
    description: str
    level: LevelRef | None
    rubric: tuple[tuple[int, str, str], ...]
    courses: tuple[CourseData, ...] = ()
    requirements: tuple[SkillRequirement, ...] = ()
    area_id: int | None = None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def level_id(self) -> int | None:
        return self.level.id if self.level else None

    def get_category_display(self) -> str:
        return SkillCategory(self.category).label

    def get_absolute_url(self) -> str:
        return reverse("ladder:skill", args=[self.slug])

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ProjectTemplateData:
    id: int
    slug: str
    title: str
    description: str
    level_id: int | None
    level_order: int | None
    order: int
    skills: tuple[SkillRef, ...] = ()

    @property
    def pk(self) -> int:
        return self.id

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class LevelData:
    id: int
    order: int
    slug: str
    title: str
    salary_min: int | None
    salary_max: int | None
    salary_and_up: bool
    years_min: int | None
    years_max: int | None
    summary: str
    focus: str
    how_to_advance: str
    responsibilities: tuple[str, ...] = ()
    key_skills: tuple[SkillData, ...] = ()
    requirements: tuple[LevelRequirement, ...] = ()
    project_templates: tuple[ProjectTemplateData, ...] = ()
    track_id: int | None = None
    # The years asked to enter: its own, or for a branch track's level that gives none,
    # those of the level the track branches from (entering it includes reaching that level).
    entry_years: int = 0
    years_from: LevelRef | None = None  # the level whose years are asked, when not its own
    on_main_track: bool = True

    @property
    def is_first(self) -> bool:
        """Return whether it is the main ladder's first level, which asks for nothing."""
        return self.on_main_track and self.order == 1

    @property
    def pk(self) -> int:
        return self.id

    def get_absolute_url(self) -> str:
        return reverse("ladder:level", args=[self.slug])

    def __str__(self) -> str:
        return self.title

    @property
    def salary_band(self) -> str:
        return salary_band(self.salary_min, self.salary_max, and_up=self.salary_and_up)

    @property
    def has_salary(self) -> bool:
        return self.salary_min is not None and self.salary_max is not None

    @property
    def years_range(self) -> str:
        if self.years_min is None and self.years_from is not None:
            return f"the years of {self.years_from.title} ({self.entry_years}+)"
        return years_range(self.years_min, self.years_max)


@dataclass(frozen=True)
class TrackData:
    """A career track: its own levels in order; a branch track names the level it leaves
    the main track at."""

    id: int
    order: int
    slug: str
    title: str
    summary: str
    branches_from: LevelRef | None
    levels: tuple[LevelData, ...] = ()

    @property
    def is_main(self) -> bool:
        return self.branches_from is None

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class SkillAreaData:
    id: int
    order: int
    slug: str
    title: str
    description: str
    tools: str
    skills: tuple[SkillData, ...] = ()

    @property
    def tool_list(self) -> list[str]:
        return [tool.strip() for tool in self.tools.split(",") if tool.strip()]


@dataclass(frozen=True)
class DirectionData:
    id: int
    order: int
    slug: str
    title: str
    description: str
    level: LevelRef
    track_id: int | None


@dataclass(frozen=True)
class PathStepData:
    id: int
    order: int
    slug: str
    title: str
    what_to_do: str
    roles: tuple[str, ...]
    skills: tuple[SkillRef, ...] = ()
    courses: tuple[CourseData, ...] = ()
    project_templates: tuple[ProjectTemplateData, ...] = ()

    @property
    def pk(self) -> int:
        return self.id


@dataclass(frozen=True)
class SpecialisationData:
    id: int
    order: int
    slug: str
    title: str
    summary: str
    builds_on: SkillRef | None
    skills: tuple[SkillData, ...] = ()
    project_templates: tuple[ProjectTemplateData, ...] = ()

    @property
    def pk(self) -> int:
        return self.id

    def get_absolute_url(self) -> str:
        return reverse("ladder:specialisation", args=[self.slug])

    @property
    def courses(self) -> tuple[CourseData, ...]:
        """Return the courses of its skills, each once, free ones first."""
        seen: dict[int, CourseData] = {}
        for skill in self.skills:
            for course in skill.courses:
                seen.setdefault(course.id, course)
        return tuple(sorted(seen.values(), key=lambda c: (not c.is_free, c.title)))

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class Ladder:
    """The whole active ladder: the main track's levels in order (`levels`), skills in
    catalogue order, courses, project templates, and the content around the ladder: the
    tracks (main first) with their levels, skill areas, the job's responsibilities, career
    directions, the path in and the specialisations. Lookups by id and slug are computed
    once per process. `version` is the content version it was built at: copies computed from
    it are kept under it."""

    version: int = 0

    levels: tuple[LevelData, ...] = ()
    skills: tuple[SkillData, ...] = ()
    courses: tuple[CourseData, ...] = ()
    project_templates: tuple[ProjectTemplateData, ...] = field(default=())
    tracks: tuple[TrackData, ...] = ()
    skill_areas: tuple[SkillAreaData, ...] = ()
    job_responsibilities: tuple[str, ...] = ()
    directions: tuple[DirectionData, ...] = ()
    path_steps: tuple[PathStepData, ...] = ()
    specialisations: tuple[SpecialisationData, ...] = ()

    @cached_property
    def all_levels(self) -> tuple[LevelData, ...]:
        """Return the levels of every track, the main track's first."""
        return tuple(level for track in self.tracks for level in track.levels)

    @cached_property
    def all_levels_by_id(self) -> dict[int, LevelData]:
        return {level.id: level for level in self.all_levels}

    @cached_property
    def tracks_by_id(self) -> dict[int, TrackData]:
        return {track.id: track for track in self.tracks}

    @property
    def main_track(self) -> TrackData | None:
        return self.tracks[0] if self.tracks and self.tracks[0].is_main else None

    def chain(self, track: TrackData) -> tuple[LevelData, ...]:
        """Return the levels a person climbs to reach the top of `track`: the main track's
        levels up to its branch point, then the track's own."""
        if track.is_main:
            return track.levels
        branch_point = cast(LevelRef, track.branches_from)  # a branch track always names one
        upto = next(
            (i for i, level in enumerate(self.levels) if level.id == branch_point.id),
            None,
        )
        if upto is None:
            return ()  # the branch point is retired: the track can't be reached
        return self.levels[: upto + 1] + track.levels

    def track_of(self, level: LevelData) -> TrackData | None:
        if level.track_id is None:
            return None
        return self.tracks_by_id.get(level.track_id)

    def specialisation(self, slug: str) -> SpecialisationData | None:
        return next((s for s in self.specialisations if s.slug == slug), None)

    @cached_property
    def levels_by_id(self) -> dict[int, LevelData]:
        return {level.id: level for level in self.levels}

    @cached_property
    def skills_by_id(self) -> dict[int, SkillData]:
        return {skill.id: skill for skill in self.skills}

    def level(self, slug: str) -> LevelData | None:
        """Return the level of any track with this slug."""
        return next((level for level in self.all_levels if level.slug == slug), None)

    def skill(self, slug: str) -> SkillData | None:
        return next((skill for skill in self.skills if skill.slug == slug), None)

    def neighbours(self, level: LevelData) -> tuple[LevelData | None, LevelData | None]:
        """Return the level before and after `level` on its way up its track."""
        track = self.track_of(level)
        levels = self.chain(track) if track else self.levels
        if level not in levels:
            return None, None
        index = levels.index(level)
        previous = levels[index - 1] if index > 0 else None
        following = levels[index + 1] if index + 1 < len(levels) else None
        return previous, following

    def courses_for(self, skill_id: int) -> tuple[CourseData, ...]:
        skill = self.skills_by_id.get(skill_id)
        return skill.courses if skill else ()
