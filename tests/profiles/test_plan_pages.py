"""The plan page, the course states and the target date, as a learner uses them. These
write: they run on PostgreSQL too (make test-postgres)."""

from datetime import timedelta

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ladder.models import Course, Skill
from ladder.services import content_retire
from profiles.dashboard import dashboard_for
from profiles.forms import TARGET_DATE_PAST
from profiles.models import (
    CourseProgress,
    CourseState,
    Evidence,
    EvidenceKind,
    Profile,
    ProjectStatus,
)
from profiles.plan import ItemKind, monday_of, plan_of
from profiles.services import course_progress_set, project_update, skill_rating_set
from tests.mentoring.support import messages_of
from tests.profiles.factories import ProfileFactory, ProjectFactory

pytestmark = pytest.mark.usefixtures("ladder")


def first_course(user):
    """The first course item of the person's plan, as a Course row."""
    item = next(i for i in plan_of(user, today=timezone.localdate()).items if i.course_id)
    return Course.objects.get(pk=item.course_id)


def test_the_plan_lists_the_advices_skills_and_courses_week_by_week(owner_client, user):
    response = owner_client.get(reverse("profiles:plan"))
    assert response.status_code == 200
    plan = response.context["plan"]
    kinds = {item.kind for item in plan.items}
    assert {ItemKind.SKILL, ItemKind.COURSE, ItemKind.PROJECT} <= kinds
    monday = monday_of(timezone.localdate())
    assert plan.items[0].planned_week >= monday
    assert all(item.planned_week.weekday() == 0 for item in plan.items)
    text = response.content.decode()
    first_week = plan.items[0].planned_week
    assert f"Week of {first_week.day} {first_week:%b %Y}" in text
    assert "our estimate" in text
    assert "We count 20 hours for each proficiency step" in text


def test_setting_a_target_date_and_hours_saves_them_and_says_whether_the_plan_is_on_track(
    owner_client, user
):
    target = timezone.localdate() + timedelta(weeks=4)
    response = owner_client.post(
        reverse("profiles:plan"), {"target_date": target.isoformat(), "weekly_hours": "3"}
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.target_date, profile.weekly_hours) == (target, 3)
    plan = owner_client.get(reverse("profiles:plan")).context["plan"]
    assert plan.behind > 0  # a whole ladder level at 3 hours a week does not fit in 4 weeks
    assert f"{plan.behind} item" in owner_client.get(reverse("profiles:dashboard")).content.decode()


def test_a_target_date_in_the_past_is_refused_and_the_input_is_shown_again(owner_client, user):
    past = timezone.localdate() - timedelta(days=1)
    response = owner_client.post(
        reverse("profiles:plan"), {"target_date": past.isoformat(), "weekly_hours": "7"}
    )
    assert response.status_code == 200
    assert escape(TARGET_DATE_PAST) in response.content.decode()
    assert response.context["form"]["weekly_hours"].value() == "7"
    assert Profile.objects.get(user=user).target_date is None


@pytest.mark.parametrize("hours", ["-1", "81", "lots", ""])
def test_bad_weekly_hours_are_refused_without_an_error_page(owner_client, user, hours):
    response = owner_client.post(reverse("profiles:plan"), {"weekly_hours": hours})
    assert response.status_code == 200
    assert response.context["form"].errors["weekly_hours"]


def test_the_learner_can_accept_the_date_computed_from_their_weekly_hours(owner_client, user):
    plan = owner_client.get(reverse("profiles:plan")).context["plan"]
    page = owner_client.get(reverse("profiles:plan")).content.decode()
    assert f"Use {plan.ends_on.day} {plan.ends_on:%b %Y} as my target date" in page
    owner_client.post(
        reverse("profiles:plan"),
        {"target_date": plan.ends_on.isoformat(), "weekly_hours": str(plan.weekly_hours)},
    )
    assert Profile.objects.get(user=user).target_date == plan.ends_on
    after = owner_client.get(reverse("profiles:plan")).context["plan"]
    assert after.on_track


