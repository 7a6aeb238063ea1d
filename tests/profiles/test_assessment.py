"""The level rules, next-step advice and years of experience, tested as plain data.

No database: the ladder below is built by hand and mirrors the shipped one (years 0/2/5/8,
the same skill requirements), so every expectation can be worked out from the rules in
profiles/assessment.py's module docstring.
"""

import dataclasses
import math
from datetime import date

import pytest

from profiles.assessment import (
    FOUNDATIONS_FIRST,
    FOUNDATIONS_MET,
    HOURS_PER_STEP,
    NOT_RATED,
    ONLY_SKILL_LEFT,
    YEARS_LEFT,
    YEARS_WEIGHT,
    Check,
    CourseInfo,
    LevelRule,
    SkillRequirement,
    StepKind,
    TemplateInfo,
    advise,
    assess,
    assess_target,
    course_order,
    difficulty_for_step,
    entry_checks,
    experience_years,
    next_step,
    priority,
    readiness,
)

# Skill ids, named like the shipped ladder's skills.
PYTHON, STATS, SKLEARN = 1, 2, 3  # key skills of level 1
TORCH, NLP_CV, FEATURES = 7, 8, 9  # key skills of level 2
DEEP, DESIGN, DISTRIBUTED = 13, 14, 15  # key skills of level 3
STRATEGY, RESEARCH = 19, 20  # key skills of level 4

NAMES = {
    PYTHON: "Python",
    STATS: "Linear Algebra/Statistics",
    SKLEARN: "Scikit-learn",
    TORCH: "TensorFlow/PyTorch",
    NLP_CV: "NLP/Computer Vision",
    FEATURES: "Feature Engineering",
    DEEP: "Advanced Deep Learning",
    DESIGN: "ML System Design",
    DISTRIBUTED: "Distributed Training",
    STRATEGY: "AI Strategy",
    RESEARCH: "Research Leadership",
}
SKILL_LEVEL = {
    PYTHON: 1,
    STATS: 1,
    SKLEARN: 1,
    TORCH: 2,
    NLP_CV: 2,
    FEATURES: 2,
    DEEP: 3,
    DESIGN: 3,
    DISTRIBUTED: 3,
    STRATEGY: 4,
    RESEARCH: 4,
}

LEARNING, PRACTICING, PROFICIENT, EXPERT = 1, 2, 3, 4


def requirement(skill_id, min_proficiency):
    return SkillRequirement(
        skill_id=skill_id,
        skill_name=NAMES[skill_id],
        min_proficiency=min_proficiency,
        skill_level_order=SKILL_LEVEL[skill_id],
        skill_order=skill_id,  # the ids above follow the ladder's order
    )


JUNIOR = LevelRule(id=101, order=1, title="Junior ML Engineer", years=0)
ML_ENGINEER = LevelRule(
    id=102,
    order=2,
    title="Machine Learning Engineer",
    years=2,
    requirements=(
        requirement(PYTHON, PROFICIENT),
        requirement(STATS, PROFICIENT),
        requirement(SKLEARN, PROFICIENT),
        requirement(TORCH, LEARNING),
        requirement(NLP_CV, LEARNING),
    ),
)
SENIOR = LevelRule(
    id=103,
    order=3,
    title="Senior ML Engineer",
    years=5,
    requirements=(
        requirement(TORCH, PROFICIENT),
        requirement(NLP_CV, PROFICIENT),
        requirement(FEATURES, PROFICIENT),
        requirement(DEEP, LEARNING),
        requirement(DESIGN, LEARNING),
    ),
)
ARCHITECT = LevelRule(
    id=104,
    order=4,
    title="ML Architect",
    years=8,
    requirements=(
        requirement(DEEP, PROFICIENT),
        requirement(DESIGN, PROFICIENT),
        requirement(DISTRIBUTED, PROFICIENT),
        requirement(STRATEGY, LEARNING),
        requirement(RESEARCH, LEARNING),
    ),
)
LADDER = (JUNIOR, ML_ENGINEER, SENIOR, ARCHITECT)
TITLES = {level.order: level.title for level in LADDER}


def minimum_for(*levels):
    """Return the proficiencies that exactly meet the skill requirements of these levels."""
    proficiencies = {}
    for level in levels:
        for item in level.requirements:
            proficiencies[item.skill_id] = max(
                proficiencies.get(item.skill_id, 0), item.min_proficiency
            )
    return proficiencies


EVERYTHING_EXPERT = dict.fromkeys(NAMES, EXPERT)


