"""A double click on "Mark as done" or "Make this my target", as two requests at the same
moment (PostgreSQL only: it runs them truly in parallel). They queue on the person's
profile row, so neither fails and one row (or one target) results."""

import pytest

from profiles.models import PathStepDone, Profile
from profiles.services import path_step_mark, profile_target_set
from tests.ladder.factories import LevelFactory, PathStepFactory
from tests.profiles.factories import UserFactory
from tests.profiles.test_concurrency import run_together

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_two_requests_marking_the_same_step_done_at_once_leave_one_row():
    user = UserFactory()
    step = PathStepFactory()

    errors = run_together(*[lambda: path_step_mark(user=user, step=step, done=True)] * 4)

    assert errors == []
    assert PathStepDone.objects.filter(user=user, step=step).count() == 1


def test_two_requests_setting_the_same_target_at_once_bump_the_version_once():
    user = UserFactory()
    before = Profile.objects.get(user=user).version
    level = LevelFactory(order=2)

    errors = run_together(*[lambda: profile_target_set(user=user, target=level)] * 4)

    assert errors == []
    profile = Profile.objects.get(user=user)
    assert profile.target == level
    assert profile.version == before + 1
