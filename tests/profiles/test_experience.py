"""The experience pages: add, edit and delete roles, and the years they add up to.

Database queries for GET /profile/experience/, measured on SQLite (SAVEPOINT and RELEASE
included): 7 with one role, 7 with 25 roles over two pages. The limit is 7 for both.
"""

import datetime

import pytest
from django.utils import timezone

from profiles.forms import (
    END_BEFORE_START,
    END_IN_FUTURE,
    ML_WORK_QUESTION,
    ML_WORK_UNANSWERED,
    MONTH_TOO_EARLY,
    START_IN_FUTURE,
)
from profiles.models import Experience
from tests.ladder.pages import page_text
from tests.profiles.factories import ExperienceFactory
from tests.profiles.html import parse

EXPERIENCE = "/profile/experience/"
EXPERIENCE_QUERIES = 7


def edit_url(experience):
    return f"/profile/experience/{experience.pk}/edit/"


def delete_url(experience):
    return f"/profile/experience/{experience.pk}/delete/"


def role(**overrides):
    """What a learner types into the role form."""
    return {
        "role_title": "Data scientist",
        "organisation": "Acme Analytics",
        "start_month": "2021-03",
        "end_month": "2023-02",
        "is_ml_work": "True",
        **overrides,
    }


def next_month():
    today = timezone.localdate()
    return (today.replace(day=1) + datetime.timedelta(days=32)).strftime("%Y-%m")


def field_value(response, name):
    return parse(response).find("input", name=name).attrs.get("value")


def test_adding_a_role_lists_it_and_counts_its_years(owner_client, user):
    response = owner_client.post(EXPERIENCE, role(), follow=True)

    text = page_text(response)
    assert "Added Data scientist, Acme Analytics." in text
    assert "Data scientist, Acme Analytics" in text
    assert "Mar 2021 – Feb 2023" in text
    assert "You have 2 years of machine learning experience." in text
    experience = user.experiences.get()
    assert experience.start_month == datetime.date(2021, 3, 1)
    assert experience.end_month == datetime.date(2023, 2, 1)


def test_a_role_that_is_not_machine_learning_work_is_listed_but_not_counted(owner_client):
    response = owner_client.post(EXPERIENCE, role(is_ml_work="False"), follow=True)

    text = page_text(response)
    assert "Data scientist, Acme Analytics not ML work" in text
    assert "You have 0 years of machine learning experience." in text


def test_the_add_form_asks_whether_a_role_was_machine_learning_work_with_no_answer_chosen(
    owner_client,
):
    page = parse(owner_client.get(EXPERIENCE))

    assert ML_WORK_QUESTION in page_text(owner_client.get(EXPERIENCE))
    answers = page.find_all("input", name="is_ml_work")
    assert [(a.attrs["type"], a.attrs["value"]) for a in answers] == [
        ("radio", "True"),
        ("radio", "False"),
    ]
    assert not any("checked" in answer.attrs for answer in answers)


def test_a_role_added_without_answering_the_question_is_refused_and_the_input_kept(
    owner_client, user
):
    data = role()
    del data["is_ml_work"]

    response = owner_client.post(EXPERIENCE, data)

    assert response.status_code == 200
    assert ML_WORK_UNANSWERED in page_text(response)
    assert field_value(response, "role_title") == "Data scientist"
    assert not user.experiences.exists()


@pytest.mark.parametrize("saved", [True, False])
def test_the_edit_form_shows_the_saved_answer(owner_client, user, saved):
    experience = ExperienceFactory(user=user, is_ml_work=saved)

    page = parse(owner_client.get(edit_url(experience)))

    checked = [
        a.attrs["value"] for a in page.find_all("input", name="is_ml_work") if "checked" in a.attrs
    ]
    assert checked == [str(saved)]


def test_a_current_role_without_an_end_month_runs_until_now(owner_client, user):
    response = owner_client.post(EXPERIENCE, role(end_month=""), follow=True)

    assert "Mar 2021 – now" in page_text(response)
    assert user.experiences.get().is_current


def test_a_role_ending_before_it_starts_is_refused_and_the_input_kept(owner_client, user):
    response = owner_client.post(EXPERIENCE, role(start_month="2022-05", end_month="2021-01"))

    assert response.status_code == 200
    assert END_BEFORE_START in page_text(response)
    assert field_value(response, "role_title") == "Data scientist"
    assert field_value(response, "start_month") == "2022-05"
    assert field_value(response, "end_month") == "2021-01"
    assert not user.experiences.exists()


def test_a_role_starting_in_the_future_is_refused_and_the_input_kept(owner_client, user):
    response = owner_client.post(EXPERIENCE, role(start_month=next_month(), end_month=""))

    assert response.status_code == 200
    assert START_IN_FUTURE in page_text(response)
    assert field_value(response, "organisation") == "Acme Analytics"
    assert field_value(response, "start_month") == next_month()
    assert not user.experiences.exists()


def test_a_role_starting_this_month_is_accepted(owner_client, user):
    this_month = timezone.localdate().strftime("%Y-%m")

    owner_client.post(EXPERIENCE, role(start_month=this_month, end_month=""))

    assert user.experiences.get().start_month == timezone.localdate().replace(day=1)


