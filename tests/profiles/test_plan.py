"""The dated plan's rules (profiles/plan.py): plain data in and out, no database."""

from datetime import timedelta

from django.utils import timezone

from profiles.assessment import (
    HOURS_PER_STEP,
    Assessment,
    Check,
    CourseInfo,
    LevelRule,
    advise,
)
from profiles.plan import (
    COURSE_HOURS,
    PROJECT_HOURS,
    SKILL_STEP_HOURS,
    WHY,
    ItemKind,
    ItemState,
    PlanEntry,
    SkillStep,
    build_plan,
    monday_of,
    plan_entries,
)

TODAY = timezone.localdate()
MONDAY = monday_of(TODAY)


def week(n: int):
    return MONDAY + timedelta(weeks=n)


def skill(key="python", steps=1, state=ItemState.PLANNED):
    return PlanEntry(key=f"skill:{key}", kind=ItemKind.SKILL, title=key, steps=steps, state=state)


def course(pk=1, hours=None, state=ItemState.PLANNED, done_on=None):
    return PlanEntry(
        key=f"course:{pk}",
        kind=ItemKind.COURSE,
        title=f"Course {pk}",
        hours=hours,
        state=state,
        done_on=done_on,
        course_id=pk,
    )


def project(pk=1, state=ItemState.PLANNED):
    return PlanEntry(key=f"project:{pk}", kind=ItemKind.PROJECT, title=f"Project {pk}", state=state)


def plan_of(entries, *, weekly_hours=10, target_date=None):
    return build_plan(
        entries, weekly_hours=weekly_hours, start=TODAY, target_date=target_date, today=TODAY
    )


def test_items_are_laid_end_to_end_at_the_weekly_hours_each_in_the_week_its_last_hour_falls():
    plan = plan_of([course(hours=5), course(2, hours=10), skill(steps=1)], weekly_hours=10)
    # 5 h: week 0; 5..15 h: ends in week 1; 15..35 h: ends in week 3
    assert [item.planned_week for item in plan.items] == [week(0), week(1), week(3)]
    assert [item.starts_week for item in plan.items] == [week(0), week(0), week(1)]
    assert plan.ends_on == week(3) + timedelta(days=6)
    assert plan.hours == 5 + 10 + SKILL_STEP_HOURS


def test_a_course_counts_its_providers_hours_and_otherwise_the_named_default():
    given, unknown = plan_of([course(hours=7), course(2, hours=None)]).items
    assert (given.hours, given.estimated) == (7, False)
    assert (unknown.hours, unknown.estimated) == (COURSE_HOURS, True)


def test_a_skill_counts_the_default_per_step_and_a_project_its_default():
    step, work = plan_of([skill(steps=3), project()]).items
    assert (step.hours, step.estimated) == (3 * SKILL_STEP_HOURS, True)
    assert SKILL_STEP_HOURS == HOURS_PER_STEP  # the dashboard's own assumption
    assert (work.hours, work.estimated) == (PROJECT_HOURS, True)


def test_every_default_is_explained_with_its_figure():
    sentences = " ".join(WHY)
    for figure in (SKILL_STEP_HOURS, COURSE_HOURS, PROJECT_HOURS):
        assert f"{figure} hours" in sentences


def test_started_items_come_first_and_done_items_are_listed_apart_latest_first():
    plan = plan_of(
        [
            skill(),
            course(1, hours=5, state=ItemState.DONE, done_on=TODAY - timedelta(days=20)),
            project(1, state=ItemState.STARTED),
            course(2, hours=5, state=ItemState.DONE, done_on=TODAY - timedelta(days=2)),
        ]
    )
    assert [item.key for item in plan.items] == ["project:1", "skill:python"]
    assert [item.key for item in plan.done] == ["course:2", "course:1"]
    assert plan.done[0].planned_week == monday_of(TODAY - timedelta(days=2))


def test_without_a_target_date_nothing_is_behind():
    plan = plan_of([skill(steps=4)], weekly_hours=1)
    assert plan.behind == 0
    assert not plan.on_track  # nothing to be on track for


def test_items_planned_for_weeks_after_the_target_date_are_behind():
    # 20 h each at 10 h a week: weeks 1, 3, 5; a target in week 3 leaves one behind
    entries = [skill("a"), skill("b"), skill("c")]
    plan = plan_of(entries, target_date=week(3) + timedelta(days=2))
    assert [item.planned_week for item in plan.items] == [week(1), week(3), week(5)]
    assert plan.behind == 1
    assert not plan.on_track
    assert plan.weeks_to_target == 4
    assert plan.hours_for_target == 15  # 60 hours over 4 weeks


