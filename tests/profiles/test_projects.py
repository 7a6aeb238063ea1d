"""The portfolio project pages: add (optionally as one of the ladder's projects), edit,
delete, and the paginated list.

Database queries for GET /profile/projects/, measured on SQLite (SAVEPOINT and RELEASE
included): 7 with one project, 7 with 25 projects (each with a ladder project and three
skills) over two pages. The limit is 7 for both.
"""

import pytest

from careerpath.fields import INVALID_PORT
from ladder.models import ProjectTemplate, Skill
from profiles.models import Project, ProjectStatus
from profiles.views import PAGE_SIZE
from tests.ladder.pages import page_text
from tests.profiles.factories import ProjectFactory
from tests.profiles.html import parse

PROJECTS = "/profile/projects/"
NEW_PROJECT = "/profile/projects/new/"
PROJECT_LIST_QUERIES = 7


def edit_url(project):
    return f"/profile/projects/{project.pk}/edit/"


def delete_url(project):
    return f"/profile/projects/{project.pk}/delete/"


def listed_titles(response):
    return [card.find("h2").text for card in parse(response).find_all("article")]


def test_adding_a_project_for_a_ladder_project_lists_it_with_its_skills(ladder, owner_client, user):
    template = ProjectTemplate.objects.get(title="Train a sentiment analysis model")
    skills = list(Skill.objects.filter(slug__in=["python", "scikit-learn"]))

    response = owner_client.post(
        NEW_PROJECT,
        {
            "title": "Tweet sentiment",
            "description": "Logistic regression on tweets.",
            "link": "github.com/me/tweets",
            "status": ProjectStatus.DONE,
            "template": template.pk,
            "skills": [skill.pk for skill in skills],
        },
        follow=True,
    )

    text = page_text(response)
    assert "Added the project “Tweet sentiment”." in text
    assert "Tweet sentiment Done" in text
    assert "Fulfils: Train a sentiment analysis model" in text
    assert "Shows: Python, Scikit-learn" in text
    project = user.projects.get()
    assert project.link == "https://github.com/me/tweets"
    assert set(project.skills.all()) == set(skills)


def test_the_form_offers_the_ladder_projects_by_level_and_the_ladder_skills(ladder, owner_client):
    page = parse(owner_client.get(NEW_PROJECT))

    options = [option.text for option in page.find("select", name="template").find_all("option")]
    assert options[0] == "None: my own project"
    assert "Junior ML Engineer / ML Intern: Build a recommendation engine" in options
    assert len(options) == ProjectTemplate.objects.count() + 1
    assert len(page.find_all("input", name="skills")) == Skill.objects.count()


def test_a_project_without_a_title_is_refused_and_the_input_kept(ladder, owner_client, user):
    response = owner_client.post(
        NEW_PROJECT, {"title": "", "description": "Keep me", "status": ProjectStatus.PLANNED}
    )

    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    assert parse(response).find("textarea", name="description").text == "Keep me"
    assert not user.projects.exists()


def test_editing_a_project_saves_its_new_status_and_skills(ladder, owner_client, user):
    project = ProjectFactory(user=user, title="Churn model", status=ProjectStatus.IN_PROGRESS)
    python = Skill.objects.get(slug="python")

    response = owner_client.post(
        edit_url(project),
        {
            "title": "Churn model v2",
            "status": ProjectStatus.DONE,
            "skills": [python.pk],
            "version": project.version,
        },
        follow=True,
    )

    assert "Saved the project “Churn model v2”." in page_text(response)
    project.refresh_from_db()
    assert project.status == ProjectStatus.DONE
    assert list(project.skills.all()) == [python]
    assert project.template is None


def test_the_edit_form_shows_the_saved_project(ladder, owner_client, user):
    project = ProjectFactory(user=user, title="Churn model")

    page = parse(owner_client.get(edit_url(project)))

    assert page.find("h1").text == "Edit “Churn model”"
    assert page.find("input", name="title").attrs["value"] == "Churn model"


def test_deleting_a_project_asks_for_confirmation_first(owner_client, user):
    project = ProjectFactory(user=user, title="Churn model")

    response = owner_client.get(delete_url(project))

    text = page_text(response)
    assert "Delete this project?" in text
    assert "“Churn model” will be removed for good." in text
    assert Project.objects.filter(pk=project.pk).exists()


def test_confirming_the_deletion_removes_the_project(owner_client, user):
    project = ProjectFactory(user=user, title="Churn model")

    response = owner_client.post(delete_url(project), follow=True)

    assert "Deleted the project “Churn model”." in page_text(response)
    assert not Project.objects.filter(pk=project.pk).exists()


@pytest.mark.parametrize("url", [edit_url, delete_url])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_learners_project_cannot_be_edited_or_deleted(
    owner_client, other_user, url, method
):
    theirs = ProjectFactory(user=other_user, title="Their project")

    response = getattr(owner_client, method)(
        url(theirs), {"title": "Mine now", "status": ProjectStatus.DONE}
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Their project"


def test_the_list_shows_only_the_learners_own_projects(owner_client, user, other_user):
    ProjectFactory(user=user, title="Mine")
    ProjectFactory(user=other_user, title="Theirs")

    assert listed_titles(owner_client.get(PROJECTS)) == ["Mine"]


def test_the_list_is_paginated_with_the_latest_changed_first(owner_client, user):
    projects = [ProjectFactory(user=user) for _ in range(PAGE_SIZE + 1)]
    projects[0].save()  # the oldest, edited last

    first = owner_client.get(PROJECTS)
    second = owner_client.get(PROJECTS, {"page": 2})

    assert len(listed_titles(first)) == PAGE_SIZE
    assert listed_titles(first)[0] == projects[0].title
    assert "Page 1 of 2" in page_text(first)
    assert listed_titles(second) == [projects[1].title]


def test_a_learner_without_projects_is_invited_to_add_one(owner_client):
    assert "No projects yet." in page_text(owner_client.get(PROJECTS))


@pytest.mark.parametrize("count", [1, 25])
def test_the_list_query_count_does_not_grow_with_the_projects(
    ladder, owner_client, user, count, django_assert_max_num_queries
):
    skills = list(Skill.objects.all())
    templates = list(ProjectTemplate.objects.all())
    for i in range(count):
        ProjectFactory(
            user=user, template=templates[i % len(templates)], skills=skills[i % 20 : i % 20 + 3]
        )

    with django_assert_max_num_queries(PROJECT_LIST_QUERIES):
        response = owner_client.get(PROJECTS)

    assert response.status_code == 200


def test_a_project_link_with_an_impossible_port_is_refused_and_the_input_kept(owner_client, user):
    response = owner_client.post(
        NEW_PROJECT,
        {"title": "Churn", "link": "https://github.com:99999/me", "status": "planned"},
    )

    assert response.status_code == 200
    assert INVALID_PORT in page_text(response)
    assert parse(response).find("input", name="link").attrs["value"] == (
        "https://github.com:99999/me"
    )
    assert not user.projects.exists()
