"""Verified or self-assessed (profiles/verification.py) on every page that shows a level:
the dashboard, the public profile, compare tracks, the ladder's level page and the mentor's
list of mentees. A learner holds level 2 on their own ratings; a mentor's own rating, or a
signed-off project demonstrating the skills, turns it into "verified by a mentor"."""

from datetime import date

import pytest
from django.urls import reverse

from ladder.models import Proficiency, Skill
from ladder.snapshot import ladder_snapshot
from mentoring.models import Status
from mentoring.services import SkillReviewInput, skills_review
from profiles.models import Visibility
from tests.ladder.pages import page_text
from tests.mentoring.factories import EndorsementFactory, MentorshipFactory, SignOffFactory
from tests.mentoring.support import client_for
from tests.profiles.factories import (
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.profiles.html import parse
from tests.queries import assert_max_queries, committed
from tests.test_query_counts import DASHBOARD_LIMIT, MENTEE_PAGE_LIMIT, MENTOR_LIST_LIMIT
from tests.test_rendered_parts import browser_for

SELF_ASSESSED = "— self-assessed"
VERIFIED = "— verified by a mentor"
VERIFIED_BADGE = "badge rounded-pill bg-body-secondary text-body border verified-badge"
COMPARE_LIMIT = 5  # session, profile, ratings, roles, and the mentors' proof


@pytest.fixture
def level_2(ladder):
    return ladder_snapshot().levels[1]


@pytest.fixture
def learner(level_2):
    """Ada holds level 2 on her own ratings (each requirement at its minimum) and years."""
    with committed():
        person = VerifiedUserFactory()
        ProfileFactory(user=person, display_name="Ada Learner", visibility=Visibility.PUBLIC)
        ExperienceFactory(user=person, start_month=date(2015, 1, 1), end_month=None)
        for requirement in level_2.requirements:
            SkillRatingFactory(
                user=person, skill_id=requirement.skill_id, proficiency=requirement.min_proficiency
            )
    return person


@pytest.fixture
def mentorship(learner):
    with committed():
        mentor = VerifiedUserFactory()
        ProfileFactory(user=mentor, display_name="Grace Mentor")
        return MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)


def rate_every_requirement(mentorship, level, *, less=0):
    """The mentor rates every skill of the level at its minimum (`less` steps below it)."""
    for requirement in level.requirements:
        EndorsementFactory(
            mentorship=mentorship,
            skill_id=requirement.skill_id,
            proficiency=requirement.min_proficiency - less,
            rated_proficiency=requirement.min_proficiency,
        )


def review_every_requirement(mentorship, level):
    """The mentor agrees, through the review form's service, with every rating of the level."""
    skills_review(
        mentorship=mentorship,
        mentor=mentorship.mentor,
        reviews=[
            SkillReviewInput(
                skill=Skill.objects.get(pk=r.skill_id),
                proficiency=r.min_proficiency,
                seen=r.min_proficiency,
            )
            for r in level.requirements
        ],
    )


def summary(verified, level):
    total = len(level.requirements)
    return (
        f"{verified} of {total} skill requirement{'s' if total != 1 else ''} verified by a mentor"
    )


def dashboard_level(client):
    return page_text(client.get(reverse("profiles:dashboard")))


def test_the_dashboard_says_self_assessed_without_a_mentors_proof(learner, level_2):
    text = dashboard_level(client_for(learner))
    assert f"{level_2.title} {SELF_ASSESSED}" in text
    assert summary(0, level_2) in text


def test_the_dashboard_says_verified_once_a_mentor_rated_every_requirement(
    learner, level_2, mentorship
):
    rate_every_requirement(mentorship, level_2)
    text = dashboard_level(client_for(learner))
    assert f"{level_2.title} {VERIFIED}" in text
    assert summary(len(level_2.requirements), level_2) in text


def test_a_mentor_rating_below_the_requirements_leaves_the_level_self_assessed(
    learner, level_2, mentorship
):
    rate_every_requirement(mentorship, level_2, less=1)
    text = dashboard_level(client_for(learner))
    assert f"{level_2.title} {SELF_ASSESSED}" in text
    assert summary(0, level_2) in text