def test_a_plan_that_fits_before_the_target_date_is_on_track():
    plan = plan_of([skill("a")], target_date=week(8))
    assert plan.on_track
    assert plan.behind == 0


def test_a_target_date_that_has_passed_leaves_every_later_item_behind():
    plan = build_plan(
        [skill("a"), skill("b")],
        weekly_hours=10,
        start=TODAY,
        target_date=MONDAY - timedelta(days=1),
        today=TODAY,
    )
    assert plan.target_passed
    assert plan.behind == 2
    assert plan.hours_for_target is None


def test_without_weekly_hours_the_items_are_not_dated_and_nothing_is_due():
    plan = plan_of([skill(), course(hours=3)], weekly_hours=0, target_date=week(1))
    assert not plan.dated
    assert plan.weeks == []
    assert plan.due_in_week(TODAY) == []
    assert plan.behind == 0
    assert plan.ends_on is None


def test_due_in_week_gives_the_items_planned_for_the_week_of_any_day_in_it():
    plan = plan_of([course(hours=5), course(2, hours=10), skill()], weekly_hours=10)
    assert [i.key for i in plan.due_in_week(week(1) + timedelta(days=4))] == ["course:2"]
    assert [i.key for i in plan.due_in_week(TODAY)] == ["course:1"]
    assert plan.due_in_week(week(2)) == []


def test_weeks_group_the_items_by_planned_week_in_order():
    plan = plan_of([course(hours=2), course(2, hours=2), skill()], weekly_hours=10)
    assert [(monday, [i.key for i in items]) for monday, items in plan.weeks] == [
        (week(0), ["course:1", "course:2"]),
        (week(2), ["skill:python"]),
    ]


def test_an_empty_plan_ends_nowhere_and_is_on_track_with_a_target():
    plan = plan_of([], target_date=week(2))
    assert plan.items == ()
    assert plan.ends_on is None
    assert plan.on_track


def _step(skill_id, *courses):
    return SkillStep(skill_id, f"Skill {skill_id}", "from Learning to Practicing", 1, "", courses)


def test_each_skill_brings_its_best_course_before_its_practice():
    entries = plan_entries(
        [_step(1, (10, "Best", "https://a", 4), (11, "Second", "https://b", 6))],
        course_states={},
        own_projects=[],
        templates=[],
    )
    assert [e.key for e in entries] == ["course:10", "skill:1"]


def test_a_course_the_learner_marked_replaces_the_best_one_and_keeps_its_state():
    entries = plan_entries(
        [_step(1, (10, "Best", "https://a", 4), (11, "Mine", "https://b", 6))],
        course_states={11: ItemState.STARTED},
        own_projects=[],
        templates=[],
    )
    assert [(e.key, e.state) for e in entries] == [
        ("course:11", ItemState.STARTED),
        ("skill:1", ItemState.PLANNED),
    ]


def test_a_course_for_two_skills_comes_once_and_projects_follow_the_skills():
    shared = (10, "Shared", "https://a", 4)
    entries = plan_entries(
        [_step(1, shared), _step(2, shared)],
        course_states={},
        own_projects=[(5, "Mine", "/p/5/", "in_progress")],
        templates=[(7, "Ladder project")],
    )
    assert [e.key for e in entries] == [
        "course:10",
        "skill:1",
        "skill:2",
        "project:5",
        "template:7",
    ]
    assert entries[3].state == ItemState.STARTED


def test_the_advice_stops_recommending_a_course_marked_done():
    level1 = LevelRule(id=1, order=1, title="One")
    level2 = LevelRule(id=2, order=2, title="Two")
    check = Check("Python", have=1, need=2, skill_id=5)
    assessment = Assessment(
        current=level1, next=level2, current_checks=(), next_checks=(check,), readiness=50
    )
    courses = {
        5: [
            CourseInfo("Done one", "P", "https://a", hours=2, difficulty="introductory", id=1),
            CourseInfo("Next one", "P", "https://b", hours=9, difficulty="introductory", id=2),
        ]
    }
    common = {"templates": [], "done_template_ids": [], "weekly_hours": 5}
    before = advise(assessment, courses_by_skill=courses, **common)
    after = advise(assessment, courses_by_skill=courses, done_course_ids={1}, **common)
    assert [c.title for c in before.skills[0].courses] == ["Done one", "Next one"]
    assert [c.title for c in after.skills[0].courses] == ["Next one"]
