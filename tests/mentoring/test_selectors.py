"""The mentors' list of mentees and the mentee page: what they show, in which order, and in
how many queries however many mentees and however much data there is."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ladder.models import Proficiency, Skill
from mentoring import selectors
from mentoring.models import Status
from tests.ladder.factories import LevelFactory, RequirementFactory, SkillFactory
from tests.mentoring.factories import (
    EndorsementFactory,
    FeedbackFactory,
    MentorshipFactory,
    NotificationFactory,
    SignOffFactory,
)
from tests.mentoring.support import client_for
from tests.profiles.factories import (
    EvidenceFactory,
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingChangeFactory,
    SkillRatingFactory,
    UserFactory,
)
from tests.profiles.html import parse, section
from tests.queries import assert_max_queries, committed

pytestmark = pytest.mark.django_db

# Queries of the whole /mentoring/ page and of a mentee page, for any number of mentees and
# any amount of their data, counting the session and the user but not the savepoint pair of
# the request's transaction (tests.queries). Before the ladder snapshot and the cached
# assessments: 13 and 26 (with 20 of everything); now 7 and 9 (on /mentoring/, one of the 7
# is the UPDATE that expires old invitations on a GET, moved to a periodic task in issue 8).
# The mentee's evidence (issue 18) is one more query on the mentee page.
HOME_QUERIES = 8
MENTEE_PAGE_QUERIES = 11


@pytest.fixture
def small_ladder():
    """Three levels: level 2 asks for skill A at Proficient, level 3 for skill B."""
    LevelFactory(order=1, years_min=0)
    skill_a = SkillFactory(name="Skill A", level__order=1)
    skill_b = SkillFactory(name="Skill B", level__order=2, level__years_min=0)
    RequirementFactory(level__order=2, skill=skill_a, min_proficiency=Proficiency.PROFICIENT)
    RequirementFactory(
        level__order=3, level__years_min=0, skill=skill_b, min_proficiency=Proficiency.PROFICIENT
    )
    return skill_a, skill_b


def mentee(mentor, name, ratings=(), active_ago=None):
    learner = UserFactory()
    if name:
        ProfileFactory(user=learner, display_name=name)
    for skill, proficiency in ratings:
        SkillRatingFactory(user=learner, skill=skill, proficiency=proficiency)
    if active_ago is not None:
        SkillRatingChangeFactory(user=learner, changed_at=timezone.now() - active_ago)
    return MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)


@pytest.fixture
def three_mentees(small_ladder, mentor):
    """ada: level 2, 33% to level 3, active 2 days ago; Ben: level 1, 66%, never active;
    Cy: level 1, 33%, active an hour ago."""
    a, b = small_ladder
    mentee(mentor, "ada Ames", [(a, 3), (b, 1)], active_ago=timedelta(days=2))
    mentee(mentor, "Ben Bright", [(a, 2)])
    mentee(mentor, "Cy Cole", [(a, 1)], active_ago=timedelta(hours=1))


@pytest.mark.parametrize(
    ("sort", "names"),
    [
        ("name", ["ada Ames", "Ben Bright", "Cy Cole"]),
        ("level", ["ada Ames", "Ben Bright", "Cy Cole"]),
        ("readiness", ["Ben Bright", "ada Ames", "Cy Cole"]),
        ("activity", ["Cy Cole", "ada Ames", "Ben Bright"]),
        ("no-such-sort", ["ada Ames", "Ben Bright", "Cy Cole"]),
    ],
)
def test_mentees_are_listed_in_the_chosen_order(three_mentees, mentor, sort, names):
    rows = selectors.mentees_for(mentor, sort=sort)

    assert [row.name for row in rows] == names


def test_each_mentee_shows_level_readiness_and_last_activity(three_mentees, mentor):
    rows = {row.name: row for row in selectors.mentees_for(mentor)}

    summary = {
        name: (row.assessment.current.order, row.assessment.readiness, row.last_activity is None)
        for name, row in rows.items()
    }
    assert summary == {
        "ada Ames": (2, 33, False),
        "Ben Bright": (1, 66, True),
        "Cy Cole": (1, 33, False),
    }


def test_only_accepted_mentees_are_listed(small_ladder, mentor):
    mentee(mentor, "Accepted Anna")
    for status in (Status.PENDING, Status.DECLINED, Status.ENDED, Status.CANCELLED):
        MentorshipFactory(mentor=mentor, status=status)
    MentorshipFactory(status=Status.ACCEPTED)  # somebody else's mentee

    assert [row.name for row in selectors.mentees_for(mentor)] == ["Accepted Anna"]


def test_a_mentee_without_a_display_name_is_listed_by_email(small_ladder, mentor):
    mentorship = mentee(mentor, name="")

    [row] = selectors.mentees_for(mentor)

    assert row.name == mentorship.learner.email


def test_mentoring_page_shows_the_mentees_sorted_with_the_sort_marked(three_mentees, mentor_client):
    response = mentor_client.get(reverse("mentoring:home"), {"sort": "readiness"})

    mentees = section(parse(response), "mentees-heading")
    assert mentees.find("strong", **{"aria-current": "true"}).text == "Readiness"
    names = [row.find("a").text for row in mentees.find("tbody").find_all("tr")]
    assert names == ["Ben Bright", "ada Ames", "Cy Cole"]
    readiness = [bar.attrs["aria-valuenow"] for bar in mentees.find_all(role="progressbar")]
    assert readiness == ["66", "33", "33"]


# Query counts


def busy_mentee(mentor, skills, name):
    """A mentee with ratings, rating history, experience and projects."""
    mentorship = mentee(mentor, name, [(skill, 2) for skill in skills])
    learner = mentorship.learner
    SkillRatingChangeFactory(user=learner, skill=skills[0])
    ExperienceFactory(user=learner)
    ExperienceFactory(user=learner, start_month=date(2022, 1, 1), end_month=None)
    ProjectFactory(user=learner)
    return mentorship


@pytest.mark.parametrize("mentees", [1, 200])
def test_mentoring_page_queries_do_not_grow_with_mentees(ladder, mentor, mentor_client, mentees):
    skills = list(Skill.objects.all()[:3])
    with committed():
        for index in range(mentees):
            busy_mentee(mentor, skills, name="" if index % 2 == 0 else f"Learner {index}")
        NotificationFactory.create_batch(3, user=mentor)
    mentor_client.get(reverse("mentoring:home"))  # keeps every mentee's assessment

    with assert_max_queries(HOME_QUERIES):
        response = mentor_client.get(reverse("mentoring:home"), {"sort": "level"})

    assert len(section(parse(response), "mentees-heading").find("tbody").find_all("tr")) == mentees


def fill_mentee(mentorship, *, count):
    """Give the mentee `count` of everything the mentee page lists; return their projects."""
    learner = mentorship.learner
    skills = list(Skill.objects.select_related("level")[:count])
    projects = []
    for skill in skills:
        SkillRatingFactory(user=learner, skill=skill, proficiency=Proficiency.PRACTICING)
        SkillRatingChangeFactory(user=learner, skill=skill, new_proficiency=2)
        ExperienceFactory(user=learner)
        NotificationFactory(user=learner)
        template = skill.level.project_templates.first()
        projects.append(ProjectFactory(user=learner, template=template, skills=skills[:2]))
        EvidenceFactory(user=learner, skill=skill)
        EvidenceFactory(user=learner, skill=None, project=projects[-1])
    return skills, projects


def review(mentorship, skills, projects):
    """The mentor endorses every skill, signs off every project and comments on each."""
    for skill in skills:
        EndorsementFactory(mentorship=mentorship, skill=skill, proficiency=Proficiency.LEARNING)
        FeedbackFactory(mentorship=mentorship, skill=skill)
    for project in projects:
        SignOffFactory(mentorship=mentorship, project=project)
        FeedbackFactory(mentorship=mentorship, project=project)


@pytest.mark.parametrize("count", [1, 20])
def test_mentee_page_queries_do_not_grow_with_the_mentees_data(
    ladder, mentorship, mentor_client, count
):
    with committed():
        skills, projects = fill_mentee(mentorship, count=count)
        review(mentorship, skills, projects)
        # another mentor reviews the same learner; only this mentor's marks are shown
        other = MentorshipFactory(learner=mentorship.learner, status=Status.ACCEPTED)
        review(other, skills, projects)

    with assert_max_queries(MENTEE_PAGE_QUERIES):
        response = mentor_client.get(reverse("mentoring:mentee", args=[mentorship.pk]))

    page = parse(response).find("main")
    assert section(page, "projects-heading").text.count("Signed off by you") == count
    assert section(page, "skills-heading").text.count("Changed since your review") == count


def test_mentees_stay_listed_unassessed_while_the_ladder_has_no_levels(mentor):
    mentee(mentor, "Ben Bright")
    mentee(mentor, "ada Ames")
    client = client_for(mentor)

    rows = selectors.mentees_for(mentor)
    response = client.get(reverse("mentoring:home"))

    assert [(row.name, row.assessment) for row in rows] == [
        ("ada Ames", None),
        ("Ben Bright", None),
    ]
    text = section(parse(response), "mentees-heading").text
    assert "Ben Bright" in text
    assert "Not assessed: the ladder has no levels yet" in text
