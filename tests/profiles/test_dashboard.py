"""The learner's dashboard: their level, why, how far the next one is and what to do next.

Database queries for GET /dashboard/, measured on SQLite (each count includes the
SAVEPOINT and RELEASE SAVEPOINT that ATOMIC_REQUESTS wraps a view in):

| learner                                                                    | queries |
|----------------------------------------------------------------------------|---------|
| new: no ratings, experience or projects                                    | 17      |
| at the top of the ladder (no next level, so no course lookup)              | 16      |
| 23 ratings, 500 history rows, 20 roles, 50 projects, two mentors' sign-offs | 21      |

The limit is the full profile's count, and it must hold for the new learner too.
"""

import datetime
import re

import factory
import pytest

from ladder.models import Level, Proficiency, ProjectTemplate, Skill
from mentoring import services as mentoring
from profiles import services
from profiles.assessment import NOT_RATED
from profiles.models import ProjectStatus
from tests.ladder.pages import page_text
from tests.profiles.factories import (
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingChangeFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.profiles.html import parse, section

DASHBOARD = "/dashboard/"
DASHBOARD_QUERIES = 20

# Three full years of machine learning work, enough for level 2 (two years), not level 3.
THREE_YEARS = {"start_month": datetime.date(2019, 1, 1), "end_month": datetime.date(2021, 12, 1)}


def prose(node):
    """Return a node's text as a reader sees it: no space before punctuation that the parser
    puts between an element and the text after it."""
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([.,;:)])", r"\1", node.text))


def level(order):
    return Level.objects.main().get(order=order)


