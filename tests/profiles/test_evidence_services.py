"""Evidence: links that show a skill or a project, added and removed by their owner only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from careerpath.fields import HTTPS_ONLY
from ladder.models import Skill
from ladder.selectors import user_data_references
from ladder.services import content_retire
from profiles.evidence import evidence_of
from profiles.models import Evidence, EvidenceKind, Profile
from profiles.services import (
    EVIDENCE_FULL,
    EVIDENCE_LIMIT,
    EVIDENCE_OF_ONE,
    EVIDENCE_TWICE,
    EvidenceRefused,
    evidence_add,
    evidence_delete,
    project_delete,
)
from tests.ladder.factories import SkillFactory
from tests.profiles.factories import EvidenceFactory, ProjectFactory, UserFactory
from tests.profiles.test_concurrency import run_together

REPO = "https://github.com/ada/churn-model"


def test_evidence_of_a_skill_is_added_with_its_kind_link_and_note(db):
    user, skill = UserFactory(), SkillFactory()

    evidence = evidence_add(
        user=user, kind=EvidenceKind.NOTEBOOK, url=REPO, note="Feature work", skill=skill
    )

    assert (evidence.user, evidence.skill, evidence.project) == (user, skill, None)
    assert evidence.get_kind_display() == "Notebook"
    assert evidence_of(user.pk).for_skill(skill.pk) == [evidence]


def test_evidence_of_a_project_is_listed_under_the_project(db):
    project = ProjectFactory()

    evidence = evidence_add(
        user=project.user, kind=EvidenceKind.DEMO, url="https://demo.example.org", project=project
    )

    found = evidence_of(project.user_id)
    assert found.for_project(project.pk) == [evidence]
    assert found.by_skill == {}
    assert found.count == 1


def test_every_kind_has_a_label_people_read():
    assert dict(EvidenceKind.choices) == {
        "repository": "Repository",
        "notebook": "Notebook",
        "competition": "Competition result",
        "model_card": "Model card",
        "demo": "Deployed demo",
        "paper": "Paper",
        "course_certificate": "Course certificate",
    }


@pytest.mark.parametrize(
    "url",
    [
        "http://github.com/ada/churn-model",
        "javascript:alert(1)",
        "ftp://files.example.org/model.bin",
        "https://exa mple.org/x",
        "https://",
        "https://github.com/" + "a" * 500,
    ],
)
def test_a_link_that_is_not_a_well_formed_https_address_of_the_column_size_is_refused(db, url):
    user = UserFactory()
    with pytest.raises(ValidationError):
        evidence_add(user=user, kind=EvidenceKind.REPOSITORY, url=url, skill=SkillFactory())
    assert not Evidence.objects.exists()


def test_another_scheme_is_refused_with_a_message_that_names_https(db):
    with pytest.raises(ValidationError) as refused:
        evidence_add(
            user=UserFactory(), kind="paper", url="http://arxiv.org/abs/1", skill=SkillFactory()
        )
    assert refused.value.message_dict["url"] == [HTTPS_ONLY]


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(ValidationError):
        evidence_add(user=UserFactory(), kind="rumour", url=REPO, skill=SkillFactory())


def test_evidence_shows_exactly_one_skill_or_one_project(db):
    project = ProjectFactory()
    with pytest.raises(EvidenceRefused, match=EVIDENCE_OF_ONE):
        evidence_add(user=project.user, kind="repository", url=REPO)
    with pytest.raises(EvidenceRefused, match=EVIDENCE_OF_ONE):
        evidence_add(
            user=project.user, kind="repository", url=REPO, skill=SkillFactory(), project=project
        )


def test_the_database_refuses_a_row_with_both_a_skill_and_a_project(db):
    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceFactory(user=project.user, skill=SkillFactory(), project=project)


def test_evidence_goes_only_on_the_persons_own_projects(db):
    with pytest.raises(PermissionDenied):
        evidence_add(user=UserFactory(), kind="repository", url=REPO, project=ProjectFactory())


def test_a_skill_holds_at_most_the_limit_of_links(db):
    user, skill = UserFactory(), SkillFactory()
    EvidenceFactory.create_batch(EVIDENCE_LIMIT, user=user, skill=skill)

    with pytest.raises(EvidenceRefused) as refused:
        evidence_add(user=user, kind="repository", url=REPO, skill=skill)

    assert str(refused.value) == EVIDENCE_FULL
    assert Evidence.objects.filter(user=user).count() == EVIDENCE_LIMIT
    evidence_add(user=user, kind="repository", url=REPO, skill=SkillFactory())  # another skill


def test_the_same_link_is_evidence_of_one_skill_once(db):
    user, skill = UserFactory(), SkillFactory()
    evidence_add(user=user, kind="repository", url=REPO, skill=skill)
    with pytest.raises(EvidenceRefused, match=EVIDENCE_TWICE):
        evidence_add(user=user, kind="notebook", url=REPO, skill=skill)


def test_adding_evidence_moves_the_owners_data_version_only(db):
    user, other = UserFactory(), UserFactory()
    before = {p.user_id: p.data_version for p in Profile.objects.all()}

    evidence = evidence_add(user=user, kind="repository", url=REPO, skill=SkillFactory())
    moved = {p.user_id: p.data_version for p in Profile.objects.all()}
    evidence_delete(user=user, evidence=evidence)

    assert moved[user.pk] != before[user.pk]
    assert moved[other.pk] == before[other.pk]
    assert Profile.objects.get(user=user).data_version != moved[user.pk]


def test_only_the_owner_removes_evidence(db):
    evidence = EvidenceFactory()
    with pytest.raises(PermissionDenied):
        evidence_delete(user=UserFactory(), evidence=evidence)
    evidence_delete(user=evidence.user, evidence=evidence)
    assert not Evidence.objects.exists()


def test_a_retired_skill_keeps_its_evidence_and_cannot_be_deleted(db):
    evidence = EvidenceFactory()
    content_retire(objects=[evidence.skill])

    assert evidence_of(evidence.user_id).for_skill(evidence.skill_id) == [evidence]
    assert user_data_references(Skill, [evidence.skill_id]) == {evidence.skill_id: {Evidence: 1}}
    with pytest.raises(ProtectedError), transaction.atomic():
        evidence.skill.delete()


def test_deleting_a_project_deletes_its_evidence(db):
    project = ProjectFactory()
    EvidenceFactory(user=project.user, skill=None, project=project)
    project_delete(project=project)
    assert not Evidence.objects.exists()


def test_deleting_the_account_deletes_its_evidence(db):
    evidence = EvidenceFactory()
    evidence.user.delete()
    assert not Evidence.objects.exists()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_adds_at_the_same_moment_never_pass_the_limit():
    user, skill = UserFactory(), SkillFactory()
    EvidenceFactory.create_batch(EVIDENCE_LIMIT - 2, user=user, skill=skill)
    refused = []

    def add(n):
        def job():
            try:
                evidence_add(user=user, kind="paper", url=f"https://arxiv.org/abs/{n}", skill=skill)
            except EvidenceRefused:
                refused.append(n)

        return job

    assert run_together(*(add(n) for n in range(4))) == []
    assert Evidence.objects.filter(user=user, skill=skill).count() == EVIDENCE_LIMIT
    assert len(refused) == 2
