"""Reads of a learner's data, shaped for the pure assessment functions and the pages."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from ladder.models import Course, Level, Proficiency, Skill, SkillCategory

from . import assessment as rules
from . import charts
from .models import Profile, ProjectStatus, SkillRating, SkillRatingChange


def level_rules(levels) -> list[rules.LevelRule]:
    """Return the assessment's view of levels fetched with Level.objects.for_ladder()."""
    return [
        rules.LevelRule(
            id=level.pk,
            order=level.order,
            title=level.title,
            years=level.years_min,
            requirements=tuple(
                rules.SkillRequirement(
                    skill_id=requirement.skill_id,
                    skill_name=requirement.skill.name,
                    min_proficiency=requirement.min_proficiency,
                    skill_level_order=requirement.skill.level.order,
                )
                for requirement in level.requirements.all()
            ),
        )
        for level in levels
    ]


def ml_years_of(experiences, *, today=None) -> float:
    """Years of machine learning work in these experience entries, overlaps counted once."""
    periods = [(e.start_month, e.end_month) for e in experiences if e.is_ml_work]
    return rules.experience_years(periods, today=today or timezone.localdate())


def ml_years(user, *, today=None) -> float:
    return ml_years_of(user.experiences.filter(is_ml_work=True), today=today)


@dataclass
class Dashboard:
    profile: Profile
    levels: list
    current_level: Level
    next_level: Level | None
    assessment: rules.Assessment
    advice: rules.Advice
    years: float
    ratings: list
    experiences: list
    checklist: list
    category_chart: charts.BarChart
    category_rows: list
    progress_chart: charts.LineChart | None
    recent_changes: list
    project_count: int
    notifications: list


def _courses_by_skill(skill_ids):
    links = Course.skills.through.objects.filter(skill_id__in=skill_ids).select_related("course")
    courses = defaultdict(list)
    for link in links.filter(course__retired=False).order_by("course__title"):
        course = link.course
        courses[link.skill_id].append(
            rules.CourseInfo(course.title, course.provider, course.url, course.format_label)
        )
    return courses


def _category_rows(skills, proficiencies):
    totals = defaultdict(lambda: [0, 0])
    for skill in skills:
        totals[skill.category][0] += proficiencies.get(skill.pk, 0)
        totals[skill.category][1] += Proficiency.EXPERT
    return [(label, *totals[value]) for value, label in SkillCategory.choices if value in totals]


class LadderEmpty(Exception):
    """The ladder has no levels yet, so nobody can be assessed."""


def dashboard_for(user, *, today=None) -> Dashboard:
    """Return everything the dashboard shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    levels = list(Level.objects.for_dashboard())
    if not levels:
        raise LadderEmpty
    profile, _ = Profile.objects.select_related("user").get_or_create(user=user)
    ratings = list(SkillRating.objects.for_user(user).filter(skill__in=Skill.objects.active()))
    proficiencies = {rating.skill_id: rating.proficiency for rating in ratings}
    experiences = list(user.experiences.all())
    years = ml_years_of(experiences, today=today)
    result = rules.assess(level_rules(levels), years=years, proficiencies=proficiencies)
    by_id = {level.pk: level for level in levels}
    current = by_id[result.current.id]
    following = by_id[result.next.id] if result.next else None

    projects = list(
        user.projects.select_related("template")
        .prefetch_related("sign_offs__mentorship__mentor__profile")
        .order_by("-updated_at")
    )
    done_templates = defaultdict(list)
    for project in projects:
        if project.status == ProjectStatus.DONE and project.template_id:
            done_templates[project.template_id].append(project)
    templates = [t for level in levels for t in level.project_templates.all()]
    checklist = [
        (template, done_templates.get(template.pk, []))
        for level in (current, following)
        if level
        for template in level.project_templates.all()
    ]
    unmet_ids = [check.skill_id for check in result.unmet if not check.is_years]
    advice = rules.advise(
        result,
        courses_by_skill=_courses_by_skill(unmet_ids),
        templates=[rules.TemplateInfo(t.pk, t.title, by_id[t.level_id].order) for t in templates],
        done_template_ids=done_templates.keys(),
        weekly_hours=profile.weekly_hours,
    )

    skills = [skill for level in levels for skill in level.key_skills.all()]
    category_rows = _category_rows(skills, proficiencies)
    history = list(
        SkillRatingChange.objects.filter(user=user)
        .select_related("skill")
        .order_by("changed_at", "pk")
    )
    series = charts.cumulative_points(
        (timezone.localdate(change.changed_at), change.old_proficiency, change.new_proficiency)
        for change in history
    )
    return Dashboard(
        profile=profile,
        levels=levels,
        current_level=current,
        next_level=following,
        assessment=result,
        advice=advice,
        years=years,
        ratings=ratings,
        experiences=experiences,
        checklist=checklist,
        category_chart=charts.bar_chart(category_rows),
        category_rows=category_rows,
        progress_chart=charts.line_chart(series),
        recent_changes=history[::-1][:8],
        notifications=list(user.notifications.filter(read_at__isnull=True)[:5]),
        project_count=len(projects),
    )
