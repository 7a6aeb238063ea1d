import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from mentoring.digest import week_start_of
from mentoring.models import (
    DigestDelivery,
    Endorsement,
    Feedback,
    FeedbackReply,
    Mentorship,
    Notification,
    NotificationKind,
    NotificationSettings,
    SignOff,
    Status,
)
from tests.ladder.factories import SkillFactory
from tests.profiles.factories import ProjectFactory, UserFactory

# Statuses in which the invitee has answered, and in which the relationship is over.
ANSWERED = {Status.ACCEPTED, Status.DECLINED, Status.ENDED}
CLOSED = {Status.CANCELLED, Status.ENDED}


class MentorshipFactory(DjangoModelFactory):
    """A learner's invitation to a mentor. token and expires_at come from the model's
    defaults (a random token, INVITATION_DAYS from now); the answer and end dates follow
    the status."""

    class Meta:
        model = Mentorship

    learner = factory.SubFactory(UserFactory)
    mentor = factory.SubFactory(UserFactory)
    invitee_email = factory.LazyAttributeSequence(
        lambda o, n: o.mentor.email if o.mentor else f"invitee{n}@example.org"
    )
    status = Status.PENDING
    responded_at = factory.LazyAttribute(lambda o: timezone.now() if o.status in ANSWERED else None)
    ended_at = factory.LazyAttribute(lambda o: timezone.now() if o.status in CLOSED else None)
    ended_by = factory.LazyAttribute(lambda o: o.learner if o.status in CLOSED else None)


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    mentorship = factory.SubFactory(MentorshipFactory, status=Status.ACCEPTED)
    body = factory.Faker("paragraph")


class EndorsementFactory(DjangoModelFactory):
    class Meta:
        model = Endorsement

    mentorship = factory.SubFactory(MentorshipFactory, status=Status.ACCEPTED)
    skill = factory.SubFactory(SkillFactory)
    proficiency = 2
    rated_proficiency = factory.SelfAttribute("proficiency")  # an endorsement: they agree


class SignOffFactory(DjangoModelFactory):
    class Meta:
        model = SignOff

    mentorship = factory.SubFactory(MentorshipFactory, status=Status.ACCEPTED)
    project = factory.SubFactory(ProjectFactory, user=factory.SelfAttribute("..mentorship.learner"))


class FeedbackReplyFactory(DjangoModelFactory):
    class Meta:
        model = FeedbackReply

    feedback = factory.SubFactory(FeedbackFactory)
    author = factory.SelfAttribute("feedback.mentorship.learner")
    body = factory.Faker("sentence")


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.MESSAGE
    detail = factory.Faker("sentence")
    url = ""


class DigestDeliveryFactory(DjangoModelFactory):
    """A weekly digest queued for this week (the Monday of timezone.localdate()'s week)."""

    class Meta:
        model = DigestDelivery

    user = factory.SubFactory(UserFactory)
    week_start = factory.LazyFunction(lambda: week_start_of(timezone.localdate()))
    items = 3


class NotificationSettingsFactory(DjangoModelFactory):
    """A person's notification settings; `deliveries` holds only the kinds they set."""

    class Meta:
        model = NotificationSettings

    user = factory.SubFactory(UserFactory)
    deliveries = factory.LazyFunction(dict)
    digest = True
    digest_day = 0
