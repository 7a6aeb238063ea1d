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
    CareerDirection,
    Course,
    JobResponsibility,
    Level,
    PathStep,
    Proficiency,
    ProjectTemplate,
    Requirement,
    Responsibility,
    Skill,
    SkillArea,
    SkillCategory,
    Specialisation,
    Track,
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
    level_order: int | None  # None for a specialisation's skill that no level lists
    order: int = 0  # its place among its level's key skills
    level_id: int | None = None

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
    level: LevelRef | None
    rubric: tuple[tuple[int, str, str], ...]
    courses: tuple[CourseData, ...] = ()
    requirements: tuple[SkillRequirement, ...] = ()
    area_id: int | None = None

    @property
    def pk(self):
        return self.id

    @property
    def level_id(self):
        return self.level.id if self.level else None

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
    level_id: int | None
    level_order: int | None
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
    def is_first(self):
        """Return whether it is the main ladder's first level, which asks for nothing."""
        return self.on_main_track and self.order == 1

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
    def has_salary(self):
        return self.salary_min is not None and self.salary_max is not None

    @property
    def years_range(self):
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
    def is_main(self):
        return self.branches_from is None

    def __str__(self):
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
    def tool_list(self):
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
    def pk(self):
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
    def pk(self):
        return self.id

    def get_absolute_url(self):
        return reverse("ladder:specialisation", args=[self.slug])

    @property
    def courses(self) -> tuple[CourseData, ...]:
        """Return the courses of its skills, each once, free ones first."""
        seen = {}
        for skill in self.skills:
            for course in skill.courses:
                seen.setdefault(course.id, course)
        return tuple(sorted(seen.values(), key=lambda c: (not c.is_free, c.title)))

    def __str__(self):
        return self.title


@dataclass(frozen=True)
class Ladder:
    """The whole active ladder: the main track's levels in order (`levels`), skills in
    catalogue order, courses, project templates, and the content around the ladder: the
    tracks (main first) with their levels, skill areas, the job's responsibilities, career
    directions, the path in and the specialisations. Lookups by id and slug are computed
    once per process."""

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

    def chain(self, track) -> tuple[LevelData, ...]:
        """Return the levels a person climbs to reach the top of `track`: the main track's
        levels up to its branch point, then the track's own."""
        if track.is_main:
            return track.levels
        upto = next(
            (i for i, level in enumerate(self.levels) if level.id == track.branches_from.id),
            None,
        )
        if upto is None:
            return ()  # the branch point is retired: the track can't be reached
        return self.levels[: upto + 1] + track.levels

    def track_of(self, level) -> TrackData | None:
        return self.tracks_by_id.get(level.track_id)

    def specialisation(self, slug) -> SpecialisationData | None:
        return next((s for s in self.specialisations if s.slug == slug), None)

    @cached_property
    def levels_by_id(self) -> dict[int, LevelData]:
        return {level.id: level for level in self.levels}

    @cached_property
    def skills_by_id(self) -> dict[int, SkillData]:
        return {skill.id: skill for skill in self.skills}

    def level(self, slug) -> LevelData | None:
        """Return the level of any track with this slug."""
        return next((level for level in self.all_levels if level.slug == slug), None)

    def skill(self, slug) -> SkillData | None:
        return next((skill for skill in self.skills if skill.slug == slug), None)

    def neighbours(self, level) -> tuple[LevelData | None, LevelData | None]:
        """Return the level before and after `level` on its way up its track."""
        track = self.track_of(level)
        levels = self.chain(track) if track else self.levels
        if level not in levels:
            return None, None
        index = levels.index(level)
        previous = levels[index - 1] if index > 0 else None
        following = levels[index + 1] if index + 1 < len(levels) else None
        return previous, following

    def courses_for(self, skill_id) -> tuple[CourseData, ...]:
        skill = self.skills_by_id.get(skill_id)
        return skill.courses if skill else ()


def _level_ref(level) -> LevelRef:
    return LevelRef(id=level.pk, order=level.order, slug=level.slug, title=level.title)