def test_marking_a_course_done_takes_it_out_of_the_advice_and_moves_the_plan(owner_client, user):
    today = timezone.localdate()
    course = first_course(user)
    before = plan_of(user, today=today)
    response = owner_client.post(
        reverse("profiles:course_state", args=[course.pk]),
        {"state": CourseState.DONE, "return_to": "dashboard"},
    )
    assert response["Location"].startswith(reverse("profiles:dashboard"))
    assert "It will not be recommended again" in messages_of(response)[0]
    row = CourseProgress.objects.get(user=user, course=course)
    assert (row.state, row.done_on) == (CourseState.DONE, today)
    after = plan_of(user, today=today)
    assert course.pk not in {i.course_id for i in after.items}
    assert course.pk in {i.course_id for i in after.done}
    assert after.items != before.items
    recommended = {c.id for s in dashboard_for(user).advice.skills for c in s.courses}
    assert course.pk not in recommended


def test_a_started_course_keeps_its_start_day_and_comes_first(owner_client, user):
    course = first_course(user)
    url = reverse("profiles:course_state", args=[course.pk])
    owner_client.post(url, {"state": CourseState.STARTED})
    plan = plan_of(user, today=timezone.localdate())
    assert plan.items[0].course_id == course.pk
    assert plan.items[0].state == CourseState.STARTED
    assert CourseProgress.objects.get(user=user).started_on == timezone.localdate()


def test_a_double_click_on_a_course_state_changes_it_once(owner_client, user):
    course = first_course(user)
    url = reverse("profiles:course_state", args=[course.pk])
    for _ in range(2):
        assert owner_client.post(url, {"state": CourseState.STARTED}).status_code == 302
    assert CourseProgress.objects.filter(user=user).count() == 1
    again = course_progress_set(user=user, course=course, state=CourseState.STARTED)
    assert not again.changed


def test_a_course_state_that_does_not_exist_is_refused_with_a_message(owner_client, user):
    course = first_course(user)
    response = owner_client.post(
        reverse("profiles:course_state", args=[course.pk]), {"state": "finished"}
    )
    assert response.status_code == 302
    assert not CourseProgress.objects.exists()
    assert messages_of(response) == ["Choose planned, started or done."]


def test_going_back_to_planned_clears_the_days(user):
    course = Course.objects.active().first()
    course_progress_set(user=user, course=course, state=CourseState.DONE)
    result = course_progress_set(user=user, course=course, state=CourseState.PLANNED)
    assert result.changed
    assert (result.progress.started_on, result.progress.done_on) == (None, None)


def test_a_retired_course_keeps_the_learners_row_and_can_not_be_deleted(user):
    course = Course.objects.active().first()
    course_progress_set(user=user, course=course, state=CourseState.DONE)
    content_retire(objects=[course])
    assert CourseProgress.objects.filter(user=user, course=course).exists()
    with pytest.raises(ProtectedError):
        Course.objects.filter(pk=course.pk).delete()


def test_a_retired_course_can_not_be_marked(owner_client, user):
    course = Course.objects.active().first()
    content_retire(objects=[course])
    response = owner_client.post(
        reverse("profiles:course_state", args=[course.pk]), {"state": CourseState.DONE}
    )
    assert response.status_code == 404


def test_the_plan_adapts_when_ratings_change(owner_client, user):
    today = timezone.localdate()
    first = next(i for i in plan_of(user, today=today).items if i.kind == ItemKind.SKILL)
    skill_id = int(first.key.split(":")[1])
    skill_rating_set(user=user, skill=Skill.objects.get(pk=skill_id), proficiency=4)
    assert first.key not in {i.key for i in plan_of(user, today=today).items}


