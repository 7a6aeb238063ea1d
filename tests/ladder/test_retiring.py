"""Retire, don't delete: content people's data refers to leaves the pages, the assessment
and the advice when retired, and the admin refuses to delete it, saying why in counts only."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from ladder.admin import BROUGHT_BACK, DELETE_REFUSED, RETIRED
from ladder.models import COMPUTED_LEVELS_HELP, Course, Level, Proficiency, ProjectTemplate, Skill
from ladder.selectors import user_data_relations
from ladder.services import RETIRED_REASON
from mentoring.forms import FeedbackForm
from mentoring.models import Endorsement, Feedback, Status
from profiles.dashboard import dashboard_for
from profiles.forms import ProjectForm
from profiles.models import Project, SkillRating, SkillRatingChange
from tests.ladder.factories import (
    CourseFactory,
    LevelFactory,
    ProjectTemplateFactory,
    RequirementFactory,
    SkillFactory,
)
from tests.ladder.pages import form_data, page_text
from tests.mentoring.factories import EndorsementFactory, FeedbackFactory, MentorshipFactory
from tests.profiles.factories import (
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingChangeFactory,
    SkillRatingFactory,
    UserFactory,
)
from tests.profiles.html import parse

PRIVATE_NOTE = "I only learnt this to pass the interview at Initech."


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def small_ladder(db):
    """Two levels; level 2 asks for Python and SQL at Proficient and two years of work."""
    first, second = LevelFactory(order=1), LevelFactory(order=2)
    python = SkillFactory(name="Python", slug="python", level=first)
    sql = SkillFactory(name="SQL", slug="sql", level=first)
    for skill in (python, sql):
        RequirementFactory(level=second, skill=skill, min_proficiency=Proficiency.PROFICIENT)
        CourseFactory(title=f"{skill.name} for everyone", skills=[skill])
    ProjectTemplateFactory(title="Clean a messy dataset", level=first, skills=[python, sql])
    ProjectTemplateFactory(title="Ship a model behind an API", level=second, skills=[python])
    return {"first": first, "second": second, "python": python, "sql": sql}


def retire(*objects):
    for obj in objects:
        obj.retired = True
        obj.save()


def delete_url(obj):
    return reverse(f"admin:ladder_{obj._meta.model_name}_delete", args=[obj.pk])


def changelist_url(model):
    return reverse(f"admin:ladder_{model._meta.model_name}_changelist")


def delete_selected(client, model, objects, **extra):
    data = {"action": "delete_selected", "_selected_action": [o.pk for o in objects], **extra}
    return client.post(changelist_url(model), data)


# The admin refuses to delete content people's data refers to.


@pytest.fixture
def spark(small_ladder):
    """A skill no level requires, so nothing in the ladder itself keeps it from deletion."""
    return SkillFactory(name="Spark", slug="spark", level=small_ladder["first"])


REFERENCES = {
    "a rating": (lambda skill, user: SkillRatingFactory(skill=skill, user=user), "1 skill rating"),
    "a rating change": (
        lambda skill, user: SkillRatingChangeFactory(skill=skill, user=user),
        "1 skill rating change",
    ),
    "an endorsement": (
        lambda skill, user: EndorsementFactory(skill=skill, mentorship__learner=user),
        "1 endorsement",
    ),
    "feedback": (
        lambda skill, user: FeedbackFactory(skill=skill, mentorship__learner=user),
        "1 feedback",
    ),
    "a project": (lambda skill, user: ProjectFactory(skills=[skill], user=user), "1 project"),
}


@pytest.mark.parametrize("reference", REFERENCES)
def test_a_skill_peoples_data_refers_to_is_not_deleted_and_the_editor_is_told_why(
    spark, editor_client, other_user, reference
):
    make, counted = REFERENCES[reference]
    skill = spark
    make(skill, other_user)

    page = editor_client.get(delete_url(skill))
    response = editor_client.post(delete_url(skill), {"post": "yes"})

    assert page.status_code == response.status_code == 200
    text = page_text(page)
    assert f"“Spark”: {counted}." in text
    assert "retire it instead" in text.lower()
    assert Skill.objects.filter(pk=skill.pk).exists()


def test_the_refusal_gives_every_kind_of_data_with_its_count(
    spark, editor_client, user, other_user
):
    skill = spark
    for person in (user, other_user):
        SkillRatingFactory(skill=skill, user=person)
        SkillRatingChangeFactory(skill=skill, user=person)
    ProjectFactory(skills=[skill], user=user)

    text = page_text(editor_client.get(delete_url(skill)))

    assert DELETE_REFUSED.format(
        name="skill",
        object="Spark",
        references="2 skill ratings, 2 skill rating changes and 1 project",
    ) in " ".join(text.split())


def test_the_refusal_shows_nothing_of_the_peoples_data_itself(spark, editor_client, other_user):
    skill = spark
    ProfileFactory(user=other_user, display_name="Ada Lovelace")
    SkillRatingFactory(skill=skill, user=other_user, notes=PRIVATE_NOTE)
    ProjectFactory(skills=[skill], user=other_user, title="Fraud detector for my employer")

    for response in (
        editor_client.get(delete_url(skill)),
        delete_selected(editor_client, Skill, [skill]),
    ):
        text = page_text(response)
        for private in (
            PRIVATE_NOTE,
            "Ada Lovelace",
            other_user.email,
            other_user.username,
            "Fraud detector",
        ):
            assert private not in text


@pytest.mark.parametrize("who", ["editor_client", "superuser_client"])
def test_the_ratings_history_and_endorsements_are_all_kept_after_the_refusal(
    spark, other_user, request, who
):
    # A superuser may delete people's data, so only the refusal stops the cascade.
    client = request.getfixturevalue(who)
    skill = spark
    SkillRatingFactory(skill=skill, user=other_user)
    SkillRatingChangeFactory(skill=skill, user=other_user)
    EndorsementFactory(skill=skill, mentorship__learner=other_user)
    ProjectFactory(skills=[skill], user=other_user)

    client.post(delete_url(skill), {"post": "yes"})
    delete_selected(client, Skill, [skill], post="yes")

    assert SkillRating.objects.filter(skill=skill).count() == 1
    assert SkillRatingChange.objects.filter(skill=skill).count() == 1
    assert Endorsement.objects.filter(skill=skill).count() == 1
    assert Project.skills.through.objects.filter(skill=skill).count() == 1


def test_a_project_template_a_project_fulfils_is_not_deleted(
    small_ladder, editor_client, other_user
):
    template = ProjectTemplate.objects.get(title="Clean a messy dataset")
    project = ProjectFactory(user=other_user, template=template)

    response = editor_client.post(delete_url(template), {"post": "yes"})

    assert "“Clean a messy dataset”: 1 project." in page_text(response)
    assert ProjectTemplate.objects.filter(pk=template.pk).exists()
    project.refresh_from_db()
    assert project.template == template


def test_delete_selected_deletes_nothing_while_any_selected_skill_is_referred_to(
    spark, editor_client, other_user
):
    unused = SkillFactory(name="COBOL", level=spark.level)
    SkillRatingFactory(skill=spark, user=other_user)

    page = delete_selected(editor_client, Skill, [spark, unused])
    response = delete_selected(editor_client, Skill, [spark, unused], post="yes")

    text = page_text(page)
    assert "“Spark”: 1 skill rating." in text
    assert "COBOL" not in text
    assert "Nothing was deleted. The other 1 selected could be deleted on its own." in text
    assert response.status_code == 200
    assert set(Skill.objects.values_list("name", flat=True)) == {"Python", "SQL", "Spark", "COBOL"}


def test_content_nothing_refers_to_is_deleted_as_before(small_ladder, editor_client):
    unused = SkillFactory(name="COBOL", level=small_ladder["first"])
    course = CourseFactory(title="A course that never built a skill")

    assert "Are you sure" in page_text(editor_client.get(delete_url(unused)))
    response = editor_client.post(delete_url(unused), {"post": "yes"})
    bulk = delete_selected(editor_client, Course, [course], post="yes")

    assert response.status_code == bulk.status_code == 302
    assert not Skill.objects.filter(pk=unused.pk).exists()
    assert not Course.objects.filter(pk=course.pk).exists()


def test_content_named_in_other_contents_history_is_retired_not_deleted_so_backups_dump(
    small_ladder, editor_client
):
    cobol = SkillFactory(name="COBOL", level=small_ladder["first"])
    RequirementFactory(level=small_ladder["second"], skill=cobol).delete()  # history remains
    course = Course.objects.get(title="Python for everyone")  # its history lists its skills

    skill_page = editor_client.get(delete_url(cobol))
    course_page = editor_client.post(delete_url(course), {"post": "yes"})

    assert "The change history of other content refers to skill “COBOL” (2 records)" in (
        page_text(skill_page)
    )
    assert "Retire it instead" in page_text(course_page)
    assert Skill.objects.filter(pk=cobol.pk).exists()
    assert Course.objects.filter(pk=course.pk).exists()
    backup = io.StringIO()
    call_command("dumpdata", "ladder", "--natural-foreign", "--natural-primary", stdout=backup)
    assert "COBOL" in backup.getvalue()


def test_delete_selected_asks_for_confirmation_first_when_nothing_refers_to_the_skills(
    small_ladder, editor_client
):
    unused = SkillFactory(name="COBOL", level=small_ladder["first"])

    response = delete_selected(editor_client, Skill, [unused])

    assert "Are you sure" in page_text(response)
    assert Skill.objects.filter(pk=unused.pk).exists()


def test_the_refusal_offers_to_retire_and_retiring_keeps_the_data_and_records_who(
    small_ladder, editor_client, content_editor, other_user
):
    skill = small_ladder["python"]
    rating = SkillRatingFactory(skill=skill, user=other_user)
    page = editor_client.get(delete_url(skill))

    response = editor_client.post(
        changelist_url(Skill), form_data(page, "retire-form"), follow=True
    )

    skill.refresh_from_db()
    assert skill.retired
    assert RETIRED.format(count=1, name="skill") in page_text(response)
    record = skill.history.latest()
    assert (record.retired, record.history_user, record.history_change_reason) == (
        True,
        content_editor,
        RETIRED_REASON,
    )
    assert SkillRating.objects.get(pk=rating.pk).skill == skill


def test_a_retired_skill_refused_again_says_it_is_already_retired(
    small_ladder, editor_client, other_user
):
    skill = small_ladder["python"]
    SkillRatingFactory(skill=skill, user=other_user)
    retire(skill)

    response = editor_client.get(delete_url(skill))

    assert "It is already retired." in page_text(response)
    assert 'value="retire_selected"' not in response.content.decode()


def test_bring_back_undoes_retire(small_ladder, editor_client):
    skill = small_ladder["sql"]
    retire(skill)

    response = editor_client.post(
        changelist_url(Skill),
        {"action": "bring_back_selected", "index": "0", "_selected_action": [skill.pk]},
        follow=True,
    )

    skill.refresh_from_db()
    assert not skill.retired
    assert BROUGHT_BACK.format(count=1, name="skill") in page_text(response)


@pytest.mark.parametrize("model", [Level, Skill, Course, ProjectTemplate])
def test_every_retirable_list_has_a_retired_filter_column_and_checkbox_on_its_form(
    small_ladder, editor_client, model
):
    obj = model.objects.first()
    retire(obj)

    only_retired = editor_client.get(changelist_url(model), {"retired__exact": "1"})
    form = editor_client.get(
        reverse(f"admin:ladder_{model._meta.model_name}_change", args=[obj.pk])
    )

    assert list(only_retired.context["cl"].result_list) == [obj]
    assert "retired" in only_retired.context["cl"].list_display
    assert "retired" in form.context["adminform"].form.fields
    actions = dict(only_retired.context["action_form"].fields["action"].choices)
    assert {"retire_selected", "bring_back_selected", "delete_selected"} <= set(actions)


@pytest.mark.parametrize("url_name", ["ladder_level_change", "ladder_requirement_change"])
def test_the_level_and_requirement_forms_say_edits_take_effect_for_everyone_at_once(
    small_ladder, editor_client, url_name
):
    obj = (
        small_ladder["second"]
        if "level" in url_name
        else small_ladder["second"].requirements.first()
    )

    text = page_text(editor_client.get(reverse(f"admin:{url_name}", args=[obj.pk])))

    assert COMPUTED_LEVELS_HELP in text


def test_peoples_data_is_found_from_the_models_themselves_not_from_a_list():
    found = {
        (relation.related_model._meta.label, relation.field.name)
        for relation in user_data_relations(Skill)
    }

    assert found == {
        ("profiles.SkillRating", "skill"),
        ("profiles.SkillRatingChange", "skill"),
        ("profiles.Project_skills", "skill"),
        ("profiles.Evidence", "skill"),
        ("mentoring.Feedback", "skill"),
        ("mentoring.Endorsement", "skill"),
        ("mentoring.CheckIn_skills", "skill"),
        ("mentoring.CheckInRating", "skill"),
    }
    assert {r.related_model._meta.label for r in user_data_relations(ProjectTemplate)} == {
        "profiles.Project"
    }


# Retired content leaves the public pages.


def test_a_retired_skills_page_says_it_is_retired_and_the_lists_leave_it_out(small_ladder, client):
    retire(small_ladder["sql"])
    second = small_ladder["second"]

    response = client.get("/skills/sql/")
    assert response.status_code == 200  # a page saying why it is gone, not a 404
    assert b'<meta name="robots" content="noindex">' in response.content
    assert "SQL was retired from the ladder" in page_text(response)
    assert "Your rating" not in page_text(response)
    assert client.get("/skills/no-such-skill/").status_code == 404
    assert client.get("/skills/python/").status_code == 200
    for url in ["/ladder/", "/skills/", "/faq/", second.get_absolute_url()]:
        text = page_text(client.get(url))
        assert "SQL" not in text, url
        assert "Python" in text, url


def test_a_retired_levels_page_is_a_404_and_the_ladder_leaves_it_and_its_content_out(
    small_ladder, client
):
    second = small_ladder["second"]
    retire(second)

    assert client.get(second.get_absolute_url()).status_code == 404
    for url in ["/", "/ladder/", "/faq/", small_ladder["first"].get_absolute_url()]:
        assert second.title not in page_text(client.get(url)), url
    assert "Ship a model behind an API" not in page_text(
        client.get(small_ladder["first"].get_absolute_url())
    )


def test_a_level_page_leaves_out_retired_courses_and_project_templates(small_ladder, client):
    retire(
        Course.objects.get(title="Python for everyone"),
        ProjectTemplate.objects.get(title="Clean a messy dataset"),
    )

    text = page_text(client.get(small_ladder["first"].get_absolute_url()))

    assert "SQL for everyone" in text
    assert "Python for everyone" not in text
    assert "Clean a messy dataset" not in text
    assert "Python for everyone" not in page_text(client.get("/skills/python/"))


def test_retiring_a_level_retires_its_key_skills_and_project_templates(small_ladder):
    retire(small_ladder["first"])

    assert not Skill.objects.active().exists()
    assert list(ProjectTemplate.objects.active()) == [
        ProjectTemplate.objects.get(title="Ship a model behind an API")
    ]
    assert not Level.objects.main().get(order=2).requirements.active().exists()


# Retired content leaves the assessment and the advice; people's data is kept.


@pytest.fixture
def learner(small_ladder, user):
    """Two years of work and Python at Proficient: level 2 only waits for SQL."""
    ExperienceFactory(user=user)
    SkillRatingFactory(user=user, skill=small_ladder["python"], proficiency=Proficiency.PROFICIENT)
    SkillRatingFactory(user=user, skill=small_ladder["sql"], proficiency=Proficiency.LEARNING)
    return user


def test_a_requirement_on_a_retired_skill_no_longer_counts_in_the_assessment(small_ladder, learner):
    assert dashboard_for(learner).standing.current_level.id == small_ladder["first"].pk

    retire(small_ladder["sql"])

    dashboard = dashboard_for(learner)
    assert dashboard.standing.current_level.id == small_ladder["second"].pk
    assert [rating.skill.slug for rating in dashboard.standing.ratings] == ["python"]


def test_the_advice_leaves_out_retired_courses_and_project_templates(small_ladder, learner):
    before = dashboard_for(learner).advice
    assert [c.title for s in before.skills for c in s.courses] == ["SQL for everyone"]
    assert "Ship a model behind an API" in [t.title for t in before.projects]

    retire(
        Course.objects.get(title="SQL for everyone"),
        ProjectTemplate.objects.get(title="Ship a model behind an API"),
    )

    dashboard = dashboard_for(learner)
    assert [c.title for s in dashboard.advice.skills for c in s.courses] == []
    assert "Ship a model behind an API" not in [t.title for t in dashboard.advice.projects]
    assert "Ship a model behind an API" not in [t.title for t, _ in dashboard.portfolio.checklist]


def test_the_dashboard_leaves_out_a_retired_skill_but_says_so_to_who_rated_it(
    small_ladder, learner, owner_client
):
    retire(small_ladder["sql"])

    response = owner_client.get("/dashboard/")

    assert response.status_code == 200
    text = page_text(response)
    note = parse(response).find("section", class_="alert alert-secondary small retired-ratings")
    assert "SQL was retired from the ladder" in note.text
    assert "Your rating, Learning, is kept in your history and your data export." in text
    assert text.count("SQL") == 1  # the note only: no requirement, advice or chart names it


def test_who_never_rated_a_retired_skill_sees_no_note_on_the_dashboard(
    small_ladder, learner, owner_client
):
    learner.skill_ratings.filter(skill=small_ladder["sql"]).delete()
    retire(small_ladder["sql"])

    assert "retired" not in page_text(owner_client.get("/dashboard/"))


def test_a_retired_skills_page_opens_for_who_rated_it_with_their_kept_rating(
    small_ladder, learner, owner_client
):
    retire(small_ladder["sql"])

    response = owner_client.get("/skills/sql/")

    assert response.status_code == 200
    text = page_text(response)
    assert "SQL was retired from the ladder" in text
    assert "Your rating, Learning, is kept" in text


def test_the_export_marks_the_rating_of_a_retired_skill_as_kept(
    small_ladder, learner, owner_client
):
    retire(small_ladder["sql"])

    data = json.loads(owner_client.get("/accounts/export/").content)

    assert {
        (r["skill"], r["proficiency_label"], r["skill_retired"]) for r in data["skill_ratings"]
    } == {
        ("Python", "Proficient", False),
        ("SQL", "Learning", True),
    }


def test_my_skills_leaves_out_a_retired_skill_and_saving_keeps_its_rating(
    small_ladder, learner, owner_client
):
    retire(small_ladder["sql"])
    page = owner_client.get("/profile/skills/")
    formset = page.context["page"].formset
    data = {"skills-TOTAL_FORMS": formset.total_form_count(), "skills-INITIAL_FORMS": 0}
    for index, form in enumerate(formset):
        data[f"skills-{index}-skill_slug"] = form.skill.slug
        data[f"skills-{index}-proficiency"] = Proficiency.EXPERT
        data[f"skills-{index}-version"] = form.initial["version"]

    response = owner_client.post("/profile/skills/", data)

    assert [form.skill.slug for form in formset] == ["python"]
    assert "SQL" not in page_text(page)
    assert response.status_code == 302
    ratings = dict(learner.skill_ratings.values_list("skill__slug", "proficiency"))
    assert ratings == {"python": Proficiency.EXPERT, "sql": Proficiency.LEARNING}


def test_the_export_still_holds_the_rating_and_history_of_a_retired_skill(
    small_ladder, learner, owner_client
):
    SkillRatingChangeFactory(user=learner, skill=small_ladder["sql"], new_proficiency=1)
    retire(small_ladder["sql"], small_ladder["first"])

    data = json.loads(owner_client.get("/accounts/export/").content)

    assert {r["skill"] for r in data["skill_ratings"]} == {"Python", "SQL"}
    assert "SQL" in {c["skill"] for c in data["skill_rating_history"]}


# Forms offer only active content, but saved data pointing at retired content still saves.


def test_a_new_project_is_not_offered_retired_templates_or_skills(small_ladder):
    retire(small_ladder["sql"], ProjectTemplate.objects.get(title="Clean a messy dataset"))
    template = ProjectTemplate.objects.get(title="Clean a messy dataset")

    data = {"title": "Mine", "status": "done", "template": template.pk}
    form = ProjectForm(data={**data, "skills": [small_ladder["sql"].pk]})

    assert [t.title for t in form.fields["template"].queryset] == ["Ship a model behind an API"]
    assert [s.slug for s in form.fields["skills"].queryset] == ["python"]
    assert not form.is_valid()
    assert set(form.errors) == {"template", "skills"}


def test_a_project_pointing_at_a_retired_template_and_skill_still_saves(
    small_ladder, learner, owner_client
):
    template = ProjectTemplate.objects.get(title="Clean a messy dataset")
    sql = small_ladder["sql"]
    project = ProjectFactory(user=learner, template=template, skills=[sql])
    retire(template, sql)

    response = owner_client.post(
        reverse("profiles:project_edit", args=[project.pk]),
        {
            "title": "Renamed",
            "description": "",
            "link": "",
            "status": "done",
            "template": template.pk,
            "skills": [sql.pk, small_ladder["python"].pk],
            "version": project.version,
        },
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.template) == ("Renamed", template)
    assert set(project.skills.values_list("slug", flat=True)) == {"python", "sql"}


def test_feedback_is_not_offered_a_retired_skill(small_ladder, learner):
    retire(small_ladder["sql"])

    form = FeedbackForm(learner=learner)

    assert [skill.slug for skill in form.fields["skill"].queryset] == ["python"]
    feedback = FeedbackFactory(skill=small_ladder["sql"], mentorship__learner=learner)
    assert FeedbackForm(learner=learner, instance=feedback).fields["skill"].queryset.count() == 2
    assert Feedback.objects.filter(skill=small_ladder["sql"]).exists()


def test_a_mentor_cannot_endorse_a_retired_skill(small_ladder, learner, client):
    mentorship = MentorshipFactory(learner=learner, status=Status.ACCEPTED)
    client.force_login(mentorship.mentor)
    retire(small_ladder["sql"])

    response = client.post(reverse("mentoring:endorse", args=[mentorship.pk, "sql"]))

    assert response.status_code == 404
    assert not Endorsement.objects.exists()
