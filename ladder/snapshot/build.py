"""Building the ladder snapshot from the database: one builder per kind of content, each
reading its rows once and keeping only what is active (retired rows, and rows that hang from
retired ones, are left out). Nineteen queries in all, whatever the ladder's size."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model

from ..models import (
    CareerDirection,
    Course,
    JobResponsibility,
    Level,
    PathStep,
    ProjectTemplate,
    Requirement,
    Responsibility,
    Skill,
    SkillArea,
    Specialisation,
    Track,
)
from .data import (
    CourseData,
    DirectionData,
    Ladder,
    LevelData,
    LevelRef,
    LevelRequirement,
    PathStepData,
    ProjectTemplateData,
    SkillAreaData,
    SkillData,
    SkillRef,
    SkillRequirement,
    SpecialisationData,
    TrackData,
)

T = TypeVar("T")


def build_ladder(*, version: int = 0) -> Ladder:
    """Return the active ladder read from the database, labelled with its content `version`."""
    frame = _frame()
    skills = _skills(frame)
    courses = _courses(skills)
    requirements = _requirements(frame, skills)
    templates = _templates(frame, skills)
    skill_data = _skill_data(frame, skills, courses, requirements)
    levels = _levels(frame, skills, skill_data, requirements, templates)
    tracks = _tracks(frame, levels)
    main = tracks[0] if tracks and tracks[0].is_main else None
    return Ladder(
        version=version,
        levels=main.levels if main else (),
        skills=skill_data,
        courses=courses,
        project_templates=templates,
        tracks=tracks,
        skill_areas=_areas(skill_data),
        job_responsibilities=tuple(JobResponsibility.objects.values_list("text", flat=True)),
        directions=_directions(frame, levels),
        path_steps=_path_steps(skills, courses, templates),
        specialisations=_specialisations(skills, skill_data, templates),
    )


@dataclass(frozen=True)
class _Frame:
    """The active tracks and levels, which every other kind of content hangs from."""

    tracks: list[Track]
    levels: list[Level]
    level_refs: dict[int, LevelRef]
    branch_points: dict[int, int]  # branch track id -> the main-track level id it leaves from
    main_track_id: int | None


def _frame() -> _Frame:
    tracks = list(Track.objects.active())
    levels = list(Level.objects.active().filter(track__in=tracks))
    branch_points: dict[int, int] = {}
    for level in levels:  # a track's branch point is where its first branching level leaves
        if level.branches_from_id and level.track_id not in branch_points:
            branch_points[level.track_id] = level.branches_from_id
    return _Frame(
        tracks=tracks,
        levels=levels,
        level_refs={
            level.pk: LevelRef(id=level.pk, order=level.order, slug=level.slug, title=level.title)
            for level in levels
        },
        branch_points=branch_points,
        main_track_id=next((t.pk for t in tracks if t.pk not in branch_points), None),
    )


@dataclass(frozen=True)
class _Skills:
    rows: list[Skill]
    refs: dict[int, SkillRef]


def _skills(frame: _Frame) -> _Skills:
    rows = [
        s
        for s in Skill.objects.active().select_related("level")
        if s.level_id is None or s.level_id in frame.level_refs
    ]
    refs = {
        s.pk: SkillRef(
            id=s.pk,
            slug=s.slug,
            name=s.name,
            level_order=s.level.order if s.level_id else None,
            order=s.order,
            level_id=s.level_id,
        )
        for s in rows
    }
    return _Skills(rows, refs)


def _courses(skills: _Skills) -> tuple[CourseData, ...]:
    return tuple(
        CourseData(
            id=c.pk,
            slug=c.slug,
            title=c.title,
            provider=c.provider,
            url=c.url,
            is_free=c.is_free,
            hours=c.hours,
            difficulty=c.difficulty,
            skill_ids=tuple(sorted(s.pk for s in c.skills.all() if s.pk in skills.refs)),
        )
        for c in Course.objects.active().prefetch_related("skills")
    )


def _requirements(frame: _Frame, skills: _Skills) -> list[Requirement]:
    return [
        r
        for r in Requirement.objects.active()
        .select_related("skill__level", "level")
        .order_by("-min_proficiency", "skill__level__order", "skill__order")
        if r.level_id in frame.level_refs and r.skill_id in skills.refs
    ]


def _templates(frame: _Frame, skills: _Skills) -> tuple[ProjectTemplateData, ...]:
    return tuple(
        ProjectTemplateData(
            id=t.pk,
            slug=t.slug,
            title=t.title,
            description=t.description,
            level_id=t.level_id,
            level_order=frame.level_refs[t.level_id].order if t.level_id else None,
            order=t.order,
            skills=tuple(skills.refs[s.pk] for s in t.skills.all() if s.pk in skills.refs),
        )
        for t in ProjectTemplate.objects.active().prefetch_related("skills")
        if t.level_id is None or t.level_id in frame.level_refs
    )


def _skill_data(
    frame: _Frame,
    skills: _Skills,
    courses: tuple[CourseData, ...],
    requirements: list[Requirement],
) -> tuple[SkillData, ...]:
    by_track_and_order = sorted(requirements, key=lambda r: (r.level.track_id, r.level.order))
    return tuple(
        SkillData(
            id=s.pk,
            slug=s.slug,
            name=s.name,
            category=s.category,
            order=s.order,
            description=s.description,
            level=frame.level_refs[s.level_id] if s.level_id else None,
            rubric=tuple(s.rubric),
            courses=tuple(c for c in courses if s.pk in c.skill_ids),
            requirements=tuple(
                SkillRequirement(
                    level=frame.level_refs[r.level_id], min_proficiency=r.min_proficiency
                )
                for r in by_track_and_order
                if r.skill_id == s.pk
            ),
            area_id=s.area_id,
        )
        for s in skills.rows
    )


def _entry_years(frame: _Frame, level: Level) -> tuple[int, LevelRef | None]:
    """Return the years asked to enter `level`, and the level they are asked of when not its
    own: a branch track's level that gives none asks for those of its branch point."""
    if level.years_min is not None:
        return level.years_min, None
    point = frame.branch_points.get(level.track_id)
    by_pk = {lv.pk: lv for lv in frame.levels}
    if point is not None and point in by_pk and (years := by_pk[point].years_min) is not None:
        return years, frame.level_refs[point]
    return 0, None


