import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from profiles.models import (
    CourseProgress,
    CourseState,
    Evidence,
    EvidenceKind,
    Experience,
    Profile,
    Project,
    ProjectStatus,
    SkillRating,
    SkillRatingChange,
)
from tests.ladder.factories import CourseFactory, SkillFactory

PASSWORD = "a-Long-test-passw0rd"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(PASSWORD)


class ProfileFactory(DjangoModelFactory):
    """Every user already has a profile (made on sign-up); this fills it in."""

    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("name")
    weekly_hours = 5

    @classmethod
    def _create(cls, model_class, *args, user, **kwargs):
        profile, _ = model_class.objects.update_or_create(user=user, defaults=kwargs)
        return profile


class ExperienceFactory(DjangoModelFactory):
    class Meta:
        model = Experience

    user = factory.SubFactory(UserFactory)
    role_title = "Machine learning engineer"
    organisation = factory.Faker("company")
    start_month = datetime.date(2020, 1, 1)
    end_month = datetime.date(2021, 12, 1)
    is_ml_work = True


class SkillRatingFactory(DjangoModelFactory):
    class Meta:
        model = SkillRating

    user = factory.SubFactory(UserFactory)
    skill = factory.SubFactory(SkillFactory)
    proficiency = 2


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"My project {n}")
    description = factory.Faker("sentence")
    link = "https://github.com/example/project"
    status = ProjectStatus.DONE
    done_on = factory.LazyAttribute(
        lambda p: timezone.localdate() if p.status == ProjectStatus.DONE else None
    )

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class EmailAddressFactory(DjangoModelFactory):
    """An address allauth has confirmed for its user."""

    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email)
    verified = True
    primary = True


class VerifiedUserFactory(UserFactory):
    """A user who has confirmed the address on their account, as every real user has."""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddressFactory(user=self)


class SkillRatingChangeFactory(DjangoModelFactory):
    """A change of a learner's rating: what the mentors' list counts as activity."""

    class Meta:
        model = SkillRatingChange

    user = factory.SubFactory(UserFactory)
    skill = factory.SubFactory(SkillFactory)
    old_proficiency = None
    new_proficiency = 1


class CourseProgressFactory(DjangoModelFactory):
    class Meta:
        model = CourseProgress

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    state = CourseState.STARTED
    started_on = factory.LazyFunction(timezone.localdate)
    done_on = factory.LazyAttribute(
        lambda p: timezone.localdate() if p.state == CourseState.DONE else None
    )


class EvidenceFactory(DjangoModelFactory):
    """A link shown as evidence of a skill (give `project=` and `skill=None` for a project)."""

    class Meta:
        model = Evidence

    user = factory.SubFactory(UserFactory)
    kind = EvidenceKind.REPOSITORY
    url = factory.Sequence(lambda n: f"https://github.com/example/evidence-{n}")
    note = "What it shows"
    skill = factory.SubFactory(SkillFactory)
    project = None