# --- Which level a person holds -------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "proficiencies", "expected_level", "expected_next"),
    [
        pytest.param(0, {}, JUNIOR, ML_ENGINEER, id="nothing-yet-starts-at-level-1"),
        pytest.param(10, {}, JUNIOR, ML_ENGINEER, id="years-without-skills-stay-at-level-1"),
        pytest.param(
            1.9, EVERYTHING_EXPERT, JUNIOR, ML_ENGINEER, id="skills-without-years-stay-at-level-1"
        ),
        pytest.param(
            2, minimum_for(ML_ENGINEER), ML_ENGINEER, SENIOR, id="exactly-level-2-is-level-2"
        ),
        pytest.param(
            5,
            minimum_for(SENIOR),
            JUNIOR,
            ML_ENGINEER,
            id="level-3-requirements-without-level-2-stay-at-level-1",
        ),
        pytest.param(
            5,
            minimum_for(ML_ENGINEER, SENIOR),
            SENIOR,
            ARCHITECT,
            id="levels-2-and-3-met-is-level-3",
        ),
        pytest.param(
            4.9,
            minimum_for(ML_ENGINEER, SENIOR),
            ML_ENGINEER,
            SENIOR,
            id="level-3-skills-a-month-short-of-the-years-is-level-2",
        ),
        pytest.param(8, minimum_for(*LADDER), ARCHITECT, None, id="everything-met-reaches-the-top"),
    ],
)
def test_person_holds_the_highest_level_whose_requirements_and_those_below_are_met(
    years, proficiencies, expected_level, expected_next
):
    result = assess(LADDER, years=years, proficiencies=proficiencies)

    assert result.current == expected_level
    assert result.next == expected_next


def test_a_newcomer_is_at_level_1_with_no_readiness_and_every_next_check_unmet():
    result = assess(LADDER, years=0, proficiencies={})

    assert result.current == JUNIOR
    assert result.current_checks == ()
    assert result.readiness == 0
    assert result.next_checks
    assert not any(check.met for check in result.next_checks)
    assert result.unmet == result.next_checks
    # Level 2 asks for its years and its five skills.
    assert [check.label for check in result.next_checks] == [
        "Machine learning experience",
        "Python",
        "Linear Algebra/Statistics",
        "Scikit-learn",
        "TensorFlow/PyTorch",
        "NLP/Computer Vision",
    ]


def test_meeting_level_2_exactly_shows_it_met_and_level_3_checks_as_next():
    proficiencies = minimum_for(ML_ENGINEER)

    result = assess(LADDER, years=2, proficiencies=proficiencies)

    assert result.current == ML_ENGINEER
    assert all(check.met for check in result.current_checks)
    assert len(result.current_checks) == 1 + len(ML_ENGINEER.requirements)
    assert [(c.label, c.have, c.need) for c in result.next_checks] == [
        ("Machine learning experience", 2, 5),
        ("TensorFlow/PyTorch", LEARNING, PROFICIENT),
        ("NLP/Computer Vision", LEARNING, PROFICIENT),
        ("Feature Engineering", 0, PROFICIENT),
        ("Advanced Deep Learning", 0, LEARNING),
        ("ML System Design", 0, LEARNING),
    ]
    assert not result.is_top


def test_the_top_level_has_no_next_level_and_is_fully_ready():
    result = assess(LADDER, years=12, proficiencies=EVERYTHING_EXPERT)

    assert result.current == ARCHITECT
    assert result.next is None
    assert result.is_top
    assert result.next_checks == ()
    assert result.unmet == ()
    assert result.readiness == 100


def test_levels_are_taken_in_ladder_order_whatever_order_they_are_given_in():
    shuffled = (SENIOR, ARCHITECT, JUNIOR, ML_ENGINEER)

    result = assess(shuffled, years=2, proficiencies=minimum_for(ML_ENGINEER))

    assert (result.current, result.next) == (ML_ENGINEER, SENIOR)


def test_a_ladder_without_levels_is_refused():
    with pytest.raises(ValueError, match="no levels"):
        assess((), years=0, proficiencies={})


# --- Edited requirements --------------------------------------------------------------


def test_raising_a_minimum_proficiency_drops_a_person_who_no_longer_meets_it():
    proficiencies = minimum_for(ML_ENGINEER)  # Python at Proficient
    stricter = dataclasses.replace(
        ML_ENGINEER,
        requirements=(requirement(PYTHON, EXPERT), *ML_ENGINEER.requirements[1:]),
    )

    before = assess(LADDER, years=2, proficiencies=proficiencies)
    after = assess((JUNIOR, stricter, SENIOR, ARCHITECT), years=2, proficiencies=proficiencies)

    assert before.current == ML_ENGINEER
    assert after.current == JUNIOR
    assert [check.label for check in after.unmet] == ["Python"]


