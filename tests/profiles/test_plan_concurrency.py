"""Two clicks on a course's state at the same moment (PostgreSQL only: it runs them truly in
parallel). The second waits for the first on the person's profile row, finds the state set
and changes nothing: one row, no error, one start day."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from profiles.models import CourseProgress, CourseState, Profile
from profiles.services import calendar_token_reset, course_progress_set
from tests.ladder.factories import CourseFactory
from tests.profiles.factories import UserFactory
from tests.profiles.test_concurrency import run_together

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_a_double_click_on_started_makes_one_row_and_no_error():
    courses = CourseFactory.create_batch(5)
    learner = UserFactory()
    statuses = []

    def click(course):
        def send():
            browser = Client()
            browser.force_login(learner)
            url = reverse("profiles:course_state", args=[course.pk])
            statuses.append(browser.post(url, {"state": CourseState.STARTED}).status_code)

        return send

    errors = []
    for course in courses:
        errors += run_together(click(course), click(course))

    assert errors == []
    assert statuses == [302] * 2 * len(courses)
    rows = CourseProgress.objects.filter(user=learner)
    assert rows.count() == len(courses)
    assert set(rows.values_list("state", "started_on")) == {
        (CourseState.STARTED, timezone.localdate())
    }


def test_started_and_done_at_once_end_in_one_of_them_with_consistent_days():
    course = CourseFactory()
    learner = UserFactory()
    results = []

    def mark(state):
        return lambda: results.append(
            course_progress_set(user=learner, course=course, state=state).changed
        )

    assert run_together(mark(CourseState.STARTED), mark(CourseState.DONE)) == []
    row = CourseProgress.objects.get(user=learner, course=course)
    assert results == [True, True]
    if row.state == CourseState.DONE:
        assert row.done_on == timezone.localdate()
    else:
        assert (row.started_on, row.done_on) == (timezone.localdate(), None)


def test_two_resets_at_once_leave_one_working_address():
    learner = UserFactory()
    tokens = []
    errors = run_together(
        *[lambda: tokens.append(calendar_token_reset(user=learner)) for _ in range(2)]
    )
    assert errors == []
    assert Profile.objects.get(user=learner).calendar_token in tokens