def _levels(
    frame: _Frame,
    skills: _Skills,
    skill_data: tuple[SkillData, ...],
    requirements: list[Requirement],
    templates: tuple[ProjectTemplateData, ...],
) -> dict[int, LevelData]:
    responsibilities = list(Responsibility.objects.filter(level__in=frame.level_refs))
    levels = {}
    for level in frame.levels:
        years, years_from = _entry_years(frame, level)
        levels[level.pk] = LevelData(
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
                LevelRequirement(skill=skills.refs[r.skill_id], min_proficiency=r.min_proficiency)
                for r in requirements
                if r.level_id == level.pk
            ),
            project_templates=tuple(t for t in templates if t.level_id == level.pk),
            track_id=level.track_id,
            entry_years=years,
            years_from=years_from,
            on_main_track=level.track_id == frame.main_track_id,
        )
    return levels


def _tracks(frame: _Frame, levels: dict[int, LevelData]) -> tuple[TrackData, ...]:
    """Return the tracks a person can climb, the main track first, then the branches in
    their order. A branch with no level, or leaving from a retired level, is left out."""
    tracks = []
    for track in frame.tracks:
        is_main = track.pk == frame.main_track_id
        point = frame.branch_points.get(track.pk)
        if not is_main and (point is None or point not in frame.level_refs):
            continue
        tracks.append(
            TrackData(
                id=track.pk,
                order=track.order,
                slug=track.slug,
                title=track.title,
                summary=track.summary,
                branches_from=None if is_main or point is None else frame.level_refs[point],
                levels=tuple(levels[lv.pk] for lv in frame.levels if lv.track_id == track.pk),
            )
        )
    return tuple(sorted(tracks, key=lambda t: (not t.is_main, t.order, t.title)))


def _areas(skill_data: tuple[SkillData, ...]) -> tuple[SkillAreaData, ...]:
    return tuple(
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


def _directions(frame: _Frame, levels: dict[int, LevelData]) -> tuple[DirectionData, ...]:
    return tuple(
        DirectionData(
            id=d.pk,
            order=d.order,
            slug=d.slug,
            title=d.title,
            description=d.description,
            level=frame.level_refs[d.level_id],
            track_id=levels[d.level_id].track_id,
        )
        for d in CareerDirection.objects.active()
        if d.level_id in frame.level_refs
    )


def _known(rows: Iterable[Model], by_id: Mapping[int, T]) -> tuple[T, ...]:
    """Return the snapshot's objects for `rows`, leaving out those it does not hold."""
    return tuple(by_id[row.pk] for row in rows if row.pk in by_id)


def _path_steps(
    skills: _Skills,
    courses: tuple[CourseData, ...],
    templates: tuple[ProjectTemplateData, ...],
) -> tuple[PathStepData, ...]:
    courses_by_id = {c.id: c for c in courses}
    templates_by_id = {t.id: t for t in templates}
    return tuple(
        PathStepData(
            id=step.pk,
            order=step.order,
            slug=step.slug,
            title=step.title,
            what_to_do=step.what_to_do,
            roles=tuple(role.strip() for role in step.roles.split(",") if role.strip()),
            skills=tuple(skills.refs[s.pk] for s in step.skills.all() if s.pk in skills.refs),
            courses=tuple(courses_by_id[c.pk] for c in step.courses.all() if c.pk in courses_by_id),
            project_templates=_known(step.project_templates.all(), templates_by_id),
        )
        for step in PathStep.objects.active().prefetch_related(
            "skills", "courses", "project_templates"
        )
    )


def _specialisations(
    skills: _Skills,
    skill_data: tuple[SkillData, ...],
    templates: tuple[ProjectTemplateData, ...],
) -> tuple[SpecialisationData, ...]:
    skills_by_id = {s.id: s for s in skill_data}
    templates_by_id = {t.id: t for t in templates}
    return tuple(
        SpecialisationData(
            id=spec.pk,
            order=spec.order,
            slug=spec.slug,
            title=spec.title,
            summary=spec.summary,
            builds_on=skills.refs.get(spec.builds_on_id),
            skills=tuple(skills_by_id[s.pk] for s in spec.skills.all() if s.pk in skills_by_id),
            project_templates=_known(spec.project_templates.all(), templates_by_id),
        )
        for spec in Specialisation.objects.active().prefetch_related("skills", "project_templates")
    )