def test_lowering_a_minimum_proficiency_lets_a_person_in():
    proficiencies = {**minimum_for(ML_ENGINEER), SKLEARN: PRACTICING}
    gentler = dataclasses.replace(
        ML_ENGINEER,
        requirements=tuple(
            requirement(SKLEARN, PRACTICING) if item.skill_id == SKLEARN else item
            for item in ML_ENGINEER.requirements
        ),
    )

    assert assess(LADDER, years=2, proficiencies=proficiencies).current == JUNIOR
    assert (
        assess((JUNIOR, gentler, SENIOR, ARCHITECT), years=2, proficiencies=proficiencies).current
        == gentler
    )


def test_an_added_requirement_is_checked():
    proficiencies = minimum_for(ML_ENGINEER)
    with_features = dataclasses.replace(
        ML_ENGINEER, requirements=(*ML_ENGINEER.requirements, requirement(FEATURES, LEARNING))
    )

    result = assess((JUNIOR, with_features, SENIOR), years=2, proficiencies=proficiencies)

    assert result.current == JUNIOR
    assert [check.label for check in result.unmet] == ["Feature Engineering"]


def test_changed_years_are_checked():
    proficiencies = minimum_for(ML_ENGINEER)
    three_years = dataclasses.replace(ML_ENGINEER, years=3)

    result = assess((JUNIOR, three_years), years=2, proficiencies=proficiencies)

    assert result.current == JUNIOR
    assert [(c.label, c.have, c.need) for c in result.unmet] == [
        ("Machine learning experience", 2, 3)
    ]


# --- Readiness ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "proficiencies", "earned"),
    [
        # Level 2 weighs years at YEARS_WEIGHT and each skill at its minimum: 3+3+3+3+1+1.
        pytest.param(0, {}, 0, id="nothing"),
        pytest.param(2, {}, YEARS_WEIGHT, id="years-only"),
        pytest.param(1, {}, YEARS_WEIGHT / 2, id="half-the-years"),
        pytest.param(0, {PYTHON: PRACTICING}, 2, id="one-skill-part-way"),
        pytest.param(0, {TORCH: EXPERT}, 1, id="beyond-the-minimum-earns-no-extra"),
        pytest.param(
            2,
            {PYTHON: PROFICIENT, STATS: PROFICIENT, SKLEARN: PRACTICING},
            YEARS_WEIGHT + 3 + 3 + 2,
            id="most-of-it",
        ),
    ],
)
def test_readiness_is_the_share_of_requirement_points_earned_rounded_down(
    years, proficiencies, earned
):
    total = YEARS_WEIGHT + 3 + 3 + 3 + 1 + 1

    result = assess(LADDER, years=years, proficiencies=proficiencies)

    assert result.next == ML_ENGINEER
    assert result.readiness == math.floor(100 * earned / total)


def test_readiness_rises_with_every_step_up_to_the_minimum():
    readiness_by_step = [
        assess(LADDER, years=2, proficiencies={PYTHON: step}).readiness
        for step in range(PROFICIENT + 1)
    ]

    assert readiness_by_step == sorted(set(readiness_by_step))  # strictly increasing
    assert readiness_by_step[-1] < 100  # the other skills are still missing


def test_readiness_rises_with_the_years_up_to_the_minimum():
    readiness_by_year = [
        assess(LADDER, years=years, proficiencies={}).readiness for years in (0, 0.5, 1, 1.5, 2)
    ]

    assert readiness_by_year == sorted(set(readiness_by_year))
    assert assess(LADDER, years=7, proficiencies={}).readiness == readiness_by_year[-1]


def test_readiness_is_100_only_when_every_requirement_is_met():
    almost = {**minimum_for(ML_ENGINEER), NLP_CV: 0}

    assert assess(LADDER, years=2, proficiencies=almost).readiness < 100
    assert assess(LADDER, years=1.9, proficiencies=minimum_for(ML_ENGINEER)).readiness < 100
    assert readiness([Check("Python", have=PROFICIENT, need=PROFICIENT)]) == 100


def test_nearly_meeting_a_requirement_is_capped_at_99_not_rounded_up():
    nearly = [Check("Machine learning experience", have=1.9999999, need=2)]

    assert readiness(nearly) == 99


def test_years_count_as_much_as_one_skill_at_proficient():
    level = LevelRule(
        id=1, order=2, title="Two", years=2, requirements=(requirement(PYTHON, PROFICIENT),)
    )
    light = LevelRule(
        id=1, order=2, title="Two", years=2, requirements=(requirement(TORCH, LEARNING),)
    )

    years_only = assess((JUNIOR, level), years=2, proficiencies={}).readiness
    skill_only = assess((JUNIOR, level), years=0, proficiencies={PYTHON: PROFICIENT}).readiness
    years_against_light_skill = assess((JUNIOR, light), years=2, proficiencies={}).readiness

    assert YEARS_WEIGHT == PROFICIENT
    assert years_only == skill_only == 50
    assert years_against_light_skill == math.floor(100 * YEARS_WEIGHT / (YEARS_WEIGHT + 1))


