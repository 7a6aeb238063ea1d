import io

import pytest
from django.core.management import call_command
from django.db import transaction

from ladder.models import Proficiency, Skill
from tests.ladder.content import shipped_rows
from tests.ladder.factories import (
    CourseFactory,
    LevelFactory,
    ProjectTemplateFactory,
    RequirementFactory,
    ResponsibilityFactory,
    SkillFactory,
)
from tests.queries import committed


@pytest.fixture(scope="module")
def ladder_for_module(django_db_setup, django_db_blocker):
    """Load the shipped content once for a whole test module, and remove it afterwards.

    Loading takes about half a second on SQLite and a second on PostgreSQL, too long to
    repeat for every test that only reads the ladder. The load happens in a transaction
    that stays open while the module runs; each test still runs in its own savepoint
    inside it, so what a test changes is rolled back before the next one (the way
    TestCase.setUpTestData works). Only use it in modules whose database tests all
    want the shipped content: once loaded, it is there for the rest of the module.
    """
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            with committed():
                call_command("load_ladder", verbosity=0, stdout=io.StringIO())
        except BaseException as error:
            module_transaction.__exit__(type(error), error, error.__traceback__)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture
def loaded_ladder(ladder_for_module, db):
    """The real shipped ladder, as the shared `ladder` fixture gives it, loaded once per module."""


@pytest.fixture
def fixture_rows():
    """The rows of the shipped fixture, read as JSON and never loaded."""
    return shipped_rows()


@pytest.fixture
def ten_times_ladder(loaded_ladder):
    """The real ladder plus nine times as much again, shaped like it.

    The shipped content has 4 levels, 20 responsibilities, 23 skills, 40 courses,
    15 requirements and 12 project templates. 36 more levels, each with 5
    responsibilities, 6 key skills, 10 courses, 5 requirements (three skills of the
    level below at Proficient, two of its own at Learning, as the real ladder does)
    and 3 project templates, bring every count to about ten times that.
    """
    with committed():
        _add_nine_times_the_content()


def _add_nine_times_the_content():
    previous_skills = list(Skill.objects.filter(level__order=4))
    for order in range(5, 41):
        level = LevelFactory(order=order)
        ResponsibilityFactory.create_batch(5, level=level)
        skills = SkillFactory.create_batch(6, level=level)
        for skill in skills:
            CourseFactory(skills=[skill])
        for start in (0, 2, 4, 1):
            CourseFactory(skills=skills[start : start + 3])
        for skill in previous_skills[:3]:
            RequirementFactory(level=level, skill=skill, min_proficiency=Proficiency.PROFICIENT)
        for skill in skills[:2]:
            RequirementFactory(level=level, skill=skill, min_proficiency=Proficiency.LEARNING)
        for start in (0, 2, 4):
            ProjectTemplateFactory(level=level, skills=skills[start : start + 2])
        previous_skills = skills