def test_a_signed_off_project_demonstrating_the_skills_verifies_the_level(
    learner, level_2, mentorship
):
    skills = [requirement.skill_id for requirement in level_2.requirements]
    SignOffFactory(mentorship=mentorship, project=ProjectFactory(user=learner, skills=skills))
    text = dashboard_level(client_for(learner))
    assert f"{level_2.title} {VERIFIED}" in text


def test_a_new_mentor_rating_changes_the_cached_dashboards_label_at_once(
    learner, level_2, mentorship
):
    client = browser_for(learner)
    assert SELF_ASSESSED in dashboard_level(client)
    assert SELF_ASSESSED in dashboard_level(client)  # served from the stored part
    with committed():
        review_every_requirement(mentorship, level_2)
    assert f"{level_2.title} {VERIFIED}" in dashboard_level(client)


def test_the_first_level_shows_no_verification(ladder, user):
    text = dashboard_level(client_for(user))
    assert SELF_ASSESSED not in text
    assert VERIFIED not in text


def test_the_public_profile_says_whether_the_level_is_verified(
    learner, level_2, mentorship, client
):
    url = learner.profile.get_public_url()
    assert f"{level_2.title} {SELF_ASSESSED}" in page_text(client.get(url))
    rate_every_requirement(mentorship, level_2)
    text = page_text(client.get(url))
    assert f"{level_2.title} {VERIFIED}" in text
    assert summary(len(level_2.requirements), level_2) in text


def card_node(client, level):
    """A level's card on compare tracks."""
    page = parse(client.get(reverse("profiles:compare")))
    node = next(
        a
        for a in page.find_all("a", href=level.get_absolute_url())
        if a.parent.tag == "h3" and a.text == level.title
    )
    while "card" not in node.attrs.get("class", "").split():
        node = node.parent
    return node


def compare_card(client, level):
    return card_node(client, level).text


def test_compare_tracks_says_whether_the_level_held_is_verified(learner, level_2, mentorship):
    client = client_for(learner)
    assert f"{level_2.title} {SELF_ASSESSED}" in compare_card(client, level_2)
    rate_every_requirement(mentorship, level_2)
    card = compare_card(client, level_2)
    assert f"{level_2.title} {VERIFIED}" in card
    assert summary(len(level_2.requirements), level_2) in card


def test_compare_tracks_marks_each_verified_requirement_still_missing(learner, mentorship):
    level_3 = ladder_snapshot().levels[2]
    # the mentor rates one of level 3's skills at its minimum, above the learner's own rating
    own = dict(learner.skill_ratings.values_list("skill_id", "proficiency"))
    requirement = next(
        r for r in level_3.requirements if own.get(r.skill_id, 0) < r.min_proficiency
    )
    EndorsementFactory(
        mentorship=mentorship,
        skill_id=requirement.skill_id,
        proficiency=requirement.min_proficiency,
        rated_proficiency=Proficiency.LEARNING,
    )
    items = card_node(client_for(learner), level_3).find_all("li")
    marked = [li.text for li in items if li.find_all(class_=VERIFIED_BADGE)]
    assert len(marked) == 1
    assert f"{Skill.objects.get(pk=requirement.skill_id).name}: Learning" in marked[0]
    assert marked[0].endswith("verified by a mentor")


def test_compare_tracks_costs_one_query_more_for_the_mentors_proof(learner, mentorship):
    with committed():
        rate_every_requirement(mentorship, ladder_snapshot().levels[1])
    client = client_for(learner)
    ladder_snapshot()  # built once per content version, not per request
    with assert_max_queries(COMPARE_LIMIT, info="/compare/"):
        assert client.get(reverse("profiles:compare")).status_code == 200


def mentees_table_row(client, name):
    page = parse(client.get(reverse("mentoring:home")))
    return next(row.text for row in page.find_all("tr") if name in row.text)


