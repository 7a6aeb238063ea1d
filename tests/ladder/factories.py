import factory
from factory.django import DjangoModelFactory

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
    Responsibility,
    Skill,
    SkillArea,
    SkillCategory,
    Specialisation,
    Track,
)

MAIN_TRACK_SLUG = "machine-learning-engineering"


class TrackFactory(DjangoModelFactory):
    """The main track unless told otherwise (a branch track's first level names the level
    it branches from)."""

    class Meta:
        model = Track
        django_get_or_create = ["slug"]

    slug = MAIN_TRACK_SLUG
    title = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    summary = factory.Faker("sentence")
    order = 1


class LevelFactory(DjangoModelFactory):
    class Meta:
        model = Level
        django_get_or_create = ["track", "order"]

    track = factory.SubFactory(TrackFactory)
    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"level-{n + 1}")
    title = factory.Sequence(lambda n: f"Level {n + 1} engineer")
    salary_min = factory.LazyAttribute(lambda o: 50_000 + 40_000 * o.order)
    salary_max = factory.LazyAttribute(lambda o: o.salary_min + 40_000)
    years_min = factory.LazyAttribute(lambda o: 2 * (o.order - 1))
    years_max = factory.LazyAttribute(lambda o: o.years_min + 2)
    summary = factory.Faker("sentence")
    focus = factory.Faker("paragraph")
    how_to_advance = factory.Faker("paragraph")


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = Responsibility

    level = factory.SubFactory(LevelFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("sentence")


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.Sequence(lambda n: f"skill-{n}")
    category = SkillCategory.MACHINE_LEARNING
    level = factory.SubFactory(LevelFactory, order=1)
    order = factory.Sequence(lambda n: n)
    description = factory.Faker("sentence")
    rubric_learning = "Follows a tutorial."
    rubric_practicing = "Uses it on real tasks with help."
    rubric_proficient = "Uses it alone in production."
    rubric_expert = "Teaches it and sets the standard."


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")
    provider = "Example University"
    url = factory.Sequence(lambda n: f"https://courses.example.com/{n}")
    is_free = True
    hours = 10
    difficulty = Difficulty.INTRODUCTORY

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class ProjectTemplateFactory(DjangoModelFactory):
    class Meta:
        model = ProjectTemplate
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"project-{n}")
    title = factory.Sequence(lambda n: f"Project idea {n}")
    description = factory.Faker("sentence")
    level = factory.SubFactory(LevelFactory, order=1)
    order = factory.Sequence(lambda n: n)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class RequirementFactory(DjangoModelFactory):
    class Meta:
        model = Requirement

    level = factory.SubFactory(LevelFactory, order=2)
    skill = factory.SubFactory(SkillFactory)
    min_proficiency = Proficiency.PROFICIENT


class SkillAreaFactory(DjangoModelFactory):
    class Meta:
        model = SkillArea

    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"area-{n}")
    title = factory.Sequence(lambda n: f"Area {n}")
    description = factory.Faker("sentence")
    tools = "SQL, Spark"


class JobResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = JobResponsibility

    order = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("sentence")


class CareerDirectionFactory(DjangoModelFactory):
    class Meta:
        model = CareerDirection

    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"direction-{n}")
    title = factory.Sequence(lambda n: f"Direction {n}")
    description = factory.Faker("sentence")
    level = factory.SubFactory(LevelFactory, order=1)


class PathStepFactory(DjangoModelFactory):
    class Meta:
        model = PathStep
        skip_postgeneration_save = True

    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"step-{n}")
    title = factory.Sequence(lambda n: f"Step {n}")
    what_to_do = factory.Faker("sentence")

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class SpecialisationFactory(DjangoModelFactory):
    class Meta:
        model = Specialisation
        skip_postgeneration_save = True

    order = factory.Sequence(lambda n: n + 1)
    slug = factory.Sequence(lambda n: f"specialisation-{n}")
    title = factory.Sequence(lambda n: f"Specialisation {n}")
    summary = factory.Faker("sentence")
    builds_on = factory.SubFactory(SkillFactory)

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)

    @factory.post_generation
    def project_templates(self, create, extracted, **kwargs):
        if create and extracted:
            self.project_templates.set(extracted)