def test_a_level_without_years_has_no_experience_check():
    level = LevelRule(
        id=1, order=2, title="Skills only", requirements=(requirement(PYTHON, LEARNING),)
    )

    result = assess((JUNIOR, level), years=0, proficiencies={})

    assert [check.label for check in result.next_checks] == ["Python"]


# --- Check ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("have", "need", "met", "gap", "have_label", "need_label"),
    [
        pytest.param(0, 3, False, 3, "Not started", "Proficient", id="not-started"),
        pytest.param(1, 3, False, 2, "Learning", "Proficient", id="part-way"),
        pytest.param(3, 3, True, 0, "Proficient", "Proficient", id="exactly"),
        pytest.param(4, 1, True, 0, "Expert", "Learning", id="beyond-has-no-negative-gap"),
        pytest.param(2, 4, False, 2, "Practicing", "Expert", id="expert-asked"),
    ],
)
def test_a_skill_check_says_whether_it_is_met_and_how_far_off(
    have, need, met, gap, have_label, need_label
):
    check = Check("Python", have=have, need=need, skill_id=PYTHON)

    assert (check.met, check.gap, check.have_label, check.need_label) == (
        met,
        gap,
        have_label,
        need_label,
    )
    assert not check.is_years


@pytest.mark.parametrize(
    ("have", "need", "have_label", "need_label", "gap"),
    [
        pytest.param(0, 2, "0 years", "2 years", 2, id="none"),
        pytest.param(1, 2, "1 year", "2 years", 1, id="one-year-is-singular"),
        pytest.param(1.0, 5, "1 year", "5 years", 4, id="whole-float-drops-the-decimal"),
        pytest.param(2.5, 5, "2.5 years", "5 years", 2.5, id="fraction"),
        pytest.param(9, 8, "9 years", "8 years", 0, id="beyond"),
    ],
)
def test_the_years_check_speaks_in_years(have, need, have_label, need_label, gap):
    check = Check("Machine learning experience", have=have, need=need)

    assert check.is_years
    assert (check.have_label, check.need_label, check.gap) == (have_label, need_label, gap)
    assert check.met is (have >= need)


# --- Advice ---------------------------------------------------------------------------


def at_ml_engineer(**extra):
    """Return an assessment of someone who just meets level 2 with `extra` proficiencies."""
    proficiencies = {**minimum_for(ML_ENGINEER), **extra}
    result = assess(LADDER, years=extra.pop("years", 2), proficiencies=proficiencies)
    assert result.current == ML_ENGINEER
    return result


def advice_for(result, *, courses=None, templates=(), done=(), weekly_hours=5):
    return advise(
        result,
        courses_by_skill=courses or {},
        templates=templates,
        done_template_ids=done,
        weekly_hours=weekly_hours,
    )


def test_unmet_skills_come_foundations_first_then_smallest_gap_then_ladder_order():
    # Next level (Senior) asks TensorFlow/PyTorch, NLP/CV, Feature Engineering at Proficient
    # (level-2 skills, foundations at level 2) and Advanced Deep Learning, ML System Design
    # at Learning (new at level 3).
    result = assess(LADDER, years=2, proficiencies={**minimum_for(ML_ENGINEER), NLP_CV: PRACTICING})

    advice = advice_for(result)

    assert [(item.check.label, item.check.gap) for item in advice.skills] == [
        ("NLP/Computer Vision", 1),  # a foundation, gap 1
        ("TensorFlow/PyTorch", 2),  # a foundation, gap 2
        ("Feature Engineering", 3),  # a foundation, gap 3
        ("Advanced Deep Learning", 1),  # new at level 3: after every foundation
        ("ML System Design", 1),
    ]


def test_priority_prefers_familiarity_over_the_smaller_gap():
    familiar_far = Check("Aaa", have=0, need=3, skill_id=1, skill_level_order=1)
    new_near = Check("Zzz", have=0, need=1, skill_id=2, skill_level_order=3)
    familiar_near = Check("Zzz", have=2, need=3, skill_id=3, skill_level_order=2)

    ordered = sorted([familiar_far, new_near, familiar_near], key=lambda c: priority(c, 2))

    assert ordered == [familiar_near, familiar_far, new_near]


