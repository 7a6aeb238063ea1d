"""What the mentoring rows keep: notifications as parts put together when shown, and a
mentor's endorsements and feedback whatever happens to the ladder."""

import pytest
from django.db.models import ProtectedError

from ladder.models import Proficiency
from mentoring.models import SENTENCES as KIND_SENTENCES
from mentoring.models import Endorsement, Feedback, NotificationKind
from tests.ladder.factories import SkillFactory
from tests.mentoring.factories import EndorsementFactory, FeedbackFactory, NotificationFactory
from tests.profiles.factories import ProfileFactory, UserFactory

Kind = NotificationKind

SENTENCES = [
    # kind, detail, proficiency, what the user reads
    (Kind.INVITED, "", None, "Grace invited you to be their mentor."),
    (Kind.ACCEPTED, "", None, "Grace accepted your invitation and is now your mentor."),
    (Kind.DECLINED, "", None, "Grace declined your invitation to mentor you."),
    (Kind.CANCELLED, "", None, "Grace cancelled their invitation for you to mentor them."),
    (Kind.ENDED, "", None, "Grace ended your mentorship."),
    (Kind.ENDED_WITH_REASON, "Busy.", None, "Grace ended your mentorship. Reason: Busy."),
    (Kind.FEEDBACK, "", None, "Grace left you feedback."),
    (Kind.FEEDBACK_ON_SKILL, "Python", None, "Grace left you feedback on Python."),
    (Kind.FEEDBACK_ON_PROJECT, "Churn", None, "Grace left you feedback on “Churn”."),
    (Kind.ENDORSED, "Python", Proficiency.EXPERT, "Grace endorsed your Python at Expert."),
    (Kind.SIGNED_OFF, "Churn", None, "Grace signed off your project “Churn”."),
    (Kind.MESSAGE, "A sentence from before kinds.", None, "A sentence from before kinds."),
]


def named(name):
    """A member, not saved, whose profile gives them `name`."""
    return ProfileFactory.build(user=UserFactory.build(), display_name=name).user


@pytest.mark.parametrize(("kind", "detail", "proficiency", "text"), SENTENCES)
def test_a_notification_reads_as_the_sentence_of_its_kind(kind, detail, proficiency, text):
    note = NotificationFactory.build(
        kind=kind, actor=named("Grace"), detail=detail, proficiency=proficiency
    )

    assert note.text == text
    assert str(note) == text


def test_every_kind_of_notification_has_a_sentence():
    assert set(KIND_SENTENCES) == set(Kind)


def test_braces_in_a_name_or_detail_are_shown_as_typed():
    note = NotificationFactory.build(
        kind=Kind.ENDED_WITH_REASON, actor=named("{detail}"), detail="{actor} {0}"
    )

    assert note.text == "{detail} ended your mentorship. Reason: {actor} {0}"


@pytest.mark.django_db
def test_a_skill_with_an_endorsement_cannot_be_deleted_and_the_endorsement_stays():
    endorsement = EndorsementFactory()

    with pytest.raises(ProtectedError):
        endorsement.skill.delete()

    assert Endorsement.objects.get() == endorsement


@pytest.mark.django_db
def test_a_skill_with_feedback_about_it_cannot_be_deleted_and_the_feedback_keeps_it():
    skill = SkillFactory()
    feedback = FeedbackFactory(skill=skill)

    with pytest.raises(ProtectedError):
        skill.delete()

    assert Feedback.objects.get(pk=feedback.pk).skill == skill
