"""The admin: content editors edit the ladder there, and only superusers see user data."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ladder.models import Level, Requirement, Responsibility, Skill
from tests.ladder.pages import form_data, links, page_text
from tests.profiles.factories import UserFactory
from tests.queries import assert_max_queries, count_queries

ADMIN_LOGIN = reverse("admin:login")

LADDER_CHANGELISTS = {
    "levels": "/admin/ladder/level/",
    "skills": "/admin/ladder/skill/",
    "courses": "/admin/ladder/course/",
    "requirements": "/admin/ladder/requirement/",
    "project templates": "/admin/ladder/projecttemplate/",
}

# The learners' and mentors' data: accounts, what they record, and what mentors leave.
USER_DATA_CHANGELISTS = [
    "/admin/auth/user/",
    "/admin/account/emailaddress/",
    "/admin/profiles/profile/",
    "/admin/profiles/experience/",
    "/admin/profiles/skillrating/",
    "/admin/profiles/skillratingchange/",
    "/admin/profiles/project/",
    "/admin/mentoring/mentorship/",
    "/admin/mentoring/feedback/",
    "/admin/mentoring/endorsement/",
    "/admin/mentoring/signoff/",
    "/admin/mentoring/notification/",
]

# Every admin page that is not ladder content, whatever gets registered later.
NON_LADDER_CHANGELISTS = sorted(
    reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for model in admin.site._registry
    if model._meta.app_label != "ladder"
)

# (changelist, search, a row it must list, a row it must leave out), rows as the list names them.
SEARCHES = {
    "levels": ("architect", "ML Architect / Head of AI", "Senior ML Engineer"),
    "skills": ("python", "Python", "Distributed Training"),
    "courses": ("python", "Python (Kaggle Learn)", "LLM Course (Hugging Face)"),
    "requirements": (
        "python",
        "Python at Proficient for Machine Learning Engineer",
        "TensorFlow/PyTorch at Learning for Machine Learning Engineer",
    ),
    "project templates": (
        "sentiment",
        "Train a sentiment analysis model",
        "Build a recommendation engine",
    ),
}


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def change_url(level):
    return reverse("admin:ladder_level_change", args=[level.pk])


def shown_rows(response):
    """Return the rows a changelist shows, as their names."""
    return [str(row) for row in response.context["cl"].result_list]


def post_level_form(client, level, **changes):
    """Submit the level's change form as the browser would, with some fields changed."""
    data = form_data(client.get(change_url(level)), "level_form")
    data.update({name: [value] for name, value in changes.items()})
    return client.post(change_url(level), data)


def assert_sent_to_admin_login(response, url):
    assert response.status_code == 302
    location = urlparse(response.url)
    assert location.path == ADMIN_LOGIN
    assert parse_qs(location.query)["next"] == [url]


# Content editors edit the ladder.


def test_a_content_editor_opens_the_admin_index_with_every_ladder_list(
    loaded_ladder, editor_client
):
    response = editor_client.get("/admin/")

    assert response.status_code == 200
    hrefs = {href for href, _ in links(response)}
    assert set(LADDER_CHANGELISTS.values()) <= hrefs


@pytest.mark.parametrize("name", LADDER_CHANGELISTS)
def test_a_content_editor_opens_every_ladder_list_with_all_its_rows(
    loaded_ladder, editor_client, name
):
    response = editor_client.get(LADDER_CHANGELISTS[name])

    assert response.status_code == 200
    model = response.context["cl"].model
    assert response.context["cl"].result_count == model.objects.count() > 0


@pytest.mark.parametrize("name", SEARCHES)
def test_the_search_box_of_every_ladder_list_finds_the_row_and_leaves_out_others(
    loaded_ladder, editor_client, name
):
    term, found, left_out = SEARCHES[name]

    response = editor_client.get(LADDER_CHANGELISTS[name], {"q": term})

    assert response.status_code == 200
    rows = shown_rows(response)
    assert found in rows
    assert left_out not in rows
    assert left_out in shown_rows(editor_client.get(LADDER_CHANGELISTS[name]))


