"""Edit forms opened in two tabs: the later save of a stale form never silently undoes the
earlier one. It is answered with a conflict (409) that keeps what the person typed, shows
the values saved now and writes nothing; saving that form again replaces them on purpose.
"""

import datetime

import pytest
from django.test import Client

from ladder.models import Skill
from profiles.models import Experience, Profile, Project, ProjectStatus, Visibility
from profiles.services import EDIT_CONFLICT
from tests.ladder.pages import form_data, page_text
from tests.profiles.factories import (
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingFactory,
    UserFactory,
)
from tests.profiles.html import parse
from tests.reauth import give_password

FORM = "edit-form"


def opened(client, url):
    """Return what the form at `url` would submit, as a freshly opened tab holds it."""
    return form_data(client.get(url), FORM)


def typed(data, **fields):
    """Return the tab's form data with these fields typed over."""
    return {
        **data,
        **{name: value if isinstance(value, list) else [value] for name, value in fields.items()},
    }


def conflict_box(response):
    return parse(response).find("div", id="conflict").text


# Experience


def test_a_stale_role_form_is_a_conflict_that_keeps_the_input_and_shows_the_saved_role(
    owner_client, user
):
    experience = ExperienceFactory(user=user, role_title="ML engineer", organisation="Initech")
    url = f"/profile/experience/{experience.pk}/edit/"
    tab1, tab2 = opened(owner_client, url), opened(owner_client, url)
    owner_client.post(url, typed(tab1, organisation="Initech Labs"))

    response = owner_client.post(url, typed(tab2, role_title="Senior ML engineer"))

    assert response.status_code == 409
    assert EDIT_CONFLICT in page_text(response)
    box = conflict_box(response)
    assert "Organisation Initech Labs" in box  # the other tab's change, saved now
    assert "Role ML engineer" in box  # what this tab's change would replace
    kept = form_data(response, FORM)
    assert kept["role_title"] == ["Senior ML engineer"]
    assert kept["organisation"] == ["Initech"]
    experience.refresh_from_db()
    assert (experience.role_title, experience.organisation) == ("ML engineer", "Initech Labs")


def test_saving_the_conflict_form_again_replaces_the_saved_role_on_purpose(owner_client, user):
    experience = ExperienceFactory(user=user, role_title="ML engineer", organisation="Initech")
    url = f"/profile/experience/{experience.pk}/edit/"
    tab1, tab2 = opened(owner_client, url), opened(owner_client, url)
    owner_client.post(url, typed(tab1, organisation="Initech Labs"))
    conflict = owner_client.post(url, typed(tab2, role_title="Senior ML engineer"))

    response = owner_client.post(url, form_data(conflict, FORM))

    assert response.status_code == 302
    experience.refresh_from_db()
    assert (experience.role_title, experience.organisation) == ("Senior ML engineer", "Initech")


def test_saving_the_same_role_form_twice_saves_it_both_times(owner_client, user):
    experience = ExperienceFactory(user=user, role_title="ML engineer")
    url = f"/profile/experience/{experience.pk}/edit/"
    data = typed(opened(owner_client, url), role_title="Lead ML engineer")

    first, second = owner_client.post(url, data), owner_client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    experience.refresh_from_db()
    assert experience.role_title == "Lead ML engineer"
    assert experience.version == 2


def test_a_role_changed_in_another_tab_can_still_be_deleted(owner_client, user):
    experience = ExperienceFactory(user=user)
    url = f"/profile/experience/{experience.pk}/edit/"
    owner_client.post(url, typed(opened(owner_client, url), role_title="Renamed"))

    owner_client.post(f"/profile/experience/{experience.pk}/delete/")

    assert not Experience.objects.filter(pk=experience.pk).exists()


def test_a_form_without_its_version_is_a_conflict_rather_than_an_overwrite(owner_client, user):
    experience = ExperienceFactory(user=user, role_title="ML engineer")
    url = f"/profile/experience/{experience.pk}/edit/"
    data = typed(opened(owner_client, url), role_title="Renamed")
    del data["version"]

    response = owner_client.post(url, data)

    assert response.status_code == 409
    assert form_data(response, FORM)["version"] == [str(experience.version)]
    experience.refresh_from_db()
    assert experience.role_title == "ML engineer"


# Projects


def test_a_stale_project_form_is_a_conflict_even_when_only_its_skills_changed(
    ladder, owner_client, user
):
    python, sql = Skill.objects.get(slug="python"), Skill.objects.get(slug="scikit-learn")
    project = ProjectFactory(user=user, title="Churn model", skills=[python])
    url = f"/profile/projects/{project.pk}/edit/"
    tab1, tab2 = opened(owner_client, url), opened(owner_client, url)
    owner_client.post(url, typed(tab1, skills=[str(python.pk), str(sql.pk)]))

    response = owner_client.post(url, typed(tab2, title="Churn model v2"))

    assert response.status_code == 409
    assert EDIT_CONFLICT in page_text(response)
    box = conflict_box(response)
    assert f"{python.name}, {sql.name}" in box
    assert "Churn model" in box
    assert form_data(response, FORM)["title"] == ["Churn model v2"]
    assert parse(response).find("h1").text == "Edit “Churn model”"
    project.refresh_from_db()
    assert project.title == "Churn model"
    assert set(project.skills.all()) == {python, sql}


