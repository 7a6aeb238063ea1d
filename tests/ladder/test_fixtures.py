"""The shipped ladder content, loaded for real, says what the seed text says."""

import importlib
import io
import json
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command

from ladder.models import (
    CareerDirection,
    Course,
    Difficulty,
    JobResponsibility,
    Level,
    PathStep,
    Proficiency,
    ProjectTemplate,
    Requirement,
    Skill,
    SkillArea,
    Specialisation,
    Track,
)

# Copied from the seed text (/work/shared/seeds/001_dd3532ce783bed2c.txt), which writes
# ranges with a hyphen; the pages print them with an en dash.
SEED_LEVELS = [
    # order, slug, title, salary band, years
    (1, "junior-ml-engineer", "Junior ML Engineer / ML Intern", "$70K-$100K", "0-2 years"),
    (2, "ml-engineer", "Machine Learning Engineer", "$110K-$160K", "2-5 years"),
    (3, "senior-ml-engineer", "Senior ML Engineer", "$160K-$220K", "5-8 years"),
    (4, "ml-architect", "ML Architect / Head of AI", "$220K-$350K+", "8+ years"),
]

# The seed's FAQ: "Key skills for <level> (<years>): ...", in the seed's order.
SEED_KEY_SKILLS = {
    "junior-ml-engineer": [
        "Python",
        "Linear Algebra/Statistics",
        "Scikit-learn",
        "Data Preprocessing",
        "Jupyter Notebooks",
        "Basic Neural Networks",
    ],
    "ml-engineer": [
        "TensorFlow/PyTorch",
        "NLP/Computer Vision",
        "Feature Engineering",
        "Model Deployment",
        "MLOps basics",
        "Cloud ML Services",
    ],
    "senior-ml-engineer": [
        "Advanced Deep Learning",
        "ML System Design",
        "Distributed Training",
        "Model Optimization",
        "Research to Production",
        "Team Mentoring",
    ],
    "ml-architect": [
        "AI Strategy",
        "Research Leadership",
        "LLM/GenAI Architecture",
        "Ethics in AI",
        "Cross-functional AI Adoption",
    ],
}

# The seed's responsibilities 1 and 3 name skills, and the 5th names the seniority.
SEED_RESPONSIBILITIES = {
    "junior-ml-engineer": (
        ["Python", "Linear Algebra/Statistics"],
        ["Scikit-learn", "Data Preprocessing"],
        "entry-level",
    ),
    "ml-engineer": (
        ["TensorFlow/PyTorch", "NLP/Computer Vision"],
        ["Feature Engineering", "Model Deployment"],
        "mid-level",
    ),
    "senior-ml-engineer": (
        ["Advanced Deep Learning", "ML System Design"],
        ["Distributed Training", "Model Optimization"],
        "senior",
    ),
    "ml-architect": (
        ["AI Strategy", "Research Leadership"],
        ["LLM/GenAI Architecture", "Ethics in AI"],
        "lead-level",
    ),
}

# Entry requirements: the years of the level's range start, the skills to master from the
# level below at Proficient and the ones to start on at Learning ("How to Advance to ...").
PROFICIENT, LEARNING = Proficiency.PROFICIENT, Proficiency.LEARNING
SEED_REQUIREMENTS = {
    "junior-ml-engineer": (0, {}),
    "ml-engineer": (
        2,
        {
            "python": PROFICIENT,
            "linear-algebra-statistics": PROFICIENT,
            "scikit-learn": PROFICIENT,
            "tensorflow-pytorch": LEARNING,
            "nlp-computer-vision": LEARNING,
        },
    ),
    "senior-ml-engineer": (
        5,
        {
            "tensorflow-pytorch": PROFICIENT,
            "nlp-computer-vision": PROFICIENT,
            "feature-engineering": PROFICIENT,
            "advanced-deep-learning": LEARNING,
            "ml-system-design": LEARNING,
        },
    ),
    "ml-architect": (
        8,
        {
            "advanced-deep-learning": PROFICIENT,
            "ml-system-design": PROFICIENT,
            "distributed-training": PROFICIENT,
            "ai-strategy": LEARNING,
            "research-leadership": LEARNING,
        },
    ),
}

LADDER_MODELS = [
    "ladder.track",
    "ladder.skillarea",
    "ladder.level",
    "ladder.responsibility",
    "ladder.skill",
    "ladder.course",
    "ladder.projecttemplate",
    "ladder.requirement",
    "ladder.jobresponsibility",
    "ladder.careerdirection",
    "ladder.pathstep",
    "ladder.specialisation",
]


def en_dash(seed_range):
    return seed_range.replace("-", "–")


def test_the_ladder_has_exactly_four_levels_numbered_one_to_four(loaded_ladder):
    assert list(Level.objects.main().values_list("order", flat=True)) == [1, 2, 3, 4]


