from dataclasses import replace

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from mentoring.check_in_rules import Snapshot
from mentoring.digest import week_start_of
from mentoring.models import (
    CheckIn,
    CheckInRating,
    CheckInStatus,
    DigestDelivery,
    Endorsement,
    Feedback,
    FeedbackReply,
    Mentorship,
    Notification,
    NotificationKind,
    NotificationSettings,
    Side,
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


class CheckInFactory(DjangoModelFactory):
    """A check-in under way in an accepted mentorship, started by the learner; pass
    `skills=[...]` to choose its skills."""

    class Meta:
        model = CheckIn
        skip_postgeneration_save = True

    mentorship = factory.SubFactory(MentorshipFactory, status=Status.ACCEPTED)
    started_by = factory.SelfAttribute("mentorship.learner")
    status = CheckInStatus.OPEN

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class CheckInRatingFactory(DjangoModelFactory):
    class Meta:
        model = CheckInRating

    check_in = factory.SubFactory(CheckInFactory)
    skill = factory.SubFactory(SkillFactory)
    side = Side.LEARNER
    proficiency = 2


def snapshot_json(**changes) -> dict:
    """A frozen check-in's snapshot (mentoring.check_in_rules.Snapshot) as stored: agreed
    today, with nothing rated unless `changes` say otherwise."""
    snapshot = Snapshot(
        held_on=timezone.localdate(),
        mentor_name="Grace Mentor",
        current_level="Level 1 engineer",
        target_level_id=0,
        target_level="Level 2 engineer",
        agreed_level=None,
        note="",
        readiness=(),
        skills=(),
        verified=0,
        verified_total=0,
        held_label="self-assessed",
        ratings=(),
        points=0,
    )
    return replace(snapshot, **changes).to_json()


class FrozenCheckInFactory(CheckInFactory):
    """An agreed check-in, kept as its snapshot."""

    status = CheckInStatus.FROZEN
    learner_rated_at = factory.LazyFunction(timezone.now)
    mentor_rated_at = factory.LazyFunction(timezone.now)
    frozen_at = factory.LazyFunction(timezone.now)
    frozen = factory.LazyFunction(snapshot_json)


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