def test_equal_gaps_follow_the_ladders_order_not_the_alphabet():
    python = Check("Python", have=0, need=3, skill_id=1, skill_level_order=1, skill_order=1)
    stats = Check("Linear Algebra", have=0, need=3, skill_id=2, skill_level_order=1, skill_order=2)

    assert sorted([stats, python], key=lambda c: priority(c, 1)) == [python, stats]


def test_a_new_learner_is_told_to_start_with_the_first_levels_foundations():
    # Level 2 asks Python, Statistics, Scikit-learn at Proficient (level-1 skills) and the
    # frameworks and NLP/CV at Learning (new at level 2, gap 1: smaller, but not first).
    result = assess(LADDER, years=0, proficiencies={})
    courses = {PYTHON: [CourseInfo("Python for Everybody", "Coursera", "https://x.test/py")]}

    step = next_step(result, advice_for(result, courses=courses))

    assert step.kind == StepKind.SKILL
    assert step.skill.check.label == "Python"
    assert step.course.title == "Python for Everybody"
    assert step.reason == (
        "Python is a key skill of your level, Junior ML Engineer; Machine Learning Engineer "
        f"asks for Proficient. {FOUNDATIONS_FIRST}; among them, 3 steps away like Linear "
        "Algebra/Statistics and Scikit-learn, it comes first in the ladder's order."
    )


def test_with_the_foundations_met_the_step_is_the_closest_new_skill():
    result = assess(LADDER, years=0, proficiencies={PYTHON: 3, STATS: 3, SKLEARN: 3, TORCH: 1})

    step = next_step(result, advice_for(result), level_titles=TITLES)

    assert step.skill.check.label == "NLP/Computer Vision"
    assert step.course is None
    assert step.reason == (
        "NLP/Computer Vision is new at Machine Learning Engineer; Machine Learning Engineer "
        f"asks for Learning. {ONLY_SKILL_LEFT}"
    )


def test_with_every_skill_met_the_step_is_the_missing_years():
    result = assess(LADDER, years=0.5, proficiencies=minimum_for(ML_ENGINEER))
    templates = [TemplateInfo(1, "Deploy a model", 1)]

    step = next_step(result, advice_for(result, templates=templates))

    assert (step.kind, step.years_to_go, step.reason) == (StepKind.YEARS, 1.5, YEARS_LEFT)


def test_with_skills_and_years_met_the_step_is_one_project_not_done():
    result = assess(LADDER, years=8, proficiencies=minimum_for(*LADDER))
    templates = [TemplateInfo(1, "Lead an AI strategy", 4), TemplateInfo(2, "Write a paper", 4)]

    step = next_step(result, advice_for(result, templates=templates, done=[1]))

    assert (step.kind, step.project.title) == (StepKind.PROJECT, "Write a paper")


def test_with_everything_done_there_is_no_step_left():
    result = assess(LADDER, years=8, proficiencies=minimum_for(*LADDER))

    assert next_step(result, advice_for(result)).kind == StepKind.NONE


def test_why_you_are_here_holds_the_checks_of_every_level_up_to_yours():
    result = assess(LADDER, years=5, proficiencies=minimum_for(ML_ENGINEER, SENIOR))

    assert [level for level, _ in result.held_checks] == [ML_ENGINEER, SENIOR]
    assert all(check.met for _, checks in result.held_checks for check in checks)
    assert result.held_checks[-1][1] == result.current_checks


def test_requirements_met_count_agrees_with_the_checks():
    result = assess(LADDER, years=0, proficiencies={PYTHON: 3, TORCH: 1})

    assert result.met_count == 2
    assert result.met_count == sum(check.met for check in result.next_checks)


def test_advice_leaves_out_met_skills_and_the_years():
    result = at_ml_engineer(TensorFlow=0)  # unknown key: ignored, nothing changes
    result = assess(
        LADDER,
        years=2,
        proficiencies={**minimum_for(ML_ENGINEER), TORCH: PROFICIENT, DEEP: EXPERT},
    )

    advice = advice_for(result)

    labels = [item.check.label for item in advice.skills]
    assert "TensorFlow/PyTorch" not in labels
    assert "Advanced Deep Learning" not in labels
    assert "Machine learning experience" not in labels
    assert all(not item.check.met for item in advice.skills)


def test_each_unmet_skill_carries_its_own_courses():
    result = at_ml_engineer()
    feature_courses = (
        CourseInfo("Feature Engineering for ML", "Kaggle", "https://example.com/fe", "Free"),
        CourseInfo("Data Prep", "Coursera", "https://example.com/dp", "Paid"),
    )
    design_course = (CourseInfo("Designing ML Systems", "Stanford", "https://example.com/d"),)

    advice = advice_for(
        result, courses={FEATURES: feature_courses, DESIGN: design_course, PYTHON: ()}
    )

    courses = {item.check.skill_id: item.courses for item in advice.skills}
    assert set(courses[FEATURES]) == set(feature_courses)
    assert courses[DESIGN] == design_course
    assert courses[TORCH] == ()
    assert PYTHON not in courses  # met, so no advice and no courses