@pytest.mark.parametrize(("order", "slug", "title", "band", "years"), SEED_LEVELS)
def test_each_level_has_the_seeds_title_salary_band_and_years(
    loaded_ladder, order, slug, title, band, years
):
    level = Level.objects.get(slug=slug)

    assert (level.order, level.title) == (order, title)
    assert level.salary_band == en_dash(band)
    assert level.years_range == en_dash(years)


def test_every_level_but_the_top_says_how_to_advance_to_the_next(loaded_ladder):
    levels = list(Level.objects.main())

    for level, following in zip(levels, levels[1:], strict=False):
        assert following.title in level.how_to_advance
    assert levels[-1].how_to_advance == ""
    assert all(level.summary and level.focus for level in levels)


@pytest.mark.parametrize("slug", SEED_RESPONSIBILITIES)
def test_every_level_has_the_seeds_five_responsibilities(loaded_ladder, slug):
    first_skills, third_skills, seniority = SEED_RESPONSIBILITIES[slug]

    responsibilities = list(Level.objects.get(slug=slug).responsibilities.order_by("order"))

    assert [item.order for item in responsibilities] == [1, 2, 3, 4, 5]
    assert all(name in responsibilities[0].text for name in first_skills)
    assert all(name in responsibilities[2].text for name in third_skills)
    assert seniority in responsibilities[4].text


def test_the_ladder_has_the_seeds_23_key_skills(loaded_ladder):
    main_skills = Skill.objects.filter(level__in=Level.objects.main())
    assert main_skills.count() == sum(len(names) for names in SEED_KEY_SKILLS.values()) == 23


@pytest.mark.parametrize("slug", SEED_KEY_SKILLS)
def test_each_level_lists_the_seeds_key_skills_in_the_seeds_order(loaded_ladder, slug):
    names = list(Level.objects.get(slug=slug).key_skills.values_list("name", flat=True))

    assert names == SEED_KEY_SKILLS[slug]


def test_every_skill_has_a_full_rubric(loaded_ladder):
    for skill in Skill.objects.all():
        assert all(text.strip() for _, _, text in skill.rubric), skill.slug


@pytest.mark.parametrize("slug", SEED_REQUIREMENTS)
def test_each_level_asks_for_the_years_and_skills_the_seed_gives(loaded_ladder, slug):
    years, skills = SEED_REQUIREMENTS[slug]
    level = Level.objects.get(slug=slug)

    assert level.years_min == years
    assert dict(level.requirements.values_list("skill__slug", "min_proficiency")) == skills


def test_the_first_level_has_no_entry_requirements(loaded_ladder):
    assert not Requirement.objects.filter(level__in=Level.objects.main(), level__order=1).exists()


def test_every_skill_has_at_least_one_course(loaded_ladder):
    without = Skill.objects.filter(courses__isnull=True).values_list("slug", flat=True)

    assert list(without) == []


def test_every_course_links_over_https(loaded_ladder):
    for course in Course.objects.all():
        url = urlparse(course.url)
        assert (url.scheme, bool(url.netloc)) == ("https", True), course.url


def test_every_project_template_points_at_a_level_and_at_least_one_skill(loaded_ladder):
    templates = list(
        ProjectTemplate.objects.filter(level__isnull=False)
        .select_related("level")
        .prefetch_related("skills__level")
    )

    assert templates
    for template in templates:
        skills = template.skills.all()
        assert skills, template.slug
        # A project for a level shows skills of that level or the ones below it.
        assert all(skill.level.order <= template.level.order for skill in skills), template.slug


def _canonical(rows):
    """Return the rows as a set of JSON strings of model and fields, m2m lists sorted."""

    def field_value(value):
        # A many-to-many value is a list of natural keys, themselves lists: order is noise.
        is_many = isinstance(value, list) and all(isinstance(item, list) for item in value)
        return sorted(value) if is_many else value

    return {
        json.dumps(
            {
                "model": row["model"],
                "fields": {name: field_value(value) for name, value in row["fields"].items()},
            },
            sort_keys=True,
        )
        for row in rows
    }


def test_the_fixture_round_trips_through_dumpdata_unchanged(loaded_ladder, fixture_rows):
    out = io.StringIO()
    call_command("dumpdata", *LADDER_MODELS, natural_primary=True, natural_foreign=True, stdout=out)
    dumped = json.loads(out.getvalue())
    # Shipped content is never retired; the fixture leaves the flag at its default.
    assert not any(row["fields"].pop("retired", False) for row in dumped)

    assert len(dumped) == len(fixture_rows)
    assert _canonical(dumped) == _canonical(fixture_rows)


# Issue 9: the rest of the source document 000 (/work/shared/seeds/000_cdc73d056404f2ea.txt).