def test_a_project_gets_its_done_day_when_it_is_done_and_loses_it_when_taken_back(user):
    project = ProjectFactory(user=user, status=ProjectStatus.IN_PROGRESS)
    assert project.done_on is None
    values = {"title": "t", "description": "", "link": "", "template": None, "skills": []}
    project_update(project=project, version=project.version, status=ProjectStatus.DONE, **values)
    project.refresh_from_db()
    assert project.done_on == timezone.localdate()
    project_update(project=project, version=project.version, status=ProjectStatus.DONE, **values)
    assert project.done_on == timezone.localdate()  # kept while it stays done
    project_update(
        project=project, version=project.version, status=ProjectStatus.IN_PROGRESS, **values
    )
    project.refresh_from_db()
    assert project.done_on is None


def test_projects_show_in_the_plan_with_their_state_and_done_day(owner_client, user):
    doing = ProjectFactory(user=user, status=ProjectStatus.IN_PROGRESS, title="Doing it")
    done = ProjectFactory(user=user, status=ProjectStatus.DONE, title="Did it")
    plan = plan_of(user, today=timezone.localdate())
    assert plan.items[0].key == f"project:{doing.pk}"  # started: first
    assert [i.done_on for i in plan.done if i.key == f"project:{done.pk}"] == [done.done_on]


def test_a_dashboard_without_a_target_date_offers_the_plan(owner_client, user):
    ProfileFactory(user=user, weekly_hours=5)
    text = owner_client.get(reverse("profiles:dashboard")).content.decode()
    assert "No target date." in text
    assert reverse("profiles:plan") in text


def test_the_dashboard_says_on_track_when_the_plan_fits(owner_client, user):
    ProfileFactory(user=user, target_date=timezone.localdate() + timedelta(days=3650))
    assert "On track" in owner_client.get(reverse("profiles:dashboard")).content.decode()


def test_a_done_course_can_be_offered_as_evidence_of_the_skill_it_teaches(owner_client, user):
    course = first_course(user)
    skill = course.skills.filter(retired=False).first()
    owner_client.post(reverse("profiles:course_state", args=[course.pk]), {"state": "done"})
    page = owner_client.get(reverse("profiles:plan")).content.decode()
    assert f"Offer it as evidence of {skill.name}" in page
    url = reverse("profiles:course_evidence", args=[course.pk])
    response = owner_client.post(url, {"skill": skill.slug})
    assert response.status_code == 302
    evidence = Evidence.objects.get(user=user)
    assert (evidence.kind, evidence.url, evidence.skill) == (
        EvidenceKind.COURSE_CERTIFICATE,
        course.url,
        skill,
    )
    assert course.title in evidence.note
    assert (
        f"Evidence of {skill.name}." in owner_client.get(reverse("profiles:plan")).content.decode()
    )
    again = owner_client.post(url, {"skill": skill.slug})  # a double click
    assert Evidence.objects.filter(user=user).count() == 1
    assert messages_of(again) == [f"“{course.title}” is already evidence of {skill.name}."]


def test_a_course_not_done_or_a_skill_it_does_not_teach_can_not_be_offered(owner_client, user):
    course = first_course(user)
    skill = course.skills.first()
    url = reverse("profiles:course_evidence", args=[course.pk])
    assert owner_client.post(url, {"skill": skill.slug}).status_code == 404
    course_progress_set(user=user, course=course, state=CourseState.DONE)
    other = Skill.objects.active().exclude(courses=course).first()
    assert owner_client.post(url, {"skill": other.slug}).status_code == 404
    assert not Evidence.objects.exists()


def test_a_course_marked_from_the_dashboard_shows_there_at_once(owner_client, user):
    dashboard = reverse("profiles:dashboard")
    owner_client.get(dashboard)  # its body is now a stored part
    course = first_course(user)
    response = owner_client.post(
        reverse("profiles:course_state", args=[course.pk]),
        {"state": CourseState.STARTED, "return_to": "dashboard"},
        follow=True,
    )
    text = response.content.decode()
    assert f'id="course-{course.pk}"' in text
    assert f"Mark {course.title} done" in text
    assert f"Mark {course.title} started" not in text
