"""The public profile as a portfolio: level, skills and done projects, with the person's
evidence links when they choose to show them, and Open Graph tags for sharing the link, only
while the profile is public."""

import pytest
from django.urls import reverse

from ladder.models import Proficiency, Skill
from ladder.snapshot import ladder_snapshot
from profiles.models import ProjectStatus, Visibility
from tests.ladder.pages import page_text
from tests.mentoring.support import client_for
from tests.profiles.factories import (
    EvidenceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.profiles.html import parse

SITE = "https://careerpath.example"


@pytest.fixture
def person(ladder):
    """A public learner who rated Python, finished a project and gave evidence of both."""
    person = VerifiedUserFactory()
    ProfileFactory(
        user=person,
        display_name="Ada Lovelace",
        headline="Analyst moving into ML",
        visibility=Visibility.PUBLIC,
    )
    python = Skill.objects.get(slug="python")
    SkillRatingFactory(user=person, skill=python, proficiency=Proficiency.PRACTICING)
    project = ProjectFactory(user=person, title="Churn model", status=ProjectStatus.DONE)
    EvidenceFactory(user=person, skill=python, url="https://github.com/ada/py", note="Tests")
    EvidenceFactory(user=person, skill=None, project=project, url="https://churn.example.org")
    person.refresh_from_db()
    return person


def show_evidence(person, shown=True):
    person.profile.public_evidence = shown
    person.profile.save()


def public_page(person, client):
    return client.get(person.profile.get_public_url())


def meta(page, key):
    """Return the content of the page's <meta property|name=key>, or None."""
    for tag in page.find_all("meta"):
        if key in (tag.attrs.get("property"), tag.attrs.get("name")):
            return tag.attrs["content"]
    return None


def test_evidence_stays_off_the_public_profile_unless_the_person_shows_it(person, client):
    text = page_text(public_page(person, client))

    assert "Churn model" in text and "Python" in text
    assert "https://github.com/ada/py" not in text
    assert "https://churn.example.org" not in text


def test_shown_evidence_sits_under_its_skill_and_its_project(person, client):
    show_evidence(person)

    page = parse(public_page(person, client))

    skill_link = page.find("a", href="https://github.com/ada/py")
    project_link = page.find("a", href="https://churn.example.org")
    assert skill_link.attrs["rel"] == project_link.attrs["rel"] == "nofollow ugc noopener"
    assert (
        "Repository https://github.com/ada/py : Tests"
        in page.find("section", **{"aria-labelledby": "skills-heading"}).text
    )
    assert (
        "https://churn.example.org"
        in page.find("section", **{"aria-labelledby": "projects-heading"}).text
    )


def test_evidence_of_a_project_not_done_stays_off_the_public_profile(person, client):
    show_evidence(person)
    planned = ProjectFactory(user=person, title="Secret plan", status=ProjectStatus.PLANNED)
    EvidenceFactory(user=person, skill=None, project=planned, url="https://secret.example.org")

    assert "https://secret.example.org" not in page_text(public_page(person, client))


def test_the_person_chooses_to_show_evidence_in_their_profile_form(person):
    profile = person.profile
    form = {
        "display_name": profile.display_name,
        "headline": profile.headline,
        "weekly_hours": "5",
        "visibility": Visibility.PUBLIC,
        "public_projects": "on",
        "public_evidence": "on",
        "version": str(profile.version),
    }
    owner = client_for(person)
    assert (
        "show my evidence links on my public profile"
        in page_text(owner.get(reverse("profiles:profile"))).lower()
    )

    assert owner.post(reverse("profiles:profile"), form).status_code == 302

    profile.refresh_from_db()
    assert profile.public_evidence
    assert "https://github.com/ada/py" in page_text(public_page(person, client_for(person)))


def test_a_public_profile_has_open_graph_tags_for_sharing(person, client, settings):
    settings.SITE_URL = SITE

    page = parse(public_page(person, client))
    level = ladder_snapshot().levels[0].title

    assert meta(page, "og:type") == "profile"
    assert meta(page, "og:title") == f"Ada Lovelace: {level} · careerpath"
    assert meta(page, "og:description").endswith(
        "on the machine learning engineer career ladder: Analyst moving into ML."
    )
    assert meta(page, "og:url") == SITE + person.profile.get_public_url()
    assert meta(page, "twitter:card") == "summary"
    assert meta(page, "twitter:title") == f"Ada Lovelace: {level}"
    assert meta(page, "robots") is None


def test_a_private_profile_gives_others_nothing_and_its_owner_a_preview_without_tags(
    person, client
):
    person.profile.visibility = Visibility.PRIVATE
    person.profile.save()

    assert public_page(person, client).status_code == 404
    assert public_page(person, client_for(VerifiedUserFactory())).status_code == 404
    preview = public_page(person, client_for(person))
    page = parse(preview)
    assert "Only you see this page: your profile is private." in page_text(preview)
    assert meta(page, "og:type") is None and meta(page, "og:title") is None
    assert meta(page, "twitter:card") is None
    assert meta(page, "robots") == "noindex"
