import factory
from factory.django import DjangoModelFactory

from ladder.models import (
    Course,
    Level,
    Proficiency,
    ProjectTemplate,
    Requirement,
    Responsibility,
    Skill,
    SkillCategory,
)


class LevelFactory(DjangoModelFactory):
    class Meta:
        model = Level
        django_get_or_create = ["order"]

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
