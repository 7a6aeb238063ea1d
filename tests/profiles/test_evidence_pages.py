"""The learner's evidence pages: a skill's (reached from *My skills*) and a project's
(reached from the project list and its edit page), each listing its links with a form to add
one and a confirmed removal.

Queries, measured on SQLite with the shipped ladder (SAVEPOINTs not counted): GET of a
skill's page 3 (the session with its account and profile, the skill, its evidence), of a
project's page 3, of a removal's confirmation 2; a POST that adds 8 (the profile row locked,
the duplicate and limit checks, the insert, the owner's version moved), one that removes 5.
"""

import pytest
from django.urls import reverse

from careerpath.fields import HTTPS_ONLY
from ladder.models import Skill
from ladder.services import content_retire
from profiles.models import Evidence, EvidenceKind
from profiles.services import EVIDENCE_LIMIT, EVIDENCE_TWICE
from tests.ladder.pages import page_text
from tests.profiles.factories import EvidenceFactory, ProjectFactory
from tests.profiles.html import parse
from tests.queries import assert_max_queries

PAGE_QUERIES = 3
ADD_QUERIES = 8


@pytest.fixture
def python(ladder):
    return Skill.objects.get(slug="python")


def skill_page(skill):
    return reverse("profiles:skill_evidence", args=[skill.slug])


def project_page(project):
    return reverse("profiles:project_evidence", args=[project.pk])


def form_values(response) -> dict:
    """Return the values the add form shows, as the browser would send them again."""
    page = parse(response)
    values = {i.attrs["name"]: i.attrs.get("value", "") for i in page.find_all("input")}
    values["note"] = page.find("input", name="note").attrs.get("value", "")
    kind = page.find("select", name="kind")
    values["kind"] = next(
        (o.attrs["value"] for o in kind.find_all("option") if "selected" in o.attrs), ""
    )
    return values


def test_a_learner_adds_evidence_to_a_skill_and_sees_it_listed(python, owner_client, user):
    response = owner_client.post(
        skill_page(python),
        {"kind": EvidenceKind.NOTEBOOK, "url": "kaggle.com/code/ada/eda", "note": "EDA"},
        follow=True,
    )

    assert "Added notebook as evidence." in page_text(response)
    evidence = Evidence.objects.get(user=user)
    assert (evidence.skill, evidence.url) == (python, "https://kaggle.com/code/ada/eda")
    link = parse(response).find("a", href="https://kaggle.com/code/ada/eda")
    assert link.attrs["rel"] == "nofollow ugc noopener"
    assert "EDA" in page_text(response)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://github.com/ada/churn", HTTPS_ONLY),
        ("javascript:alert(1)", HTTPS_ONLY),
        ("https://github.com/ada/my churn", "Enter a valid URL."),
        ("https://github.com/" + "a" * 490, "at most 500 characters"),
    ],
)
def test_a_link_that_is_not_a_well_formed_https_address_re_shows_the_form_with_why(
    python, owner_client, url, message
):
    response = owner_client.post(
        skill_page(python), {"kind": EvidenceKind.REPOSITORY, "url": url, "note": "Churn model"}
    )

    assert response.status_code == 200
    assert message in page_text(response)
    shown = form_values(response)
    assert (shown["url"], shown["note"], shown["kind"]) == (url, "Churn model", "repository")
    assert not Evidence.objects.exists()


def test_a_full_skill_says_so_and_adds_nothing(python, owner_client, user):
    EvidenceFactory.create_batch(EVIDENCE_LIMIT - 1, user=user, skill=python)
    owner_client.post(skill_page(python), {"kind": "paper", "url": "https://arxiv.org/abs/1"})

    response = owner_client.post(
        skill_page(python), {"kind": "paper", "url": "https://arxiv.org/abs/2"}
    )

    assert "the most it can hold. Remove one to add another." in page_text(response)
    assert not parse(response).find_all("input", name="url")
    assert Evidence.objects.filter(user=user).count() == EVIDENCE_LIMIT