def dashboard_sections(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    page = parse(response)
    return {
        name: section(page, f"{name}-heading").text
        for name in ("level", "next", "advice", "checklist", "progress")
        if page.find_all("section", **{"aria-labelledby": f"{name}-heading"})
    }


@pytest.fixture
def engineer(user):
    """A learner who meets level 2 (Machine Learning Engineer) and part of level 3."""
    # Level 3 wants these two at Proficient; level 2 only at Learning.
    beyond = {
        "tensorflow-pytorch": Proficiency.PROFICIENT,
        "nlp-computer-vision": Proficiency.PROFICIENT,
    }
    for requirement in level(2).requirements.select_related("skill"):
        SkillRatingFactory(
            user=user,
            skill=requirement.skill,
            proficiency=beyond.get(requirement.skill.slug, requirement.min_proficiency),
        )
    ExperienceFactory(user=user, is_ml_work=True, **THREE_YEARS)
    return user


def test_a_new_learner_is_on_the_first_level_and_sees_what_the_next_one_needs(ladder, owner_client):
    sections = dashboard_sections(owner_client)

    assert "Junior ML Engineer" in sections["level"]
    assert f"Level 1 of {Level.objects.main().count()}" in sections["level"]
    assert "everyone starts here" in sections["level"]
    assert f"Next: {level(2).title}" in sections["next"]
    assert "0% of the requirement points earned · 0 of 6 requirements met" in sections["next"]
    assert "Not met: Machine learning experience: 0 years (needs 2 years)" in sections["next"]
    for requirement in level(2).requirements.select_related("skill"):
        need = Proficiency(requirement.min_proficiency).label
        assert f"Not met: {requirement.skill.name}: {NOT_RATED} (needs {need})" in sections["next"]


def test_a_new_learner_gets_one_named_next_step_and_no_rate_your_skills(ladder, owner_client):
    page = parse(owner_client.get(DASHBOARD))

    assert "Rate your skills" not in page.text
    step = section(page, "step-heading")
    # Python: a key skill of Junior, with Kaggle's free introductory course (issue 17)
    assert step.find("a").text == "Python"
    assert "Not rated yet (counted as Not started); needed: Proficient." in prose(step)
    assert "Recommended course: Python · Kaggle Learn" in prose(step)
    assert "Why this course: free · introductory · about 5 hours." in prose(step)
    total = Skill.objects.active().count()
    assert f"{total} of {total} skills not rated yet: this advice counts them as Not started" in (
        prose(step)
    )
    assert "add your work experience" in section(page, "level-heading").text


def test_a_junior_is_told_what_holds_them_back_not_everyone_starts_here_twice(ladder, owner_client):
    text = section(parse(owner_client.get(DASHBOARD)), "level-heading").text

    assert text.lower().count("everyone starts here") == 1
    assert (
        f"Holding you back from {level(2).title}: 2 more years of machine learning work, "
        "Python, Linear Algebra/Statistics, Scikit-learn, TensorFlow/PyTorch, NLP/Computer Vision."
    ) in text


def test_the_top_of_the_dashboard_answers_three_questions_in_order(ladder, owner_client, user):
    services.skill_rating_set(
        user=user, skill=Skill.objects.get(slug="tensorflow-pytorch"), proficiency=2
    )
    page = parse(owner_client.get(DASHBOARD))
    headings = [h.attrs.get("id") for h in page.find_all("h2")]

    assert headings[:3] == ["level-heading", "step-heading", "next-heading"]
    step = prose(section(page, "step-heading"))
    # Python is a foundation of level 1: before TensorFlow/PyTorch, new at level 2.
    assert "Python" in step
    assert "Not rated yet (counted as Not started); needed: Proficient." in step
    assert "Recommended course: Python · Kaggle Learn" in step
    assert section(page, "step-heading").find("a").attrs["href"] == "/profile/skills/#skill-python"


def test_a_learner_with_every_skill_but_not_the_years_is_told_about_the_years(ladder, client, user):
    for requirement in level(2).requirements.select_related("skill"):
        SkillRatingFactory(user=user, skill=requirement.skill, proficiency=4)
    client.force_login(user)

    step = section(parse(client.get(DASHBOARD)), "step-heading").text

    assert "2 more years of machine learning work" in step


def test_the_greeting_never_shows_the_email_address(ladder, owner_client, user):
    text = page_text(owner_client.get(DASHBOARD))

    assert user.email not in text
    assert "Your dashboard" in text


def test_a_learner_meeting_level_two_sees_it_with_every_requirement_ticked(
    ladder, client, engineer
):
    client.force_login(engineer)

    sections = dashboard_sections(client)

    assert level(2).title in sections["level"]
    assert "Level 2 of 4" in sections["level"]
    assert "You meet every entry requirement of this level" in sections["level"]
    assert "Met: Machine learning experience: 3 years (needs 2 years)" in sections["level"]
    assert "Met: Python: Proficient (needs Proficient)" in sections["level"]
    assert "Met: TensorFlow/PyTorch: Proficient (needs Learning)" in sections["level"]
    assert "Not met" not in sections["level"]


def test_readiness_for_level_three_counts_partial_progress(ladder, client, engineer):
    client.force_login(engineer)

    sections = dashboard_sections(client)

    # Level 3 asks for 5 years (weighing as 3 points), three skills at Proficient (3 points
    # each) and two at Learning (1 point each): 14 points. The learner earns 3/5 of the
    # years' 3 points and 3 + 3 for the two skills already Proficient: 7.8 of 14 is 55%.
    assert f"Next: {level(3).title}" in sections["next"]
    assert "55% of the requirement points earned · 2 of 6 requirements met" in sections["next"]
    assert "Met: NLP/Computer Vision: Proficient (needs Proficient)" in sections["next"]
    assert f"Not met: Feature Engineering: {NOT_RATED} (needs Proficient)" in sections["next"]
    assert "Not met: Machine learning experience: 3 years (needs 5 years)" in sections["next"]


def test_readiness_bar_reports_the_same_percentage_to_screen_readers(ladder, client, engineer):
    client.force_login(engineer)

    bar = parse(client.get(DASHBOARD)).find(role="progressbar")

    assert bar.attrs["aria-valuenow"] == "55"
    assert bar.attrs["aria-label"] == f"Readiness for {level(3).title}"


def test_next_steps_name_each_unmet_skill_with_its_courses_best_first(ladder, client, engineer):
    client.force_login(engineer)

    page = parse(client.get(DASHBOARD))
    steps = section(page, "advice-heading").find("ol").children

    # Foundations first (Feature Engineering is a level-2 skill), then the skills new at
    # level 3, both a step away, in the ladder's order.
    assert [step.find("strong").text for step in steps] == [
        "Feature Engineering",
        "Advanced Deep Learning",
        "ML System Design",
    ]
    assert "not rated yet, needed at Proficient" in steps[0].text
    # A first step: the introductory free courses, the shorter first; never the paid book
    # first (issue 17: it came first in the alphabet).
    assert [link.text for link in steps[0].find_all("a")] == [
        "Feature Engineering",
        "Machine Learning Crash Course",
        "Intermediate Machine Learning",
    ]
    assert "(free · introductory · about 5 hours)" in steps[0].text
    design = [link.text for link in steps[2].find_all("a")]
    assert design == [
        "CS 329S: Machine Learning Systems Design",
        "Designing Machine Learning Systems",
    ]


def test_next_steps_estimate_weeks_from_an_assumed_weekly_time(ladder, client, engineer):
    ProfileFactory(user=engineer, weekly_hours=10)
    client.force_login(engineer)

    advice = prose(section(parse(client.get(DASHBOARD)), "advice-heading"))

    # 1 + 1 + 3 proficiency steps to go, at 20 hours a step, 10 hours a week.
    assert (
        "Assuming 10 hours a week of learning (set your own in your profile), you could meet "
        "these skill requirements in about 10 weeks"
    ) in advice
    assert "(5 steps to go, 100 hours)" in advice


def test_next_steps_say_how_many_more_years_of_experience_the_next_level_asks(
    ladder, client, engineer
):
    client.force_login(engineer)

    advice = dashboard_sections(client)["advice"]

    assert "the next level also asks for 2 more years of machine learning work" in advice


def test_the_portfolio_projects_are_listed_once(ladder, client, engineer):
    client.force_login(engineer)

    text = page_text(client.get(DASHBOARD))

    for template in ProjectTemplate.objects.filter(level__order__in=[2, 3]):
        assert text.count(template.title) == 1


def test_why_you_are_here_lists_the_checks_of_this_level_and_those_below(ladder, client, user):
    for skill in Skill.objects.filter(requirements__level__order__in=[2, 3]).distinct():
        SkillRatingFactory(user=user, skill=skill, proficiency=4)
    ExperienceFactory(user=user, start_month=datetime.date(2015, 1, 1), end_month=None)
    client.force_login(user)

    why = section(parse(client.get(DASHBOARD)), "level-heading").text

    assert f"Level 2: {level(2).title}" in why
    assert f"Level 3: {level(3).title}" in why
    assert "Met: Python: Expert (needs Proficient)" in why  # a level-2 check
    assert "Met: Feature Engineering: Expert (needs Proficient)" in why  # a level-3 check


def test_portfolio_checklist_ticks_the_ladder_projects_done_and_only_those(
    ladder, client, engineer
):
    done, started = ProjectTemplate.objects.filter(level__order=2)[:2]
    ProjectFactory(user=engineer, template=done, status=ProjectStatus.DONE, title="My MLflow")
    ProjectFactory(user=engineer, template=started, status=ProjectStatus.IN_PROGRESS)
    client.force_login(engineer)

    checklist = dashboard_sections(client)["checklist"]

    assert f"Done: {done.title} · done as “My MLflow”" in checklist
    assert f"Not done yet: {started.title}" in checklist
    for template in ProjectTemplate.objects.filter(level__order=3):
        assert f"Not done yet: {template.title}" in checklist
    for template in ProjectTemplate.objects.filter(level__order=1):
        assert template.title not in checklist
    assert "Manage your 2 projects" in checklist


def test_a_learner_meeting_every_level_is_told_they_reached_the_top(ladder, user, client):
    for skill in Skill.objects.all():
        SkillRatingFactory(user=user, skill=skill, proficiency=Proficiency.EXPERT)
    ExperienceFactory(user=user, start_month=datetime.date(2010, 1, 1), end_month=None)
    client.force_login(user)

    sections = dashboard_sections(client)

    assert level(4).title in sections["level"]
    assert "You have reached the top of the ladder" in sections["next"]
    assert "advice" not in sections


def test_latest_changes_list_the_learners_rating_history(ladder, owner_client, user):
    python = Skill.objects.get(slug="python")
    services.skill_rating_set(user=user, skill=python, proficiency=Proficiency.LEARNING)
    services.skill_rating_set(user=user, skill=python, proficiency=Proficiency.PRACTICING)

    progress = dashboard_sections(owner_client)["progress"]

    assert "Python rated Learning" in progress
    assert "Python Learning → Practicing" in progress


def test_an_empty_ladder_shows_a_not_ready_page_instead_of_an_error(db, owner_client):
    response = owner_client.get(DASHBOARD)

    assert response.status_code == 200
    assert "The ladder is not ready yet" in page_text(response)
    assert "Your level" not in page_text(response)


def full_profile(user):
    """Give the learner every kind of row the dashboard reads, many of each."""
    skills = list(Skill.objects.all())
    for skill in skills:
        services.skill_rating_set(user=user, skill=skill, proficiency=Proficiency.LEARNING)
        services.skill_rating_set(user=user, skill=skill, proficiency=Proficiency.PRACTICING)
    # Rating history up to 500 rows: the dashboard charts and lists the latest changes.
    SkillRatingChangeFactory.create_batch(
        500 - 2 * len(skills), user=user, skill=factory.Iterator(skills)
    )
    ExperienceFactory.create_batch(20, user=user)
    templates = list(ProjectTemplate.objects.all())
    projects = [
        ProjectFactory(
            user=user,
            template=templates[i % len(templates)],
            skills=skills[i % 20 : i % 20 + 3],
            status=ProjectStatus.DONE,
        )
        for i in range(50)
    ]
    for mentor in VerifiedUserFactory.create_batch(2):
        mentorship = mentoring.invitation_create(learner=user, email=mentor.email)
        mentorship = mentoring.mentorship_transition(
            mentorship=mentorship, action="accept", user=mentor
        )
        for project in projects[:5]:
            mentoring.project_sign_off(mentorship=mentorship, mentor=mentor, project=project)


def test_dashboard_query_count_for_a_new_learner(
    ladder, owner_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = owner_client.get(DASHBOARD)

    assert response.status_code == 200


def test_dashboard_query_count_stays_the_same_with_a_full_profile(
    ladder, owner_client, user, django_assert_max_num_queries
):
    full_profile(user)

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = owner_client.get(DASHBOARD)

    assert response.status_code == 200
    assert "Manage your 50 projects" in page_text(response)
    assert user.skill_rating_changes.count() == 500
    assert "Signed off by" in page_text(response)


# --- A beginner's first visit (issue 17) ------------------------------------------------


def save_my_skills(client, **answers):
    """Post *My skills* as a browser would, with `answers` ({slug: proficiency}) chosen."""
    from tests.profiles.test_skills import SKILLS, fill, submitted

    data = submitted(client.get(SKILLS))
    for slug, value in answers.items():
        fill(data, slug, proficiency=value)
    return client.post(SKILLS, data, follow=True)


def assert_one_named_junior_step(page):
    step = section(page, "step-heading")
    assert "Rate your skills" not in page.text
    assert step.find("a").text == "Python"  # a key skill of Junior ML Engineer / ML Intern
    assert "Python is a key skill of your level, Junior ML Engineer / ML Intern" in prose(step)
    assert "Recommended course: Python · Kaggle Learn" in prose(step)
    assert "Why this course: free · introductory · about 5 hours." in prose(step)
    # the path card points at the same step instead of naming another "next"
    path = prose(section(page, "path-heading"))
    assert "Your next step, Python, is part of Learning Programming and Data Science Basics" in (
        path
    )
    assert "Next:" not in path
    return step


def test_a_beginner_who_saves_my_skills_untouched_gets_one_named_next_step(
    ladder, owner_client, user
):
    response = save_my_skills(owner_client)

    assert response.redirect_chain[-1][0] == DASHBOARD
    step = assert_one_named_junior_step(parse(response))
    assert "skills not rated yet" in prose(step)  # honest: nothing was answered


def test_a_beginner_who_answers_every_skill_not_started_gets_the_same_step_and_no_nudge(
    ladder, owner_client, user
):
    every = dict.fromkeys(
        Skill.objects.active().values_list("slug", flat=True), Proficiency.NOT_STARTED
    )

    response = save_my_skills(owner_client, **every)

    page = parse(response)
    step = assert_one_named_junior_step(page)
    assert "From Not started to Proficient." in prose(step)
    assert "not rated yet" not in page.text.lower()
    assert "update your skills" in page.text.lower()


def test_the_reason_of_the_next_step_is_true_for_a_skill_met_at_your_level(
    ladder, client, engineer
):
    client.force_login(engineer)

    reason = prose(parse(client.get(DASHBOARD)).find("p", id="step-reason"))

    assert "secure" not in reason
    assert reason == (
        "Feature Engineering is a key skill of your level, Machine Learning Engineer; Senior ML "
        "Engineer asks for Proficient. Key skills of the levels you hold come before skills new "
        "further up."
    )