def test_searching_courses_for_a_skill_name_lists_the_courses_that_build_it(
    loaded_ladder, editor_client
):
    skill = Skill.objects.get(slug="team-mentoring")

    rows = shown_rows(editor_client.get(LADDER_CHANGELISTS["courses"], {"q": "mentoring"}))

    assert skill.courses.exists()
    assert sorted(rows) == sorted(str(course) for course in skill.courses.all())


def test_searching_courses_for_a_skill_lists_each_course_once(loaded_ladder, editor_client):
    # "Python" is the name of a course and of a skill, and a course may build several
    # skills: a course matched more than once must still be listed once.
    rows = shown_rows(editor_client.get(LADDER_CHANGELISTS["courses"], {"q": "python"}))

    assert "Python Data Science Handbook (Jake VanderPlas (O'Reilly, free online edition))" in rows
    assert len(rows) == len(set(rows))


def test_a_content_editor_changes_a_level_and_its_public_page_shows_it_at_once(
    loaded_ladder, editor_client, client
):
    level = Level.objects.get(slug="junior-ml-engineer")
    summary = "Trains small models under review and learns the team's tooling."

    response = post_level_form(
        editor_client, level, summary=summary, salary_min="75000", salary_max="105000"
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:ladder_level_changelist")
    text = page_text(client.get(level.get_absolute_url()))
    assert summary in text
    assert "$75K–$105K" in text
    assert "$70K–$100K" not in text


def test_a_level_change_with_a_bad_salary_band_is_refused_and_nothing_changes(
    loaded_ladder, editor_client
):
    level = Level.objects.get(slug="junior-ml-engineer")
    before = (level.salary_min, level.salary_max)

    response = post_level_form(editor_client, level, salary_min="120000", salary_max="90000")

    assert response.status_code == 200
    assert response.context["errors"]
    level.refresh_from_db()
    assert (level.salary_min, level.salary_max) == before


def test_a_content_editor_edits_responsibilities_and_adds_a_requirement_inline(
    loaded_ladder, editor_client, client
):
    level = Level.objects.get(slug="ml-engineer")
    skill = Skill.objects.get(slug="jupyter-notebooks")
    requirement = f"{skill.name} at Practicing or above"
    assert requirement not in page_text(client.get(level.get_absolute_url()))
    data = form_data(editor_client.get(change_url(level)), "level_form")
    first = Responsibility.objects.filter(level=level).order_by("order").first()
    row = next(
        name.removesuffix("-id")
        for name, values in data.items()
        if name.startswith("responsibilities-") and values == [str(first.pk)]
    )
    data[f"{row}-text"] = ["Ship one model to production each quarter."]
    new = int(data["requirements-TOTAL_FORMS"][0])
    data["requirements-TOTAL_FORMS"] = [str(new + 1)]
    data[f"requirements-{new}-skill"] = [str(skill.pk)]
    data[f"requirements-{new}-min_proficiency"] = ["2"]

    response = editor_client.post(change_url(level), data)

    assert response.status_code == 302
    text = page_text(client.get(level.get_absolute_url()))
    assert "Ship one model to production each quarter." in text
    assert first.text not in text
    assert requirement in text


# Every change is kept, with who made it.


def test_an_admin_change_is_recorded_in_history_with_the_editor_who_made_it(
    loaded_ladder, editor_client, content_editor
):
    level = Level.objects.get(slug="senior-ml-engineer")
    before = level.history.count()

    post_level_form(editor_client, level, summary="Leads the design of ML systems.")

    assert level.history.count() == before + 1
    record = level.history.latest()
    assert record.history_user == content_editor
    assert record.history_type == "~"
    assert record.summary == "Leads the design of ML systems."


def test_the_history_page_shows_the_editor_who_changed_the_level(
    loaded_ladder, editor_client, content_editor
):
    level = Level.objects.get(slug="ml-architect")
    post_level_form(editor_client, level, summary="Sets the AI direction of the company.")

    response = editor_client.get(reverse("admin:ladder_level_history", args=[level.pk]))

    assert response.status_code == 200
    assert content_editor.username in page_text(response)


def test_an_inline_change_is_recorded_with_the_editor_too(
    loaded_ladder, editor_client, content_editor
):
    level = Level.objects.get(slug="ml-engineer")
    data = form_data(editor_client.get(change_url(level)), "level_form")
    data["responsibilities-0-text"] = ["Review a colleague's experiment every week."]

    editor_client.post(change_url(level), data)

    responsibility = Responsibility.objects.get(pk=data["responsibilities-0-id"][0])
    assert responsibility.text == "Review a colleague's experiment every week."
    assert responsibility.history.latest().history_user == content_editor


# User data is for superusers only.


@pytest.mark.parametrize("url", USER_DATA_CHANGELISTS)
def test_a_content_editor_is_refused_every_list_of_user_data(loaded_ladder, editor_client, url):
    assert editor_client.get(url).status_code == 403


@pytest.mark.parametrize("url", NON_LADDER_CHANGELISTS)
def test_a_content_editor_is_refused_every_admin_list_outside_the_ladder(
    loaded_ladder, editor_client, url
):
    assert editor_client.get(url).status_code == 403


def test_a_content_editor_cannot_open_a_users_account_or_profile(
    loaded_ladder, editor_client, other_user
):
    for url in [
        reverse("admin:auth_user_change", args=[other_user.pk]),
        reverse("admin:profiles_profile_change", args=[other_user.profile.pk]),
        reverse("admin:auth_user_add"),
    ]:
        assert editor_client.get(url).status_code == 403, url


def test_the_admin_index_shows_a_content_editor_no_user_data(
    loaded_ladder, editor_client, other_user
):
    response = editor_client.get("/admin/")

    hrefs = [href for href, _ in links(response)]
    for url in NON_LADDER_CHANGELISTS:
        assert not any(href.startswith(url) for href in hrefs), url
    assert {app["app_label"] for app in response.context["app_list"]} == {"ladder"}
    assert other_user.email not in page_text(response)


@pytest.mark.parametrize("url", USER_DATA_CHANGELISTS)
def test_staff_with_every_permission_but_not_superuser_still_see_no_user_data(
    loaded_ladder, client, url
):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    client.force_login(staff)

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", USER_DATA_CHANGELISTS)
def test_a_superuser_opens_every_list_of_user_data(loaded_ladder, superuser_client, url):
    assert superuser_client.get(url).status_code == 200


def test_a_superuser_sees_every_account_in_the_user_list(
    loaded_ladder, superuser_client, user, other_user
):
    text = page_text(superuser_client.get("/admin/auth/user/"))

    assert user.email in text
    assert other_user.email in text


# The admin is for staff.


@pytest.mark.parametrize("url", ["/admin/", "/admin/ladder/level/", "/admin/auth/user/"])
def test_a_signed_in_member_who_is_not_staff_is_sent_to_the_admin_login(
    loaded_ladder, owner_client, url
):
    assert_sent_to_admin_login(owner_client.get(url), url)


@pytest.mark.parametrize("url", ["/admin/", "/admin/ladder/level/", "/admin/auth/user/"])
def test_an_anonymous_visitor_is_sent_to_the_admin_login(loaded_ladder, client, url):
    assert_sent_to_admin_login(client.get(url), url)


def test_a_member_who_is_not_staff_cannot_change_a_level(loaded_ladder, owner_client):
    level = Level.objects.get(slug="junior-ml-engineer")
    summary = level.summary

    response = owner_client.post(change_url(level), {"summary": "Hijacked."})

    assert_sent_to_admin_login(response, change_url(level))
    level.refresh_from_db()
    assert level.summary == summary


# What the ladder lists cost: the same queries with ten times the content.


def test_every_ladder_list_keeps_its_query_count_with_ten_times_the_content(
    loaded_ladder, editor_client, request
):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    with_real_content = {name: queries(url) for name, url in LADDER_CHANGELISTS.items()}
    request.getfixturevalue("ten_times_ladder")
    with_ten_times = {name: queries(url) for name, url in LADDER_CHANGELISTS.items()}

    assert with_ten_times == with_real_content


def test_a_requirement_posted_with_a_skill_that_is_no_id_is_refused_not_a_server_error(
    loaded_ladder, editor_client
):
    requirement = Requirement.objects.select_related("skill").first()
    url = reverse("admin:ladder_requirement_change", args=[requirement.pk])
    data = form_data(editor_client.get(url), "requirement_form")

    response = editor_client.post(url, {**data, "skill": ["Ada Lovelace 漢字"]})

    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    requirement.refresh_from_db()
    assert requirement.skill_id == requirement.skill.pk


@pytest.mark.parametrize("version", ["1.5e-3", "abc", "99999999999999999999999"])
def test_a_history_version_that_is_no_number_is_not_found(loaded_ladder, editor_client, version):
    level = Level.objects.first()
    url = reverse("admin:ladder_level_history", args=[level.pk]) + f"{version}/"

    assert editor_client.get(url).status_code == 404


# A level's history: its own changes and its inline rows', in words, with the reason.


def history_url(level):
    return reverse("admin:ladder_level_history", args=[level.pk])


def inline_row(data, prefix, pk):
    """Return the name prefix ("requirements-2") of the inline row of the object `pk`."""
    return next(
        name.removesuffix("-id")
        for name, values in data.items()
        if name.startswith(f"{prefix}-") and name.endswith("-id") and values == [str(pk)]
    )


def history_lines(response):
    """Return the history page's entries as (what, changes, changed by, reason)."""
    return [
        (f"{entry.subject} · {entry.action.lower()}", entry.changes, entry.user, entry.reason)
        for entry in response.context["page_obj"]
    ]


def test_a_requirement_edited_inline_shows_in_the_levels_history_in_words_with_the_reason(
    loaded_ladder, editor_client, content_editor
):
    level = Level.objects.get(slug="ml-engineer")
    requirement = Requirement.objects.get(level=level, skill__slug="scikit-learn")
    data = form_data(editor_client.get(change_url(level)), "level_form")
    data[f"{inline_row(data, 'requirements', requirement.pk)}-min_proficiency"] = ["4"]
    data["change_reason"] = ["Hiring managers now ask for tuning in depth."]

    assert editor_client.post(change_url(level), data).status_code == 302
    response = editor_client.get(history_url(level))

    assert response.status_code == 200
    assert history_lines(response)[0] == (
        "Entry requirement · changed",
        ("Scikit-learn: Proficient → Expert",),
        content_editor.username,
        "Hiring managers now ask for tuning in depth.",
    )
    text = page_text(response)
    assert "Scikit-learn: Proficient → Expert" in text
    assert "Hiring managers now ask for tuning in depth." in text


def test_inline_rows_added_changed_and_removed_show_in_the_levels_history(
    loaded_ladder, editor_client
):
    level = Level.objects.get(slug="ml-engineer")
    removed = Requirement.objects.get(level=level, skill__slug="nlp-computer-vision")
    responsibility = Responsibility.objects.filter(level=level).order_by("order").first()
    added = Skill.objects.get(slug="jupyter-notebooks")
    data = form_data(editor_client.get(change_url(level)), "level_form")
    data[f"{inline_row(data, 'requirements', removed.pk)}-DELETE"] = ["on"]
    data[f"{inline_row(data, 'responsibilities', responsibility.pk)}-text"] = ["Ship models."]
    new = int(data["requirements-TOTAL_FORMS"][0])
    data["requirements-TOTAL_FORMS"] = [str(new + 1)]
    data[f"requirements-{new}-skill"] = [str(added.pk)]
    data[f"requirements-{new}-min_proficiency"] = ["2"]

    assert editor_client.post(change_url(level), data).status_code == 302

    changes = {}  # the newest entry of each kind
    for what, lines, _, _ in history_lines(editor_client.get(history_url(level))):
        changes.setdefault(what, lines)
    assert changes["Entry requirement · removed"] == ("NLP/Computer Vision at Learning removed",)
    assert changes["Entry requirement · added"] == ("Jupyter Notebooks at Practicing added",)
    assert changes["Responsibility · changed"] == (f"“{responsibility.text}” → “Ship models.”",)


def test_a_level_saved_for_its_inline_rows_only_records_no_empty_change_of_its_own(
    loaded_ladder, editor_client
):
    level = Level.objects.get(slug="senior-ml-engineer")
    requirement = Requirement.objects.filter(level=level).first()
    before = level.history.count()
    data = form_data(editor_client.get(change_url(level)), "level_form")
    data[f"{inline_row(data, 'requirements', requirement.pk)}-min_proficiency"] = ["4"]

    assert editor_client.post(change_url(level), data).status_code == 302

    assert level.history.count() == before
    assert requirement.history.latest().min_proficiency == 4


def test_a_level_field_change_shows_in_its_history_as_before_and_after(
    loaded_ladder, editor_client
):
    level = Level.objects.get(slug="junior-ml-engineer")

    post_level_form(editor_client, level, salary_min="75000", change_reason="2026 survey")

    line = history_lines(editor_client.get(history_url(level)))[0]
    assert line[0] == "Level · changed"
    assert line[1] == ("Salary min: 70000 → 75000",)
    assert line[3] == "2026 survey"


def test_a_reason_longer_than_the_history_keeps_is_refused_and_nothing_changes(
    loaded_ladder, editor_client
):
    level = Level.objects.get(slug="junior-ml-engineer")
    before = level.history.count()

    response = post_level_form(editor_client, level, summary="Changed.", change_reason="x" * 101)

    assert response.status_code == 200
    assert "at most 100 characters" in page_text(response)
    assert level.history.count() == before
    level.refresh_from_db()
    assert level.summary != "Changed."


def test_a_requirements_own_history_shows_proficiency_by_its_label(loaded_ladder, editor_client):
    requirement = Requirement.objects.get(level__slug="ml-engineer", skill__slug="python")
    url = reverse("admin:ladder_requirement_change", args=[requirement.pk])
    data = form_data(editor_client.get(url), "requirement_form")
    editor_client.post(url, {**data, "min_proficiency": ["4"]})

    text = page_text(
        editor_client.get(reverse("admin:ladder_requirement_history", args=[requirement.pk]))
    )

    assert "Proficient → Expert" in text.replace("\xa0", " ").replace("  ", " ")


def test_the_levels_history_page_costs_the_same_queries_however_long_its_history(
    loaded_ladder, editor_client
):
    level = Level.objects.get(slug="ml-architect")
    count_once = count_queries(lambda: editor_client.get(history_url(level)))
    for summary in ("One.", "Two.", "Three."):
        post_level_form(editor_client, level, summary=summary)
    for requirement in Requirement.objects.filter(level=level):
        requirement.min_proficiency = 4
        requirement.save()

    with assert_max_queries(count_once):
        response = editor_client.get(history_url(level))

    assert len(response.context["page_obj"]) >= 3 + Requirement.objects.filter(level=level).count()


def test_a_member_who_is_not_staff_is_sent_to_log_in_for_a_levels_history(
    loaded_ladder, owner_client
):
    url = history_url(Level.objects.get(slug="ml-engineer"))

    assert_sent_to_admin_login(owner_client.get(url), url)


# Long texts are read whole, and inline rows are named for what they hold.


def textarea_names(response):
    return set(re.findall(r'<textarea[^>]*\sname="([^"]+)"', response.content.decode()))


def test_a_skills_rubric_steps_are_edited_in_textareas(loaded_ladder, editor_client):
    skill = Skill.objects.get(slug="python")

    response = editor_client.get(reverse("admin:ladder_skill_change", args=[skill.pk]))

    assert {f"rubric_{step}" for step in ("learning", "practicing", "proficient", "expert")} <= (
        textarea_names(response)
    )


def test_a_levels_responsibilities_are_edited_in_textareas(loaded_ladder, editor_client):
    level = Level.objects.get(slug="ml-engineer")

    names = textarea_names(editor_client.get(change_url(level)))

    rows = Responsibility.objects.filter(level=level).count()
    assert {f"responsibilities-{row}-text" for row in range(rows)} <= names


def test_the_course_rows_inside_a_skill_are_named_for_their_course(loaded_ladder, editor_client):
    skill = Skill.objects.get(slug="python")

    text = page_text(editor_client.get(reverse("admin:ladder_skill_change", args=[skill.pk])))

    assert "Course_skills object" not in text
    for course in skill.courses.all():
        assert str(course) in text
