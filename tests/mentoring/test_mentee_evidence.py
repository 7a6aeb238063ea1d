"""A mentor sees their mentee's evidence, read-only: under each rated skill of the review
form, under each project, and the rest (skills not rated, or retired) in a section of its
own. The page is a cached part kept under the learner's version, which evidence moves."""

import pytest
from django.urls import reverse

from ladder.models import Proficiency, Skill
from ladder.services import content_retire
from mentoring.models import Status
from profiles.models import EvidenceKind
from profiles.services import evidence_add, evidence_delete
from tests.ladder.pages import page_text
from tests.mentoring.factories import MentorshipFactory
from tests.mentoring.support import client_for
from tests.profiles.factories import (
    EvidenceFactory,
    ProjectFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.profiles.html import parse
from tests.queries import committed


@pytest.fixture
def skills(ladder):
    return list(Skill.objects.filter(slug__in=["python", "scikit-learn"]).order_by("slug"))


def mentee_url(mentorship):
    return reverse("mentoring:mentee", args=[mentorship.pk])


def test_the_mentor_sees_evidence_under_the_skill_and_the_project_it_shows(
    mentor_client, mentorship, learner, skills
):
    python = skills[0]
    SkillRatingFactory(user=learner, skill=python, proficiency=Proficiency.PRACTICING)
    project = ProjectFactory(user=learner, title="Churn model")
    EvidenceFactory(user=learner, skill=python, url="https://github.com/ada/py", note="Tests")
    EvidenceFactory(
        user=learner,
        skill=None,
        project=project,
        kind=EvidenceKind.DEMO,
        url="https://churn.example.org",
    )

    page = parse(mentor_client.get(mentee_url(mentorship)))

    row = page.find("a", href="https://github.com/ada/py")
    assert row.attrs["rel"] == "nofollow ugc noopener"
    review = page.find("section", id="review").text
    assert "Python" in review and "Repository https://github.com/ada/py : Tests" in review
    projects = page.find("section", id="projects").text
    assert "Deployed demo https://churn.example.org" in projects


def test_evidence_of_a_skill_not_rated_or_retired_shows_in_a_section_of_its_own(
    mentor_client, mentorship, learner, skills
):
    python, sklearn = skills
    EvidenceFactory(user=learner, skill=python, url="https://github.com/ada/unrated")
    EvidenceFactory(user=learner, skill=sklearn, url="https://github.com/ada/retired")
    with committed():
        content_retire(objects=[sklearn])

    text = page_text(mentor_client.get(mentee_url(mentorship)))

    assert "Evidence of other skills" in text
    assert "https://github.com/ada/unrated" in text
    assert "https://github.com/ada/retired" in text


def test_the_mentors_stored_page_shows_evidence_added_or_removed_since(
    mentor_client, mentorship, learner, skills
):
    python = skills[0]
    SkillRatingFactory(user=learner, skill=python, proficiency=Proficiency.PRACTICING)
    mentor_client.get(mentee_url(mentorship))  # stored

    with committed():
        evidence = evidence_add(
            user=learner, kind="notebook", url="https://kaggle.com/ada/nb", skill=python
        )
    assert "https://kaggle.com/ada/nb" in page_text(mentor_client.get(mentee_url(mentorship)))

    with committed():
        evidence_delete(user=learner, evidence=evidence)
    assert "https://kaggle.com/ada/nb" not in page_text(mentor_client.get(mentee_url(mentorship)))


def test_only_a_current_mentor_sees_the_evidence(mentorship, learner, skills):
    EvidenceFactory(user=learner, skill=skills[0])
    ended = MentorshipFactory(learner=learner, mentor=VerifiedUserFactory(), status=Status.ENDED)

    assert client_for(ended.mentor).get(mentee_url(ended)).status_code == 404
    assert client_for(learner).get(mentee_url(mentorship)).status_code == 404