def test_saving_the_same_project_form_twice_saves_it_both_times(ladder, owner_client, user):
    project = ProjectFactory(user=user, title="Churn model", status=ProjectStatus.IN_PROGRESS)
    url = f"/profile/projects/{project.pk}/edit/"
    data = typed(opened(owner_client, url), status=ProjectStatus.DONE)

    first, second = owner_client.post(url, data), owner_client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    project.refresh_from_db()
    assert project.status == ProjectStatus.DONE


def test_saving_a_project_moves_it_to_the_top_of_the_list(owner_client, user):
    edited, _newer = ProjectFactory(user=user, title="Older"), ProjectFactory(user=user)
    url = f"/profile/projects/{edited.pk}/edit/"

    owner_client.post(url, typed(opened(owner_client, url), title="Older, edited"))

    assert Project.objects.filter(user=user).first().title == "Older, edited"


def test_a_project_changed_in_another_tab_can_still_be_deleted(owner_client, user):
    project = ProjectFactory(user=user)
    url = f"/profile/projects/{project.pk}/edit/"
    owner_client.post(url, typed(opened(owner_client, url), title="Renamed"))

    owner_client.post(f"/profile/projects/{project.pk}/delete/")

    assert not Project.objects.filter(pk=project.pk).exists()


# Profile


def test_a_stale_profile_form_is_a_conflict_that_keeps_the_input(owner_client, user):
    ProfileFactory(user=user, display_name="Ada", headline="Analyst")
    tab1, tab2 = opened(owner_client, "/profile/"), opened(owner_client, "/profile/")
    asked = owner_client.post("/profile/", typed(tab1, visibility=Visibility.PUBLIC))
    give_password(owner_client, asked)  # making a profile public asks for the password

    response = owner_client.post("/profile/", typed(tab2, headline="Analyst moving into ML"))

    assert response.status_code == 409
    assert EDIT_CONFLICT in page_text(response)
    assert Visibility.PUBLIC.label in conflict_box(response)
    kept = form_data(response, FORM)
    assert kept["headline"] == ["Analyst moving into ML"]
    assert kept["visibility"] == [Visibility.PRIVATE]
    profile = Profile.objects.get(user=user)
    assert (profile.headline, profile.visibility) == ("Analyst", Visibility.PUBLIC)


@pytest.mark.parametrize("hours", ["6", "7"])
def test_a_profile_saved_twice_from_one_form_is_saved_unless_the_second_differs(
    owner_client, user, hours
):
    data = opened(owner_client, "/profile/")
    owner_client.post("/profile/", typed(data, weekly_hours="6"))

    response = owner_client.post("/profile/", typed(data, weekly_hours=hours))

    assert response.status_code == (302 if hours == "6" else 409)
    assert Profile.objects.get(user=user).weekly_hours == 6


def test_a_saved_role_keeps_its_months_as_typed(owner_client, user):
    experience = ExperienceFactory(user=user, start_month=datetime.date(2020, 1, 1))
    url = f"/profile/experience/{experience.pk}/edit/"

    owner_client.post(url, typed(opened(owner_client, url), start_month="2019-04"))

    experience.refresh_from_db()
    assert experience.start_month == datetime.date(2019, 4, 1)


# The superuser's admin


@pytest.fixture
def superuser_client():
    admin_client = Client()
    admin_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return admin_client


def test_a_role_edited_in_the_admin_makes_the_learners_open_form_a_conflict(
    owner_client, user, superuser_client
):
    experience = ExperienceFactory(user=user, role_title="ML engineer", organisation="Initech")
    url = f"/profile/experience/{experience.pk}/edit/"
    tab = opened(owner_client, url)
    admin_url = f"/admin/profiles/experience/{experience.pk}/change/"
    admin_form = form_data(superuser_client.get(admin_url), "experience_form")
    superuser_client.post(admin_url, typed(admin_form, organisation="Initech Labs"))

    response = owner_client.post(url, typed(tab, role_title="Senior ML engineer"))

    assert response.status_code == 409
    experience.refresh_from_db()
    assert experience.organisation == "Initech Labs"


def test_ratings_are_read_not_edited_in_the_admin(user, superuser_client):
    rating = SkillRatingFactory(user=user, proficiency=3)
    url = f"/admin/profiles/skillrating/{rating.pk}/change/"

    page = superuser_client.get(url)
    data = {"user": user.pk, "skill": rating.skill_id, "proficiency": 1}
    response = superuser_client.post(url, data)

    assert page.status_code == 200
    assert 'name="proficiency"' not in page.content.decode()
    assert response.status_code == 403
    rating.refresh_from_db()
    assert rating.proficiency == 3