SEED_STEPS = [
    "Building a Strong Educational Foundation",
    "Learning Programming and Data Science Basics",
    "Mastering Core Machine Learning Concepts",
    "Working on Projects",
    "Exploring MLOps and Deployment",
    "Getting Professional Experience",
    "Keeping Learning and Specializing",
]
SEED_AREAS = [
    "Mathematics & Statistics",
    "Programming",
    "Data Handling",
    "Machine Learning & Deep Learning",
    "Software Engineering Practices",
    "Soft Skills",
]
SEED_DIRECTIONS = [
    ("Senior Machine Learning Engineer", "Overseeing projects and mentoring junior team members"),
    ("Machine Learning Architect", "Designing large-scale machine learning infrastructures"),
    ("Research Scientist", "Innovating cutting-edge algorithms and publishing research findings"),
    (
        "AI Product Manager",
        "Integrating technical insights with business strategy for AI-driven products",
    ),
]
SEED_JOB = [
    "Designing and training innovative machine learning models",
    "Deploying models in production environments efficiently",
    "Monitoring model performance and updating them as necessary",
    "Collaborating with data scientists, software engineers, and business stakeholders to "
    "align models with business needs",
]


def test_the_path_in_has_the_seeds_seven_steps_in_order(loaded_ladder):
    assert list(PathStep.objects.values_list("title", flat=True)) == SEED_STEPS


def test_the_path_steps_name_the_seeds_tools_and_roles(loaded_ladder):
    steps = {step.order: step for step in PathStep.objects.all()}

    for tool in ["Python", "NumPy", "Pandas", "Scikit-learn"]:
        assert tool in steps[2].what_to_do
    for tool in ["MLflow", "Kubeflow", "AWS SageMaker", "GCP AI Platform", "Azure ML"]:
        assert tool in steps[5].what_to_do
    assert steps[6].roles == (
        "Data analyst, Software engineer, Junior machine learning engineer, Freelancing"
    )
    assert {"python", "scikit-learn"} <= set(steps[2].skills.values_list("slug", flat=True))
    assert steps[4].project_templates.filter(slug="recommendation-engine").exists()


def test_the_six_skill_areas_carry_the_seeds_tools(loaded_ladder):
    areas = {area.title: area for area in SkillArea.objects.all()}

    assert list(areas) == SEED_AREAS
    for tool in ["SQL", "Hadoop", "Spark", "AWS", "GCP", "Azure"]:
        assert tool in areas["Data Handling"].tools
    for tool in ["Git", "APIs", "testing", "MLOps"]:
        assert tool in areas["Software Engineering Practices"].tools
    for tool in ["Java", "C++", "R"]:
        assert tool in areas["Programming"].description


def test_the_job_has_the_seeds_four_responsibilities(loaded_ladder):
    assert list(JobResponsibility.objects.values_list("text", flat=True)) == SEED_JOB
    assert "bridge between data scientists and software engineers" in (
        Track.objects.get(slug="machine-learning-engineering").summary
    )


def test_the_four_career_directions_are_the_seeds(loaded_ladder):
    directions = CareerDirection.objects.select_related("level__track")

    assert [(d.title, d.description) for d in directions] == SEED_DIRECTIONS
    on_their_own_track = [d.title for d in directions if d.level.branches_from_id]
    assert on_their_own_track == ["Research Scientist", "AI Product Manager"]


def test_the_branch_tracks_give_no_salary_and_take_the_years_of_their_branch_point(
    loaded_ladder,
):
    for level in Level.objects.exclude(pk__in=Level.objects.main()):
        assert (level.salary_min, level.salary_max, level.years_min) == (None, None, None)
        assert level.salary_band == "No figure given"
        assert level.requirements.count() == 2


def test_the_three_specialisations_build_on_the_ladder_with_deeper_skills(loaded_ladder):
    specialisations = list(Specialisation.objects.all())

    assert [s.title for s in specialisations] == [
        "Natural language processing (NLP)",
        "Computer vision",
        "Reinforcement learning",
    ]
    for specialisation in specialisations:
        assert specialisation.skills.count() >= 2
        assert specialisation.project_templates.exists()
        assert all(skill.level is None for skill in specialisation.skills.all())
        assert Course.objects.filter(skills__in=specialisation.skills.all(), is_free=True).exists()
    assert Skill.objects.get(slug="nlp-computer-vision").name == "NLP/Computer Vision"


def test_every_course_has_a_difficulty(loaded_ladder):
    assert set(Course.objects.values_list("difficulty", flat=True)) <= set(Difficulty.values)


def test_the_migration_gives_the_shipped_courses_the_fixtures_difficulties():
    """A database migrated before the fixture is loaded again holds the same difficulties."""
    shipped = importlib.import_module("ladder.migrations.0006_course_difficulty").SHIPPED
    fixture = json.loads((settings.BASE_DIR / "fixtures" / "ladder.json").read_text())
    given = {
        row["fields"]["slug"]: row["fields"]["difficulty"]
        for row in fixture
        if row["model"] == "ladder.course"
    }

    assert {slug: level for level, slugs in shipped.items() for slug in slugs} == given


def test_every_junior_key_skill_has_a_free_introductory_course(loaded_ladder):
    # a beginner's first next step is one of them, with a course that fits (issue 17)
    for skill in Skill.objects.filter(level__order=1, level__track__order=1):
        assert skill.courses.filter(is_free=True, difficulty=Difficulty.INTRODUCTORY).exists(), (
            skill.slug
        )
