"""Many people's next steps read at once (for the weekly digest) are the ones their
dashboards give, in a fixed number of queries however many people."""

import pytest

from ladder.models import Course, Proficiency, Skill
from ladder.snapshot import Ladder, ladder_snapshot
from profiles.dashboard import dashboard_for
from profiles.levels import LadderEmpty
from profiles.models import CourseState
from profiles.next_steps import next_steps_for
from tests.dates import months_ago
from tests.profiles.factories import (
    CourseProgressFactory,
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills(ladder):
    rows = Skill.objects.in_bulk([skill.id for skill in ladder_snapshot().skills])
    return [rows[skill.id] for skill in ladder_snapshot().skills]


def person(skills, *, rated=3, proficiency=Proficiency.LEARNING, **profile):
    user = VerifiedUserFactory()
    ProfileFactory(user=user, **profile)
    for skill in skills[:rated]:
        SkillRatingFactory(user=user, skill=skill, proficiency=proficiency)
    return user


def test_each_persons_next_step_is_the_one_their_dashboard_gives(skills):
    people = [
        person(skills),
        person(skills, rated=0),
        person(skills, rated=len(skills), proficiency=Proficiency.EXPERT),
        person(skills, rated=10, proficiency=Proficiency.PROFICIENT, weekly_hours=0),
    ]
    ExperienceFactory(user=people[2], start_month=months_ago(30), end_month=None)
    ProjectFactory(user=people[3])
    # the course the first person's next step names, marked done: the next one comes instead
    named = dashboard_for(people[0]).next_step.course
    CourseProgressFactory(
        user=people[0], course=Course.objects.get(url=named.url), state=CourseState.DONE
    )

    steps = next_steps_for([p.pk for p in people])

    assert steps[people[0].pk].course.url != named.url
    for someone in people:
        assert steps[someone.pk] == dashboard_for(someone).next_step


def test_many_peoples_next_steps_cost_as_many_queries_as_two(skills):
    few = [person(skills).pk for _ in range(2)]
    many = [person(skills).pk for _ in range(8)]

    assert count_queries(lambda: next_steps_for(many)) == count_queries(lambda: next_steps_for(few))
    assert count_queries(lambda: next_steps_for(many)) <= 6  # five, and the ladder's version


def test_no_ladder_no_next_steps(db):
    with pytest.raises(LadderEmpty):
        next_steps_for([VerifiedUserFactory().pk], ladder=Ladder())