def test_projects_offered_are_the_current_and_next_levels_not_done_yet():
    result = at_ml_engineer()
    templates = [
        TemplateInfo(1, "Recommendation engine", level_order=1),
        TemplateInfo(2, "Deploy with MLflow", level_order=2),
        TemplateInfo(3, "End-to-end MLOps pipeline", level_order=2),
        TemplateInfo(4, "Scale a deep learning model", level_order=3),
        TemplateInfo(5, "Contribute to open source", level_order=3),
        TemplateInfo(6, "AI strategy proposal", level_order=4),
    ]

    advice = advice_for(result, templates=templates, done=[2, 1, 99])

    # Level order first, then title.
    assert [t.title for t in advice.projects] == [
        "End-to-end MLOps pipeline",
        "Contribute to open source",
        "Scale a deep learning model",
    ]


def test_at_the_top_only_the_top_levels_projects_remain_and_there_is_nothing_to_learn():
    result = assess(LADDER, years=8, proficiencies=minimum_for(*LADDER))
    templates = [TemplateInfo(1, "Scale a model", 3), TemplateInfo(2, "AI strategy", 4)]

    advice = advice_for(result, templates=templates)

    assert advice.skills == ()
    assert [t.title for t in advice.projects] == ["AI strategy"]
    assert (advice.steps_to_go, advice.hours_to_go, advice.years_to_go) == (0, 0, 0)


# Senior from just-level-2: TensorFlow/PyTorch 1→3, NLP/CV 1→3, Feature Engineering 0→3,
# Advanced Deep Learning 0→1, ML System Design 0→1.
STEPS_TO_SENIOR = 2 + 2 + 3 + 1 + 1


@pytest.mark.parametrize(
    "weekly_hours",
    [pytest.param(1, id="1-hour"), pytest.param(5, id="5-hours"), pytest.param(7, id="7-hours")],
)
def test_weeks_to_go_are_the_missing_steps_in_hours_spread_over_the_weekly_hours(weekly_hours):
    advice = advice_for(at_ml_engineer(), weekly_hours=weekly_hours)

    assert advice.steps_to_go == STEPS_TO_SENIOR
    assert advice.hours_to_go == STEPS_TO_SENIOR * HOURS_PER_STEP
    assert advice.weeks_to_go == math.ceil(STEPS_TO_SENIOR * HOURS_PER_STEP / weekly_hours)
    assert advice.weekly_hours == weekly_hours


def test_no_weekly_hours_gives_no_estimate():
    advice = advice_for(at_ml_engineer(), weekly_hours=0)

    assert advice.weeks_to_go is None
    assert advice.hours_to_go == STEPS_TO_SENIOR * HOURS_PER_STEP


@pytest.mark.parametrize(
    ("years", "years_to_go"),
    [
        pytest.param(2, 3, id="two-of-five"),
        pytest.param(3.4, 1.6, id="fraction"),
        pytest.param(4.9, 0.1, id="a-month-or-so"),
    ],
)
def test_years_to_go_are_the_years_the_next_level_still_asks(years, years_to_go):
    result = assess(LADDER, years=years, proficiencies=minimum_for(ML_ENGINEER))

    assert advice_for(result).years_to_go == years_to_go


def test_no_years_to_go_once_the_years_are_met():
    result = assess(LADDER, years=6, proficiencies=minimum_for(ML_ENGINEER))

    assert result.next == SENIOR
    assert advice_for(result).years_to_go == 0


# --- Years of experience --------------------------------------------------------------

TODAY = date(2024, 6, 15)


