"""A learner's own account: download everything held about them, or delete it all."""

import json

import pytest
from django.contrib.auth import get_user_model

from ladder.models import Proficiency
from profiles import services
from profiles.forms import WRONG_PASSWORD
from profiles.models import Experience, Profile, Project, SkillRating, SkillRatingChange
from tests.ladder.factories import ProjectTemplateFactory, SkillFactory
from tests.ladder.pages import page_text
from tests.profiles.factories import (
    PASSWORD,
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    VerifiedUserFactory,
)
from tests.profiles.html import parse

EXPORT = "/accounts/export/"
DELETE = "/accounts/delete/"


def give_data(user, tag):
    """Give a user a row of every kind, each marked with `tag` so it can be found again."""
    ProfileFactory(user=user, display_name=f"{tag} name", headline=f"{tag} headline")
    ExperienceFactory(user=user, organisation=f"{tag} Corp")
    skill = SkillFactory(name=f"{tag} skill")
    services.skill_rating_set(
        user=user, skill=skill, proficiency=Proficiency.LEARNING, notes=f"{tag} notes"
    )
    services.skill_rating_set(
        user=user, skill=skill, proficiency=Proficiency.PRACTICING, notes=f"{tag} notes"
    )
    ProjectFactory(
        user=user,
        title=f"{tag} project",
        template=ProjectTemplateFactory(title=f"{tag} ladder project"),
        skills=[skill],
    )


@pytest.fixture
def export(owner_client, user, other_user):
    give_data(user, "Mine")
    give_data(other_user, "Theirs")
    return owner_client.get(EXPORT)


def test_the_export_is_a_dated_json_download(export):
    assert export.status_code == 200
    assert export["Content-Type"] == "application/json"
    disposition = export["Content-Disposition"]
    assert disposition.startswith('attachment; filename="careerpath-export-')
    assert disposition.endswith('.json"')


def test_the_export_holds_the_learners_account_profile_experience_ratings_and_projects(
    export, user
):
    data = json.loads(export.content)

    assert data["account"]["email"] == user.email
    assert data["profile"]["display_name"] == "Mine name"
    assert data["profile"]["headline"] == "Mine headline"
    assert [item["organisation"] for item in data["experience"]] == ["Mine Corp"]
    assert [(r["skill"], r["proficiency_label"], r["notes"]) for r in data["skill_ratings"]] == [
        ("Mine skill", "Practicing", "Mine notes")
    ]
    assert [
        (c["skill"], c["old_proficiency"], c["new_proficiency"])
        for c in data["skill_rating_history"]
    ] == [("Mine skill", 1, 2), ("Mine skill", None, 1)]  # newest first
    [project] = data["projects"]
    assert project["title"] == "Mine project"
    assert project["ladder_project"] == "Mine ladder project"
    assert project["skills"] == ["Mine skill"]


def test_the_export_holds_nothing_of_other_users(export, other_user):
    content = export.content.decode()

    assert "Theirs" not in content
    assert other_user.email not in content


def test_the_delete_page_asks_for_the_password_and_offers_the_export_first(owner_client):
    response = owner_client.get(DELETE)

    page = parse(response)
    assert page.find("input", name="password").attrs["type"] == "password"
    assert (EXPORT, "download your data") in [
        (link.attrs.get("href"), link.text) for link in page.find_all("a")
    ]


def test_a_wrong_password_keeps_the_account_and_says_why(owner_client, user):
    give_data(user, "Mine")

    response = owner_client.post(DELETE, {"password": "not-my-password"})

    assert response.status_code == 200
    assert WRONG_PASSWORD in page_text(response)
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert owner_client.get("/dashboard/").status_code == 200  # still signed in


def test_the_right_password_deletes_the_account_and_everything_it_held(
    owner_client, user, other_user
):
    give_data(user, "Mine")
    give_data(other_user, "Theirs")

    response = owner_client.post(DELETE, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/"
    assert "Your account and everything it held have been deleted." in page_text(response)
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    for model in (Profile, Experience, SkillRating, SkillRatingChange, Project):
        assert not model.objects.filter(user_id=user.pk).exists(), model.__name__
        assert model.objects.filter(user=other_user).exists(), model.__name__


def test_after_deleting_the_account_the_browser_is_signed_out(owner_client, user):
    owner_client.post(DELETE, {"password": PASSWORD})

    response = owner_client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# How the account pages name the person


@pytest.mark.parametrize(
    ("display_name", "shown"),
    [("Ada Lovelace", "Ada Lovelace"), ("", "ada@example.com")],
    ids=["display name", "no name yet"],
)
def test_logging_in_greets_the_person_by_their_profile_name(db, client, display_name, shown):
    user = VerifiedUserFactory(username="ada", email="ada@example.com")
    ProfileFactory(user=user, display_name=display_name)

    response = client.post(
        "/accounts/login/", {"login": "ada@example.com", "password": PASSWORD}, follow=True
    )

    assert f"Successfully signed in as {shown}." in page_text(response)
