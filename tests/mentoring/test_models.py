"""What the mentoring rows keep: a mentor's endorsements and feedback whatever happens
to the ladder."""

import pytest
from django.db.models import ProtectedError

from mentoring.models import Endorsement, Feedback
from tests.ladder.factories import SkillFactory
from tests.mentoring.factories import EndorsementFactory, FeedbackFactory


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
