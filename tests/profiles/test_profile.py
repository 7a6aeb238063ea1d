"""The learner's profile form, and the public profile page it can switch on."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from careerpath.fields import INVALID_PORT
from ladder.models import Course, Level, Proficiency, ProjectTemplate, Skill
from mentoring import services as mentoring
from profiles.models import Profile, ProjectStatus, Visibility
from tests.ladder.pages import links, page_text
from tests.profiles.factories import (
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingFactory,
    UserFactory,
    VerifiedUserFactory,
)
from tests.profiles.html import parse, section
from tests.reauth import give_password

PROFILE = "/profile/"


def about(**overrides):
    """What a learner types into the profile form."""
    return {
        "display_name": "Ada Example",
        "headline": "Analyst moving into ML",
        "weekly_hours": "6",
        "github_url": "github.com/ada",
        "kaggle_url": "",
        "website_url": "",
        "visibility": Visibility.PRIVATE,
        "version": "1",  # the profile made on sign-up, never saved since
        **overrides,
    }


@pytest.fixture
def public_learner(user):
    return ProfileFactory(user=user, display_name="Ada Example", visibility=Visibility.PUBLIC)


def test_every_new_account_has_a_private_profile(db):
    user = UserFactory()

    assert user.profile.visibility == Visibility.PRIVATE


def test_saving_the_profile_stores_it_and_adds_https_to_links(owner_client, user):
    response = owner_client.post(PROFILE, about(), follow=True)

    assert "Your profile is saved." in page_text(response)
    profile = Profile.objects.get(user=user)
    assert profile.display_name == "Ada Example"
    assert profile.weekly_hours == 6
    assert profile.github_url == "https://github.com/ada"


def test_the_form_shows_the_saved_profile(owner_client, user):
    ProfileFactory(user=user, display_name="Ada Example", headline="Analyst moving into ML")

    page = parse(owner_client.get(PROFILE))

    assert page.find("input", name="display_name").attrs["value"] == "Ada Example"
    assert page.find("input", name="headline").attrs["value"] == "Analyst moving into ML"
    checked = page.find("input", name="visibility", checked="")
    assert checked.attrs["value"] == Visibility.PRIVATE


def test_more_than_80_learning_hours_a_week_is_refused_and_the_input_kept(owner_client, user):
    response = owner_client.post(PROFILE, about(weekly_hours="81"))

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 80." in page_text(response)
    assert parse(response).find("input", name="display_name").attrs["value"] == "Ada Example"
    assert Profile.objects.get(user=user).display_name == ""


def test_making_the_profile_public_asks_for_the_password_then_shows_its_link(owner_client, user):
    asked = owner_client.post(PROFILE, about(visibility=Visibility.PUBLIC))
    response = give_password(owner_client, asked, follow=True)

    public_url = Profile.objects.get(user=user).get_public_url()
    assert public_url in [href for href, _ in links(response)]


def test_a_private_profile_shows_no_public_link(owner_client, user):
    response = owner_client.get(PROFILE)

    assert user.profile.get_public_url() not in [href for href, _ in links(response)]
    assert "Your public profile" not in page_text(response)


def test_the_profile_page_links_to_the_data_download_and_account_deletion(owner_client):
    hrefs = [href for href, _ in links(owner_client.get(PROFILE))]

    assert "/accounts/export/" in hrefs
    assert "/accounts/delete/" in hrefs


def test_a_public_profile_shows_the_level_rated_skills_and_done_projects_to_anyone(
    ladder, client, user, public_learner
):
    SkillRatingFactory(user=user, skill=Skill.objects.get(slug="python"), proficiency=3)
    SkillRatingFactory(user=user, skill=Skill.objects.get(slug="scikit-learn"), proficiency=0)
    template = ProjectTemplate.objects.get(title="Build a recommendation engine")
    ProjectFactory(user=user, template=template, status=ProjectStatus.DONE, title="Film recs")

    response = client.get(public_learner.get_public_url())

    assert response.status_code == 200
    text = page_text(response)
    assert parse(response).find("h1").text == "Ada Example"
    assert Level.objects.main().get(order=1).title in text
    skills = section(parse(response), "skills-heading").text
    assert "Python: Proficient" in skills
    assert "Scikit-learn" not in skills  # rated Not started
    assert f"Done: {template.title} · done as “Film recs”" in text


def test_a_public_profile_keeps_notes_evidence_and_employers_to_the_owner(
    ladder, client, user, public_learner
):
    SkillRatingFactory(
        user=user,
        skill=Skill.objects.get(slug="python"),
        proficiency=Proficiency.PRACTICING,
        notes="Struggling with asyncio",
        evidence_url="https://example.com/private-notebook",
    )
    ExperienceFactory(user=user, organisation="Secret Employer Ltd")

    text = page_text(client.get(public_learner.get_public_url()))

    assert "Struggling with asyncio" not in text
    assert "private-notebook" not in text
    assert "Secret Employer Ltd" not in text


def test_a_public_profile_without_a_display_name_does_not_reveal_the_email_address(
    ladder, client, user
):
    ProfileFactory(user=user, display_name="", visibility=Visibility.PUBLIC)

    response = client.get(user.profile.get_public_url())

    assert response.status_code == 200
    assert parse(response).find("h1").text == "A careerpath learner"
    assert user.email not in response.content.decode()


def test_a_public_profile_does_not_reveal_the_email_of_a_mentor_who_signed_off_a_project(
    ladder, client, user, public_learner
):
    mentor = VerifiedUserFactory()
    template = ProjectTemplate.objects.filter(level__order=1).first()
    project = ProjectFactory(user=user, template=template, status=ProjectStatus.DONE)
    mentorship = mentoring.invitation_create(learner=user, email=mentor.email)
    mentorship = mentoring.mentorship_transition(
        mentorship=mentorship, action="accept", user=mentor
    )
    mentoring.project_sign_off(mentorship=mentorship, mentor=mentor, project=project)

    response = client.get(public_learner.get_public_url())

    assert "Signed off by a mentor" in page_text(response)
    assert mentor.email not in response.content.decode()
    ProfileFactory(user=mentor, display_name="Grace Mentor")
    assert "Signed off by Grace Mentor" in page_text(client.get(public_learner.get_public_url()))


@pytest.mark.parametrize("viewer", ["anonymous", "another learner"])
def test_a_private_profile_is_not_found_by_anybody_else(ladder, client, user, other_user, viewer):
    if viewer == "another learner":
        client.force_login(other_user)

    response = client.get(user.profile.get_public_url())

    assert response.status_code == 404
    assert user.email not in response.content.decode()


def test_the_owner_can_preview_their_private_profile(ladder, owner_client, user):
    response = owner_client.get(user.profile.get_public_url())

    assert response.status_code == 200
    assert Level.objects.main().get(order=1).title in page_text(response)


def test_a_profile_made_private_again_disappears_from_its_link(ladder, client, public_learner):
    url = public_learner.get_public_url()
    assert client.get(url).status_code == 200

    public_learner.visibility = Visibility.PRIVATE
    public_learner.save()

    assert client.get(url).status_code == 404


def test_an_unknown_profile_link_is_not_found(ladder, client):
    assert client.get(f"/people/{uuid.uuid4()}/").status_code == 404


def test_a_public_profile_on_an_empty_ladder_says_the_ladder_is_not_ready(db, client, user):
    ProfileFactory(user=user, visibility=Visibility.PUBLIC)

    response = client.get(user.profile.get_public_url())

    assert response.status_code == 200
    assert "The ladder is not ready yet" in page_text(response)


@pytest.mark.parametrize("link", ["https://github.com:99999/ada", "https://github.com:0/ada"])
def test_a_link_with_an_impossible_port_is_refused_and_the_input_kept(owner_client, user, link):
    response = owner_client.post(PROFILE, about(website_url=link))

    assert response.status_code == 200
    assert INVALID_PORT in page_text(response)
    assert parse(response).find("input", name="website_url").attrs["value"] == link
    assert Profile.objects.get(user=user).display_name == ""


def test_a_link_with_a_real_port_is_accepted(owner_client, user):
    owner_client.post(PROFILE, about(website_url="https://ada.example.com:8443/cv"))

    assert Profile.objects.get(user=user).website_url == "https://ada.example.com:8443/cv"


def test_every_link_field_refuses_an_impossible_port_outside_our_forms_too(user):
    """The admin and full_clean use the model field: it refuses the port as well."""
    profile = Profile.objects.get(user=user)
    profile.github_url = "https://github.com:99999/ada"

    with pytest.raises(ValidationError) as raised:
        profile.full_clean()

    assert raised.value.message_dict == {"github_url": [INVALID_PORT]}
    admin_field = Course._meta.get_field("url").formfield()
    with pytest.raises(ValidationError):
        admin_field.clean("https://course.example.com:70000/")
