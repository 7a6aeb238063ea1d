"""Mentoring's extras for a learner's pages: what mentors backed of their skills."""

import pytest

from mentoring.extras import MentoringExtras
from mentoring.models import Status
from profiles.extras import NoExtras
from profiles.verification import MentorProof
from tests.ladder.factories import SkillFactory
from tests.mentoring.factories import EndorsementFactory, MentorshipFactory, SignOffFactory
from tests.profiles.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_without_a_provider_there_is_no_mentor_proof():
    assert NoExtras().mentor_proof(1) == MentorProof()


def test_mentor_proof_takes_each_skills_highest_mentor_rating_over_current_and_ended_mentorships(
    django_assert_num_queries,
):
    learner = UserFactory()
    python, stats, other = SkillFactory.create_batch(3)
    current = MentorshipFactory(learner=learner, status=Status.ACCEPTED)
    ended = MentorshipFactory(learner=learner, status=Status.ENDED)
    # the mentor's own rating counts, not the learner's rating they reviewed
    EndorsementFactory(mentorship=current, skill=python, proficiency=2, rated_proficiency=4)
    EndorsementFactory(mentorship=ended, skill=python, proficiency=3, rated_proficiency=3)
    EndorsementFactory(mentorship=ended, skill=stats, proficiency=1)
    EndorsementFactory(skill=other, proficiency=4)  # someone else's

    with django_assert_num_queries(1):
        proof = MentoringExtras().mentor_proof(learner.pk)

    assert proof.rated == {python.pk: 3, stats.pk: 1}
    assert proof.signed_off_skill_ids == frozenset()


def test_mentor_proof_lists_the_skills_of_signed_off_projects_only():
    learner = UserFactory()
    python, stats, pytorch = SkillFactory.create_batch(3)
    mentorship = MentorshipFactory(learner=learner, status=Status.ACCEPTED)
    signed = ProjectFactory(user=learner, skills=[python, stats])
    ProjectFactory(user=learner, skills=[pytorch])  # done, not signed off
    SignOffFactory(mentorship=mentorship, project=signed)
    SignOffFactory(mentorship=mentorship, project=ProjectFactory(user=learner))  # no skills
    SignOffFactory(project__skills=[pytorch])  # another learner's

    proof = MentoringExtras().mentor_proof(learner.pk)

    assert proof.signed_off_skill_ids == frozenset({python.pk, stats.pk})
    assert proof.rated == {}


def test_sign_offs_and_proof_read_together_match_each_read_alone(django_assert_num_queries):
    learner = UserFactory()
    python, stats = SkillFactory.create_batch(2)
    first = MentorshipFactory(learner=learner, status=Status.ACCEPTED)
    second = MentorshipFactory(learner=learner, status=Status.ENDED)
    project = ProjectFactory(user=learner, skills=[python, stats])
    SignOffFactory(mentorship=first, project=project)
    SignOffFactory(mentorship=second, project=project)
    SignOffFactory(mentorship=first, project=ProjectFactory(user=learner))
    EndorsementFactory(mentorship=second, skill=stats, proficiency=3)
    extras = MentoringExtras()

    with django_assert_num_queries(1):
        sign_offs, proof = extras.sign_offs_and_proof(learner.pk)

    assert sign_offs == extras.sign_offs_by_project(learner.pk)
    assert proof == extras.mentor_proof(learner.pk)
    assert proof == MentorProof(
        rated={stats.pk: 3}, signed_off_skill_ids=frozenset({python.pk, stats.pk})
    )


def test_mentor_proofs_of_many_learners_take_one_query(django_assert_num_queries):
    first, second, idle = UserFactory.create_batch(3)
    skill = SkillFactory()
    EndorsementFactory(mentorship__learner=first, skill=skill, proficiency=4)
    SignOffFactory(mentorship__learner=second, project__skills=[skill])

    with django_assert_num_queries(1):
        proofs = MentoringExtras().mentor_proofs([first.pk, second.pk, idle.pk])

    assert proofs == {
        first.pk: MentorProof(rated={skill.pk: 4}),
        second.pk: MentorProof(signed_off_skill_ids=frozenset({skill.pk})),
        idle.pk: MentorProof(),
    }