@pytest.mark.parametrize(
    ("periods", "months"),
    [
        pytest.param([], 0, id="no-experience"),
        pytest.param([(date(2020, 1, 1), date(2020, 12, 1))], 12, id="jan-to-dec-is-a-year"),
        pytest.param([(date(2020, 3, 1), date(2020, 3, 1))], 1, id="one-month-counts"),
        pytest.param(
            [(date(2020, 1, 31), date(2020, 12, 1))], 12, id="the-day-of-the-month-is-ignored"
        ),
        pytest.param([(date(2023, 7, 1), None)], 12, id="open-ended-runs-to-today"),
        pytest.param(
            [(date(2020, 1, 1), date(2020, 12, 1)), (date(2020, 7, 1), date(2021, 6, 1))],
            18,
            id="overlap-counts-once",
        ),
        pytest.param(
            [(date(2020, 7, 1), date(2021, 6, 1)), (date(2020, 1, 1), date(2020, 12, 1))],
            18,
            id="order-does-not-matter",
        ),
        pytest.param(
            [(date(2020, 1, 1), date(2020, 6, 1)), (date(2020, 7, 1), date(2020, 12, 1))],
            12,
            id="adjacent-periods-join",
        ),
        pytest.param(
            [(date(2020, 1, 1), date(2020, 3, 1)), (date(2020, 7, 1), date(2020, 9, 1))],
            6,
            id="a-gap-is-not-counted",
        ),
        pytest.param(
            [(date(2019, 1, 1), date(2020, 12, 1)), (date(2019, 3, 1), date(2019, 5, 1))],
            24,
            id="nested-period-adds-nothing",
        ),
        pytest.param(
            [(date(2022, 1, 1), None), (date(2023, 1, 1), date(2023, 6, 1))],
            30,
            id="period-inside-an-open-one",
        ),
        pytest.param([(date(2024, 8, 1), None)], 0, id="future-start-is-ignored"),
        pytest.param(
            [(date(2024, 8, 1), date(2025, 8, 1)), (date(2024, 1, 1), date(2024, 3, 1))],
            3,
            id="future-period-ignored-past-one-kept",
        ),
        pytest.param(
            [(date(2024, 1, 1), date(2030, 12, 1))], 6, id="end-in-the-future-stops-at-today"
        ),
        pytest.param([(date(2024, 6, 1), None)], 1, id="starting-this-month-counts-this-month"),
    ],
)
def test_experience_years_count_distinct_months_worked(periods, months):
    assert experience_years(periods, today=TODAY) == round(months / 12, 1)


# --- The reason of the next step: built from the facts that chose it (issue 17) ---------


def test_a_skill_already_met_at_your_level_is_not_called_one_to_secure():
    # TensorFlow/PyTorch: level 2 asks Learning (met), Senior asks Proficient.
    result = at_ml_engineer()

    step = next_step(result, advice_for(result), level_titles=TITLES)

    assert step.skill.check.label == "TensorFlow/PyTorch"
    assert "secure" not in step.reason
    assert step.reason == (
        "TensorFlow/PyTorch is a key skill of your level, Machine Learning Engineer; Senior ML "
        f"Engineer asks for Proficient. {FOUNDATIONS_FIRST}; among them, 2 steps away like "
        "NLP/Computer Vision, it comes first in the ladder's order."
    )


def test_the_reason_names_the_smallest_gap_when_it_decided():
    result = assess(LADDER, years=2, proficiencies={**minimum_for(ML_ENGINEER), NLP_CV: PRACTICING})

    step = next_step(result, advice_for(result), level_titles=TITLES)

    assert step.skill.check.label == "NLP/Computer Vision"
    assert step.reason.endswith(f"{FOUNDATIONS_FIRST}; among them, it is the closest, 1 step away.")


def test_with_your_levels_key_skills_met_the_reason_says_so():
    result = assess(
        LADDER,
        years=2,
        proficiencies={**minimum_for(ML_ENGINEER), TORCH: 3, NLP_CV: 3, FEATURES: 3},
    )

    step = next_step(result, advice_for(result), level_titles=TITLES)

    assert step.reason == (
        "Advanced Deep Learning is new at Senior ML Engineer; Senior ML Engineer asks for "
        f"Learning. {FOUNDATIONS_MET}; among the new ones, 1 step away like ML System Design, "
        "it comes first in the ladder's order."
    )


def test_a_skill_not_rated_is_told_apart_from_one_rated_not_started():
    result = assess(LADDER, years=0, proficiencies={STATS: 0})

    advice = advise(
        result,
        courses_by_skill={},
        templates=(),
        done_template_ids=(),
        weekly_hours=5,
        unrated_ids={PYTHON, SKLEARN, TORCH, NLP_CV},
    )

    shown = {item.check.label: (item.rated, item.have_label) for item in advice.skills}
    assert shown["Python"] == (False, NOT_RATED)
    assert shown["Linear Algebra/Statistics"] == (True, "Not started")


# --- The course for a step (issue 17) ------------------------------------------------


def course(title, *, difficulty="introductory", is_free=True, hours=None):
    return CourseInfo(
        title, "Provider", "https://x.test/c", is_free=is_free, hours=hours, difficulty=difficulty
    )


@pytest.mark.parametrize(
    ("have", "difficulty"),
    [(0, "introductory"), (1, "introductory"), (2, "intermediate"), (3, "advanced")],
)
def test_a_first_step_wants_an_introductory_course_later_steps_harder_ones(have, difficulty):
    assert difficulty_for_step(have) == difficulty


