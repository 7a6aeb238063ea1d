import pytest
from django.db import IntegrityError, transaction

from ladder.models import (
    Course,
    Level,
    Proficiency,
    ProjectTemplate,
    Requirement,
    Responsibility,
    Skill,
)
from tests.ladder.factories import (
    CourseFactory,
    LevelFactory,
    ProjectTemplateFactory,
    RequirementFactory,
    ResponsibilityFactory,
    SkillFactory,
)


@pytest.mark.parametrize(
    ("salary_min", "salary_max", "and_up", "band"),
    [
        (70_000, 100_000, False, "$70K–$100K"),
        (110_000, 160_000, False, "$110K–$160K"),
        (220_000, 350_000, True, "$220K–$350K+"),
    ],
)
def test_salary_band_is_written_in_thousands_with_an_open_top_when_asked(
    salary_min, salary_max, and_up, band
):
    level = LevelFactory.build(salary_min=salary_min, salary_max=salary_max, salary_and_up=and_up)

    assert level.salary_band == band


@pytest.mark.parametrize(
    ("years_min", "years_max", "text"),
    [(0, 2, "0–2 years"), (5, 8, "5–8 years"), (8, None, "8+ years")],
)
def test_years_range_is_a_span_or_open_ended(years_min, years_max, text):
    level = LevelFactory.build(years_min=years_min, years_max=years_max)

    assert level.years_range == text


def test_skill_rubric_gives_the_four_steps_above_not_started_with_their_labels():
    skill = SkillFactory.build(
        level=LevelFactory.build(),
        rubric_learning="Runs the examples.",
        rubric_practicing="Writes scripts with help.",
        rubric_proficient="Ships code others rely on.",
        rubric_expert="Reviews and teaches others.",
    )

    assert skill.rubric == [
        (1, "Learning", "Runs the examples."),
        (2, "Practicing", "Writes scripts with help."),
        (3, "Proficient", "Ships code others rely on."),
        (4, "Expert", "Reviews and teaches others."),
    ]
    assert [step for step, _, _ in skill.rubric] == [
        Proficiency.LEARNING,
        Proficiency.PRACTICING,
        Proficiency.PROFICIENT,
        Proficiency.EXPERT,
    ]


@pytest.mark.parametrize(
    ("model", "factory"),
    [
        (Level, LevelFactory),
        (Responsibility, ResponsibilityFactory),
        (Skill, SkillFactory),
        (Course, CourseFactory),
        (ProjectTemplate, ProjectTemplateFactory),
        (Requirement, RequirementFactory),
    ],
    ids=lambda value: value.__name__,
)
def test_every_model_is_found_again_by_its_natural_key(db, model, factory):
    factory.create_batch(2)
    obj = factory()

    found = model.objects.get_by_natural_key(*obj.natural_key())

    assert found == obj


def test_natural_keys_of_rows_under_a_level_name_the_level_by_slug(db):
    level = LevelFactory(slug="ml-engineer", order=2)
    skill = SkillFactory(slug="python")

    assert ResponsibilityFactory(level=level, order=3).natural_key() == ("ml-engineer", 3)
    assert RequirementFactory(level=level, skill=skill).natural_key() == ("ml-engineer", "python")


def test_database_refuses_a_level_whose_salary_top_is_below_its_bottom(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelFactory(salary_min=120_000, salary_max=100_000)

    assert not Level.objects.exists()


def test_database_refuses_a_level_whose_years_end_before_they_start(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelFactory(years_min=5, years_max=2)

    assert not Level.objects.exists()


def test_database_accepts_an_open_ended_years_range_and_an_equal_salary_band(db):
    level = LevelFactory(salary_min=100_000, salary_max=100_000, years_min=8, years_max=None)

    assert Level.objects.get(pk=level.pk).years_range == "8+ years"


def test_database_refuses_the_same_skill_twice_in_one_levels_requirements(db):
    requirement = RequirementFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RequirementFactory(level=requirement.level, skill=requirement.skill)


@pytest.mark.parametrize(
    ("is_free", "hours", "label"),
    [
        (True, 15, "Free · about 15 h"),
        (False, 6, "Paid · about 6 h"),
        (True, None, "Free"),
        (False, None, "Paid"),
    ],
)
def test_course_format_label_says_price_and_length_when_known(is_free, hours, label):
    course = CourseFactory.build(is_free=is_free, hours=hours)

    assert course.format_label == label


def test_a_level_branches_only_from_a_main_track_level_of_another_track(db):
    from django.core.exceptions import ValidationError

    from ladder.models import BRANCH_FROM_A_BRANCH, BRANCH_FROM_OWN_TRACK
    from tests.ladder.factories import LevelFactory, TrackFactory

    senior = LevelFactory(order=3)
    research = LevelFactory(track=TrackFactory(slug="research", order=2), order=1)
    research.branches_from = senior
    research.full_clean()
    research.save()

    senior.branches_from = LevelFactory(order=1)
    with pytest.raises(ValidationError, match=BRANCH_FROM_OWN_TRACK):
        senior.full_clean()
    product = LevelFactory(track=TrackFactory(slug="product", order=3), order=1)
    product.branches_from = research
    with pytest.raises(ValidationError, match=BRANCH_FROM_A_BRANCH):
        product.full_clean()