def test_editing_a_role_shows_its_months_and_saves_the_change(owner_client, user):
    experience = ExperienceFactory(
        user=user, start_month=datetime.date(2020, 1, 1), end_month=datetime.date(2021, 6, 1)
    )

    form = owner_client.get(edit_url(experience))
    assert field_value(form, "start_month") == "2020-01"
    assert field_value(form, "end_month") == "2021-06"

    response = owner_client.post(
        edit_url(experience),
        role(
            role_title="Lead ML engineer",
            start_month="2020-01",
            end_month="",
            version=field_value(form, "version"),
        ),
        follow=True,
    )

    experience.refresh_from_db()
    assert experience.role_title == "Lead ML engineer"
    assert experience.end_month is None
    assert "Saved Lead ML engineer, Acme Analytics." in page_text(response)


def test_editing_a_role_to_end_before_it_starts_keeps_the_saved_role(owner_client, user):
    experience = ExperienceFactory(user=user, role_title="ML engineer")

    response = owner_client.post(
        edit_url(experience),
        role(role_title="Renamed", start_month="2022-05", end_month="2021-01"),
    )

    assert END_BEFORE_START in page_text(response)
    assert field_value(response, "role_title") == "Renamed"
    experience.refresh_from_db()
    assert experience.role_title == "ML engineer"


def test_deleting_a_role_asks_for_confirmation_first(owner_client, user):
    experience = ExperienceFactory(user=user, role_title="ML engineer", organisation="Initech")

    response = owner_client.get(delete_url(experience))

    text = page_text(response)
    assert "Delete this experience?" in text
    assert "“ML engineer, Initech” will be removed for good." in text
    assert Experience.objects.filter(pk=experience.pk).exists()


def test_confirming_the_deletion_removes_the_role(owner_client, user):
    experience = ExperienceFactory(user=user, role_title="ML engineer", organisation="Initech")

    response = owner_client.post(delete_url(experience), follow=True)

    assert "Deleted ML engineer, Initech." in page_text(response)
    assert not Experience.objects.filter(pk=experience.pk).exists()


@pytest.mark.parametrize("url", [edit_url, delete_url])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_learners_role_cannot_be_edited_or_deleted(owner_client, other_user, url, method):
    theirs = ExperienceFactory(user=other_user, role_title="Their role")

    response = getattr(owner_client, method)(url(theirs), role())

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.role_title == "Their role"


def listed_roles(response):
    return parse(response).find_all(
        "li", class_="list-group-item d-flex flex-wrap justify-content-between gap-2"
    )


def test_the_list_shows_twenty_roles_a_page_newest_first(owner_client, user):
    for year in range(2000, 2025):
        ExperienceFactory(
            user=user,
            role_title=f"Role of {year}",
            start_month=datetime.date(year, 1, 1),
            end_month=None,
        )

    first = owner_client.get(EXPERIENCE)
    second = owner_client.get(EXPERIENCE, {"page": 2})

    assert "Page 1 of 2" in page_text(first)
    assert len(listed_roles(first)) == 20
    assert "Role of 2024" in listed_roles(first)[0].text
    assert [item.find("strong").text for item in listed_roles(second)] == [
        f"Role of {year}" for year in range(2004, 1999, -1)
    ]


@pytest.mark.parametrize("roles", [1, 25])
def test_the_list_query_count_does_not_grow_with_the_roles(
    owner_client, user, roles, django_assert_max_num_queries
):
    ExperienceFactory.create_batch(roles, user=user)

    with django_assert_max_num_queries(EXPERIENCE_QUERIES):
        response = owner_client.get(EXPERIENCE)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("0001-01", "", "start_month", MONTH_TOO_EARLY),
        ("1949-12", "2020-01", "start_month", MONTH_TOO_EARLY),
        ("2020-01", "1949-12", "end_month", MONTH_TOO_EARLY),
        ("2020-01", "next month", "end_month", END_IN_FUTURE),
    ],
)
def test_a_month_before_1950_or_an_end_in_the_future_is_refused_and_the_input_kept(
    owner_client, user, start, end, field, message
):
    end = next_month() if end == "next month" else end

    response = owner_client.post(EXPERIENCE, role(start_month=start, end_month=end))

    assert response.status_code == 200
    assert message in page_text(response)
    assert field_value(response, "start_month") == start
    assert field_value(response, "end_month") == end
    assert "You have 0 years of machine learning experience." in page_text(response)
    assert not user.experiences.exists()


def test_a_role_from_january_1950_to_this_month_is_accepted(owner_client, user):
    this_month = timezone.localdate().strftime("%Y-%m")

    owner_client.post(EXPERIENCE, role(start_month="1950-01", end_month=this_month))

    experience = user.experiences.get()
    assert experience.start_month == datetime.date(1950, 1, 1)
    assert experience.end_month == timezone.localdate().replace(day=1)


def test_editing_a_role_to_start_in_year_one_keeps_the_saved_role(owner_client, user):
    experience = ExperienceFactory(user=user, start_month=datetime.date(2020, 1, 1))
    form = owner_client.get(edit_url(experience))

    response = owner_client.post(
        edit_url(experience),
        role(start_month="0001-01", end_month="", version=field_value(form, "version")),
    )

    assert MONTH_TOO_EARLY in page_text(response)
    experience.refresh_from_db()
    assert experience.start_month == datetime.date(2020, 1, 1)
