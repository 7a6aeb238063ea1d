"""Check-ins written from two places at the same moment, on separate connections (so on
PostgreSQL only): the check-in's row is locked first, so the writes queue. A double confirm
agrees once and confirms the level once; both sides rating at once end side by side, told
once; a double start plans one check-in."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.models import Proficiency
from mentoring.models import CheckIn, CheckInStatus, Notification, NotificationKind
from mentoring.signals import level_confirmed
from tests.ladder.factories import LevelFactory, RequirementFactory, SkillFactory
from tests.mentoring.factories import CheckInFactory
from tests.mentoring.support import client_for
from tests.mentoring.test_concurrency import all_at_once

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

TIMES = 4


@pytest.fixture
def small_ladder(db):
    first = LevelFactory(order=1)
    second = LevelFactory(order=2, track=first.track)
    skills = [SkillFactory(level=second) for _ in range(2)]
    for skill in skills:
        RequirementFactory(level=second, skill=skill, min_proficiency=Proficiency.PRACTICING)
    return second, skills


def rated_by_both(mentorship, learner, mentor, skills):
    check_in = CheckInFactory(mentorship=mentorship, skills=skills)
    for person in (learner, mentor):
        client_for(person).post(
            reverse("mentoring:check_in_rate", args=[check_in.pk]),
            {f"skill-{s.pk}": "2" for s in skills},
        )
    return check_in


def test_a_double_confirmation_agrees_once_and_confirms_the_level_once(
    mentorship, learner, mentor, small_ladder
):
    level, skills = small_ladder
    check_in = rated_by_both(mentorship, learner, mentor, skills)
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs["level"].pk)

    level_confirmed.connect(receiver)
    try:
        data = {f"skill-{s.pk}": "2" for s in skills} | {
            "level": str(level.pk),
            "note": "Agreed",
            "confirm": "1",
        }
        responses = all_at_once(
            [client_for(mentor) for _ in range(TIMES)],
            "post",
            reverse("mentoring:check_in_result", args=[check_in.pk]),
            data,
        )
    finally:
        level_confirmed.disconnect(receiver)

    assert not [r for r in responses if isinstance(r, Exception)]
    assert [r.status_code for r in responses] == [302] * TIMES
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.FROZEN
    assert sent == [level.pk]
    assert (
        Notification.objects.filter(user=learner, kind=NotificationKind.CHECK_IN_AGREED).count()
        == 1
    )


def test_both_sides_rating_at_once_end_side_by_side_and_are_told_once(
    mentorship, learner, mentor, small_ladder
):
    _level, skills = small_ladder
    check_in = CheckInFactory(mentorship=mentorship, skills=skills)

    responses = all_at_once(
        [client_for(learner), client_for(mentor)],
        "post",
        reverse("mentoring:check_in_rate", args=[check_in.pk]),
        {f"skill-{s.pk}": "3" for s in skills},
    )

    assert [r.status_code for r in responses] == [302, 302]
    check_in.refresh_from_db()
    assert check_in.status == CheckInStatus.AGREEING
    assert check_in.ratings.count() == 2 * len(skills)
    assert Notification.objects.filter(kind=NotificationKind.CHECK_IN_RATED).count() == 1


def test_a_double_start_plans_one_check_in(mentorship, learner, small_ladder):
    _level, skills = small_ladder

    data = {
        "mentorship": mentorship.pk,
        "due_on": timezone.localdate().isoformat(),
        "skills": [s.pk for s in skills],
    }
    responses = all_at_once(
        [client_for(learner) for _ in range(TIMES)],
        "post",
        reverse("mentoring:check_in_start"),
        data,
    )

    assert not [r for r in responses if isinstance(r, Exception)]
    assert [r.status_code for r in responses] == [302] * TIMES
    assert CheckIn.objects.count() == 1
    assert Notification.objects.filter(kind=NotificationKind.CHECK_IN_STARTED).count() == 1