def test_the_course_that_fits_the_step_comes_before_a_free_or_shorter_one_that_does_not():
    fitting = course("Zebra intro", is_free=False, hours=40)
    shorter = course("Alpha deep dive", difficulty="advanced", hours=2)

    assert course_order([shorter, fitting], have=0) == (fitting, shorter)


def test_among_fitting_courses_free_comes_before_paid_then_fewer_hours():
    paid = course("A paid book", is_free=False, hours=3)
    long_free = course("B long free", hours=30)
    short_free = course("C short free", hours=5)
    unknown_free = course("D free of unknown length")

    assert course_order([paid, unknown_free, long_free, short_free], have=0) == (
        short_free,
        long_free,
        unknown_free,
        paid,
    )


def test_a_higher_step_prefers_the_harder_course():
    intro = course("Intro", hours=3)
    intermediate = course("Intermediate", difficulty="intermediate", hours=20)
    advanced = course("Advanced", difficulty="advanced", hours=20)

    assert course_order([intro, advanced, intermediate], have=2)[0] == intermediate
    assert course_order([intro, intermediate, advanced], have=3)[0] == advanced


def test_without_a_fitting_course_the_nearest_difficulty_comes_first():
    intermediate = course("Intermediate", difficulty="intermediate")
    advanced = course("Advanced", difficulty="advanced", hours=1)

    assert course_order([advanced, intermediate], have=0)[0] == intermediate


def test_the_course_says_what_it_was_picked_on():
    assert course("Python", hours=5).facts == "free · introductory · about 5 hours"
    assert course("Book", difficulty="advanced", is_free=False).facts == "paid · advanced"


def test_the_advice_lists_a_skills_courses_best_first_for_its_step():
    result = assess(LADDER, years=0, proficiencies={})
    numpy = course("Learn NumPy", difficulty="intermediate")
    kaggle = course("Python", hours=5)

    advice = advice_for(result, courses={PYTHON: [numpy, kaggle]})
    step = next_step(result, advice)

    assert step.course == kaggle
    assert advice.skills[0].courses == (kaggle, numpy)


def test_with_only_foundations_left_the_reason_compares_the_skills_left():
    result = assess(LADDER, years=2, proficiencies={**minimum_for(ML_ENGINEER), DEEP: 1, DESIGN: 1})

    step = next_step(result, advice_for(result), level_titles=TITLES)

    assert step.reason.endswith(
        "Among the skills left, 2 steps away like NLP/Computer Vision, it comes first in the "
        "ladder's order."
    )


# --- A level's page: its own requirements and those of every level below it -------------


def test_a_level_page_checks_the_levels_below_and_agrees_with_the_level_as_a_target():
    proficiencies = {**EVERYTHING_EXPERT, STATS: LEARNING}

    entry = entry_checks(LADDER, ARCHITECT.id, years=10, proficiencies=proficiencies)

    assert all(check.met for check in entry.own)
    assert entry.below_level == SENIOR
    assert [check.label for check in entry.below_unmet] == ["Linear Algebra/Statistics"]
    assert not entry.below_met
    assert not entry.held
    target = assess_target(LADDER, ARCHITECT.id, years=10, proficiencies=proficiencies)
    assert entry.unmet == target.unmet


def test_the_levels_below_ask_each_skill_once_at_its_highest_minimum_and_no_years_again():
    entry = entry_checks(LADDER, ARCHITECT.id, years=0, proficiencies={})

    labels = [check.label for check in entry.below]
    assert len(labels) == len(set(labels))
    assert not any(check.is_years for check in entry.below)  # the level's own years say it
    torch = next(check for check in entry.below if check.skill_id == TORCH)
    assert torch.need == max(r.min_proficiency for r in SENIOR.requirements if r.skill_id == TORCH)


def test_the_first_two_levels_have_nothing_below_to_check():
    assert entry_checks(LADDER, JUNIOR.id, years=0, proficiencies={}).below == ()
    assert entry_checks(LADDER, ML_ENGINEER.id, years=0, proficiencies={}).below == ()


def test_a_level_held_is_held_on_its_page():
    entry = entry_checks(LADDER, SENIOR.id, years=5, proficiencies=minimum_for(*LADDER))

    assert entry.held and entry.below_met and entry.unmet == ()


def test_a_skill_not_rated_reads_not_rated_and_a_rating_of_not_started_reads_not_started():
    entry = entry_checks(LADDER, ML_ENGINEER.id, years=0, proficiencies={PYTHON: 0})
    labels = {check.skill_id: check.have_label for check in entry.own}

    assert labels[PYTHON] == "Not started"
    assert labels[STATS] == NOT_RATED
