"""Many people's plans read at once (for the weekly digest) are the ones plan_of gives each of
them, in a fixed number of queries however many people."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from ladder.models import Course, Proficiency, ProjectTemplate, Skill
from ladder.snapshot import Ladder, ladder_snapshot
from profiles.levels import LadderEmpty
from profiles.models import CourseState, Profile, ProjectStatus
from profiles.plan import plan_of, plans_of
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
User = get_user_model()


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


def fresh(user):
    """The account as a request reads it, with its profile as saved."""
    return User.objects.select_related("profile").get(pk=user.pk)


def test_each_persons_plan_is_the_one_plan_of_gives(skills):
    today = timezone.localdate()
    people = [
        person(skills),
        person(skills, rated=0),
        person(skills, rated=len(skills), proficiency=Proficiency.EXPERT),
        person(skills, rated=10, proficiency=Proficiency.PROFICIENT, weekly_hours=0),
        person(skills, rated=6, weekly_hours=3, target_date=today + timedelta(days=60)),
    ]
    ExperienceFactory(user=people[2], start_month=months_ago(30), end_month=None)
    ExperienceFactory(user=people[4], start_month=months_ago(14), end_month=None)
    ProjectFactory(user=people[3])
    ProjectFactory(user=people[4], title="Churn model", status=ProjectStatus.IN_PROGRESS)
    template = ProjectTemplate.objects.filter(
        pk__in=[t.id for t in ladder_snapshot().project_templates]
    ).first()
    ProjectFactory(user=people[4], template=template, status=ProjectStatus.DONE)
    states = (CourseState.DONE, CourseState.STARTED, CourseState.PLANNED)
    ladder = ladder_snapshot()
    taught = next(s for s in ladder.skills if len(ladder.courses_for(s.id)) >= len(states))
    courses = [Course.objects.get(pk=c.id) for c in ladder.courses_for(taught.id)]
    for course, state in zip(courses, states, strict=False):
        CourseProgressFactory(user=people[0], course=course, state=state)
    CourseProgressFactory(user=people[4], course=courses[0], state=CourseState.STARTED)
    without_profile = VerifiedUserFactory()
    Profile.objects.filter(user=without_profile).delete()
    SkillRatingFactory(user=without_profile, skill=skills[0], proficiency=Proficiency.LEARNING)

    plans = plans_of([p.pk for p in people], ladder=ladder_snapshot(), today=today)

    assert plans[people[0].pk].done  # the done course is listed apart
    assert any(item.state == "started" for item in plans[people[4].pk].items)
    for someone in people:
        expected = plan_of(fresh(someone), today=today)
        assert plans[someone.pk].items == expected.items
        assert plans[someone.pk] == expected
    # a person with no profile row yet has the plan of a new one
    bulk = plans_of([without_profile.pk], ladder=ladder_snapshot(), today=today)
    assert bulk[without_profile.pk] == plan_of(fresh(without_profile), today=today)


def test_many_plans_cost_as_many_queries_as_few(skills):
    few = [person(skills).pk for _ in range(2)]
    many = [person(skills, rated=n % 5).pk for n in range(8)]
    ProjectFactory(user_id=many[0])
    ladder, today = ladder_snapshot(), timezone.localdate()

    assert count_queries(lambda: plans_of(few, ladder=ladder, today=today)) == 5
    assert count_queries(lambda: plans_of(many, ladder=ladder, today=today)) == 5


def test_no_plans_while_the_ladder_has_no_levels():
    with pytest.raises(LadderEmpty):
        plans_of([1], ladder=Ladder(), today=timezone.localdate())