def test_a_refused_add_re_shows_the_form_with_the_reason(python, owner_client, user):
    EvidenceFactory(user=user, skill=python, url="https://arxiv.org/abs/3")
    response = owner_client.post(
        skill_page(python), {"kind": "paper", "url": "https://arxiv.org/abs/3", "note": "x"}
    )

    assert EVIDENCE_TWICE in page_text(response)
    assert form_values(response)["url"] == "https://arxiv.org/abs/3"
    assert Evidence.objects.count() == 1


def test_evidence_is_removed_after_a_confirmation(python, owner_client, user):
    evidence = EvidenceFactory(user=user, skill=python)
    delete = reverse("profiles:evidence_delete", args=[evidence.pk])

    confirm = owner_client.get(delete)
    assert "Delete this evidence link?" in page_text(confirm)
    assert parse(confirm).find("a", href=skill_page(python)).text == "No, keep it"
    assert Evidence.objects.exists()

    response = owner_client.post(delete)
    assert response["Location"] == skill_page(python)
    assert not Evidence.objects.exists()


def test_another_persons_evidence_and_projects_are_not_found(python, owner_client, other_user):
    theirs = EvidenceFactory(user=other_user, skill=python)
    project = ProjectFactory(user=other_user)

    assert (
        owner_client.get(reverse("profiles:evidence_delete", args=[theirs.pk])).status_code == 404
    )
    assert (
        owner_client.post(reverse("profiles:evidence_delete", args=[theirs.pk])).status_code == 404
    )
    assert owner_client.get(project_page(project)).status_code == 404
    response = owner_client.post(project_page(project), {"kind": "demo", "url": "https://x.org"})
    assert response.status_code == 404
    assert Evidence.objects.get() == theirs
    assert theirs.url not in page_text(owner_client.get(skill_page(python)))


def test_a_learner_adds_evidence_to_their_project(ladder, owner_client, user):
    project = ProjectFactory(user=user, title="Churn model")

    owner_client.post(project_page(project), {"kind": "demo", "url": "https://churn.example.org"})

    assert project.evidence.get().get_kind_display() == "Deployed demo"
    listing = page_text(owner_client.get(reverse("profiles:projects")))
    assert "Evidence (1) of Churn model" in listing
    edit = owner_client.get(reverse("profiles:project_edit", args=[project.pk]))
    assert parse(edit).find("a", href=project_page(project)).text == "Evidence of this project"


def test_my_skills_links_each_skill_to_its_evidence_with_a_count(python, owner_client, user):
    EvidenceFactory.create_batch(2, user=user, skill=python)

    page = parse(owner_client.get(reverse("profiles:skills")))

    assert page.find("a", href=skill_page(python)).text == "evidence (2) of Python"


def test_a_retired_skill_lists_its_evidence_and_takes_no_more(python, owner_client, user):
    evidence = EvidenceFactory(user=user, skill=python)
    content_retire(objects=[python])

    response = owner_client.get(skill_page(python))
    assert evidence.url in page_text(response)
    assert "was retired from the ladder" in page_text(response)
    owner_client.post(skill_page(python), {"kind": "paper", "url": "https://arxiv.org/abs/9"})
    assert Evidence.objects.get() == evidence


def test_a_retired_skill_without_evidence_has_no_page(python, owner_client):
    content_retire(objects=[python])
    assert owner_client.get(skill_page(python)).status_code == 404


def test_the_evidence_pages_stay_within_their_query_limits(python, owner_client, user):
    evidence = EvidenceFactory.create_batch(3, user=user, skill=python)
    project = ProjectFactory(user=user)
    EvidenceFactory.create_batch(3, user=user, skill=None, project=project)
    delete = reverse("profiles:evidence_delete", args=[evidence[0].pk])
    for url in (skill_page(python), project_page(project), delete):
        with assert_max_queries(PAGE_QUERIES, info=url):
            assert owner_client.get(url).status_code == 200
    with assert_max_queries(ADD_QUERIES, info="add"):
        response = owner_client.post(
            skill_page(python), {"kind": "paper", "url": "https://arxiv.org/abs/4"}
        )
    assert response.status_code == 302