def build_ladder() -> Ladder:
    """Return the active ladder read from the database (nineteen queries, whatever its size)."""
    tracks = list(Track.objects.active())
    levels = list(Level.objects.active().filter(track__in=tracks))
    level_refs = {level.pk: _level_ref(level) for level in levels}
    skills = [
        s
        for s in Skill.objects.active().select_related("level")
        if s.level_id is None or s.level_id in level_refs
    ]
    skill_refs = {
        s.pk: SkillRef(
            id=s.pk,
            slug=s.slug,
            name=s.name,
            level_order=s.level.order if s.level_id else None,
            order=s.order,
            level_id=s.level_id,
        )
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
    courses_by_id = {c.id: c for c in courses}
    requirements = [
        r
        for r in Requirement.objects.active()
        .select_related("skill__level", "level")
        .order_by("-min_proficiency", "skill__level__order", "skill__order")
        if r.level_id in level_refs and r.skill_id in skill_refs
    ]
    responsibilities = list(Responsibility.objects.filter(level__in=level_refs))
    templates = [
        ProjectTemplateData(
            id=t.pk,
            slug=t.slug,
            title=t.title,
            description=t.description,
            level_id=t.level_id,
            level_order=level_refs[t.level_id].order if t.level_id else None,
            order=t.order,
            skills=tuple(skill_refs[s.pk] for s in t.skills.all() if s.pk in skill_refs),
        )
        for t in ProjectTemplate.objects.active().prefetch_related("skills")
        if t.level_id is None or t.level_id in level_refs
    ]
    templates_by_id = {t.id: t for t in templates}

    skill_data = tuple(
        SkillData(
            id=s.pk,
            slug=s.slug,
            name=s.name,
            category=s.category,
            order=s.order,
            description=s.description,
            level=level_refs[s.level_id] if s.level_id else None,
            rubric=tuple(s.rubric),
            courses=tuple(c for c in courses if s.pk in c.skill_ids),
            requirements=tuple(
                SkillRequirement(level=level_refs[r.level_id], min_proficiency=r.min_proficiency)
                for r in sorted(requirements, key=lambda r: (r.level.track_id, r.level.order))
                if r.skill_id == s.pk
            ),
            area_id=s.area_id,
        )
        for s in skills
    )
    skills_by_id = {s.id: s for s in skill_data}
    by_pk = {level.pk: level for level in levels}

    # A track's branch point: the main-track level its first branching level leaves from.
    branch_points = {}
    for level in levels:
        if level.branches_from_id and level.track_id not in branch_points:
            branch_points[level.track_id] = level.branches_from_id
    main_id = next((t.pk for t in tracks if t.pk not in branch_points), None)

    def entry_years(level):
        """Return (years, level they come from) asked to enter `level`."""
        if level.years_min is not None:
            return level.years_min, None
        point = branch_points.get(level.track_id)
        if point in by_pk and by_pk[point].years_min is not None:
            return by_pk[point].years_min, level_refs[point]
        return 0, None

    level_data = {}
    for level in levels:
        years, years_from = entry_years(level)
        level_data[level.pk] = LevelData(
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
            key_skills=tuple(s for s in skill_data if s.level and s.level.id == level.pk),
            requirements=tuple(
                LevelRequirement(skill=skill_refs[r.skill_id], min_proficiency=r.min_proficiency)
                for r in requirements
                if r.level_id == level.pk
            ),
            project_templates=tuple(t for t in templates if t.level_id == level.pk),
            track_id=level.track_id,
            entry_years=years,
            years_from=years_from,
            on_main_track=level.track_id == main_id,
        )
    track_data = []
    for track in tracks:
        point = branch_points.get(track.pk)
        if track.pk != main_id and (point is None or point not in level_refs):
            continue  # no level, or it branches from a retired level: nobody can reach it
        track_data.append(
            TrackData(
                id=track.pk,
                order=track.order,
                slug=track.slug,
                title=track.title,
                summary=track.summary,
                branches_from=level_refs[point] if track.pk != main_id else None,
                levels=tuple(
                    level_data[level.pk] for level in levels if level.track_id == track.pk
                ),
            )
        )
    # the main track first, then the branches in their order
    track_data.sort(key=lambda t: (not t.is_main, t.order, t.title))
    main = track_data[0] if track_data and track_data[0].is_main else None

    areas = tuple(
        SkillAreaData(
            id=a.pk,
            order=a.order,
            slug=a.slug,
            title=a.title,
            description=a.description,
            tools=a.tools,
            skills=tuple(s for s in skill_data if s.area_id == a.pk),
        )
        for a in SkillArea.objects.active()
    )
    directions = tuple(
        DirectionData(
            id=d.pk,
            order=d.order,
            slug=d.slug,
            title=d.title,
            description=d.description,
            level=level_refs[d.level_id],
            track_id=level_data[d.level_id].track_id,
        )
        for d in CareerDirection.objects.active()
        if d.level_id in level_refs
    )
    steps = tuple(
        PathStepData(
            id=step.pk,
            order=step.order,
            slug=step.slug,
            title=step.title,
            what_to_do=step.what_to_do,
            roles=tuple(role.strip() for role in step.roles.split(",") if role.strip()),
            skills=tuple(skill_refs[s.pk] for s in step.skills.all() if s.pk in skill_refs),
            courses=tuple(courses_by_id[c.pk] for c in step.courses.all() if c.pk in courses_by_id),
            project_templates=tuple(
                templates_by_id[t.pk]
                for t in step.project_templates.all()
                if t.pk in templates_by_id
            ),
        )
        for step in PathStep.objects.active().prefetch_related(
            "skills", "courses", "project_templates"
        )
    )
    specialisations = tuple(
        SpecialisationData(
            id=spec.pk,
            order=spec.order,
            slug=spec.slug,
            title=spec.title,
            summary=spec.summary,
            builds_on=skill_refs.get(spec.builds_on_id),
            skills=tuple(skills_by_id[s.pk] for s in spec.skills.all() if s.pk in skills_by_id),
            project_templates=tuple(
                templates_by_id[t.pk]
                for t in spec.project_templates.all()
                if t.pk in templates_by_id
            ),
        )
        for spec in Specialisation.objects.active().prefetch_related("skills", "project_templates")
    )
    return Ladder(
        levels=main.levels if main else (),
        skills=skill_data,
        courses=tuple(courses),
        project_templates=tuple(templates),
        tracks=tuple(track_data),
        skill_areas=areas,
        job_responsibilities=tuple(JobResponsibility.objects.values_list("text", flat=True)),
        directions=directions,
        path_steps=steps,
        specialisations=specialisations,
    )


def ladder_changed():
    """Note that ladder content changed: the version is bumped once this transaction commits."""
    versions.changed(VERSION_KEY)


def ladder_version():
    """Return the current content version, or None while this transaction has changed the
    ladder without committing (its cached values are stale for it)."""
    return versions.committed([VERSION_KEY]).get(VERSION_KEY)


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