def test_the_mentors_list_says_whether_each_mentees_level_is_verified(learner, level_2, mentorship):
    client = browser_for(mentorship.mentor)
    row = mentees_table_row(client, "Ada Learner")
    assert f"2 · {level_2.title} {SELF_ASSESSED}" in row
    assert summary(0, level_2) in row
    assert SELF_ASSESSED in mentees_table_row(client, "Ada Learner")  # from the stored table

    with committed():  # the mentor's review moves Ada's data version: the table is redone
        review_every_requirement(mentorship, level_2)
    row = mentees_table_row(client, "Ada Learner")
    assert f"2 · {level_2.title} {VERIFIED}" in row
    assert summary(len(level_2.requirements), level_2) in row


def level_page(client, level):
    return page_text(client.get(level.get_absolute_url()))


def test_the_level_page_tells_a_signed_in_person_whether_their_level_is_verified(
    learner, level_2, mentorship
):
    client = client_for(learner)
    text = level_page(client, level_2)
    assert f"{level_2.title} {SELF_ASSESSED}" in text
    assert summary(0, level_2) in text
    rate_every_requirement(mentorship, level_2)
    text = level_page(client, level_2)
    assert f"{level_2.title} {VERIFIED}" in text
    assert summary(len(level_2.requirements), level_2) in text


def test_the_level_page_marks_each_requirement_a_mentor_verified(learner, level_2, mentorship):
    first = level_2.requirements[0]
    EndorsementFactory(
        mentorship=mentorship, skill_id=first.skill_id, proficiency=first.min_proficiency
    )
    page = parse(client_for(learner).get(level_2.get_absolute_url()))
    marked = [li.text for li in page.find_all("li") if li.find_all(class_=VERIFIED_BADGE)]
    assert len(marked) == 1
    assert Skill.objects.get(pk=first.skill_id).name in marked[0]
    assert marked[0].endswith("verified by a mentor")


def test_a_visitor_sees_no_verification_on_a_level_page(learner, level_2, mentorship, client):
    rate_every_requirement(mentorship, level_2)
    text = level_page(client, level_2)
    assert "verified by a mentor" not in text
    assert SELF_ASSESSED not in text


def test_the_mentee_page_tells_the_mentor_whether_the_level_is_verified(
    learner, level_2, mentorship
):
    client = browser_for(mentorship.mentor)
    url = reverse("mentoring:mentee", args=[mentorship.pk])
    assert f"{level_2.title} {SELF_ASSESSED}" in page_text(client.get(url))
    with committed():
        review_every_requirement(mentorship, level_2)
    text = page_text(client.get(url))
    assert f"{level_2.title} {VERIFIED}" in text
    assert text.count("verified by a mentor") >= 1 + len(level_2.requirements)


@pytest.mark.parametrize("with_project", [False, True])
def test_a_verified_learners_pages_stay_within_their_query_limits(
    learner, level_2, mentorship, with_project
):
    with committed():
        rate_every_requirement(mentorship, level_2)
        if with_project:
            project = ProjectFactory(user=learner, skills=[level_2.requirements[0].skill_id])
            SignOffFactory(mentorship=mentorship, project=project)
    ladder_snapshot()
    client = client_for(learner)
    with assert_max_queries(DASHBOARD_LIMIT, info="/dashboard/"):
        assert VERIFIED in page_text(client.get(reverse("profiles:dashboard")))
    with assert_max_queries(DASHBOARD_LIMIT, info="public profile"):
        assert VERIFIED in page_text(client.get(learner.profile.get_public_url()))
    url = reverse("mentoring:mentee", args=[mentorship.pk])
    mentor = client_for(mentorship.mentor)
    with assert_max_queries(MENTEE_PAGE_LIMIT, info="mentee page"):
        assert VERIFIED in page_text(mentor.get(url))
    mentor.get(reverse("mentoring:home"))  # the first visit keeps each mentee's summary
    with assert_max_queries(MENTOR_LIST_LIMIT, info="/mentoring/"):
        assert VERIFIED in page_text(mentor.get(reverse("mentoring:home")))
