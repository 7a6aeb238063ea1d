"""SQL per page for the signed-in pages, at any number of people (issue 8's targets).

Counted with tests.queries, so the SAVEPOINT / RELEASE SAVEPOINT pair that ATOMIC_REQUESTS
adds inside a test's transaction is left out; the session and user lookups are counted.
The ladder snapshot is built before counting: it is built once per content version, not
per request.
"""

from datetime import date

import pytest
from django.urls import reverse

from ladder.models import Proficiency, Skill
from ladder.services import content_retire
from ladder.snapshot import ladder_snapshot
from mentoring.models import Status
from mentoring.selectors import mentees_for
from profiles import summaries
from profiles.services import skill_rating_set
from tests.mentoring.factories import EndorsementFactory, MentorshipFactory
from tests.mentoring.support import client_for
from tests.profiles.factories import (
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingChangeFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.queries import assert_max_queries, committed

DASHBOARD_LIMIT = 8
MENTEE_PAGE_LIMIT = 10
MENTOR_LIST_LIMIT = 8


@pytest.fixture
def shipped_ladder(ladder):
    ladder_snapshot()


def active_person(skills, **profile):
    """A learner with a profile, experience, ratings, their history and a project."""
    person = VerifiedUserFactory()
    ProfileFactory(user=person, **profile)
    ExperienceFactory(user=person)
    for skill in skills:
        SkillRatingFactory(user=person, skill=skill, proficiency=Proficiency.PRACTICING)
        SkillRatingChangeFactory(user=person, skill=skill, new_proficiency=2)
    ProjectFactory(user=person, skills=skills[:2])
    return person


def mentor_with(mentees: int):
    mentor = VerifiedUserFactory()
    ProfileFactory(user=mentor, display_name="Grace Mentor")
    skills = list(Skill.objects.all()[:4])
    for _ in range(mentees):
        MentorshipFactory(learner=active_person(skills), mentor=mentor, status=Status.ACCEPTED)
    return mentor


def test_the_dashboard_stays_within_its_query_limit(shipped_ladder):
    person = active_person(list(Skill.objects.all()[:6]))
    client = client_for(person)
    with assert_max_queries(DASHBOARD_LIMIT, info="/dashboard/"):
        assert client.get(reverse("profiles:dashboard")).status_code == 200


def test_a_public_profile_stays_within_the_dashboards_query_limit(shipped_ladder, client):
    person = active_person(list(Skill.objects.all()[:6]), visibility="public")
    with assert_max_queries(DASHBOARD_LIMIT, info="public profile"):
        assert client.get(person.profile.get_public_url()).status_code == 200


def test_the_mentee_page_stays_within_its_query_limit(shipped_ladder):
    mentor = mentor_with(1)
    mentorship = mentor.mentorships_as_mentor.get()
    skill = Skill.objects.first()
    EndorsementFactory(mentorship=mentorship, skill=skill, proficiency=Proficiency.PRACTICING)
    client = client_for(mentor)
    with assert_max_queries(MENTEE_PAGE_LIMIT, info="mentee page"):
        response = client.get(reverse("mentoring:mentee", args=[mentorship.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("mentees", [1, 200])
def test_the_mentor_list_stays_within_its_query_limit_for_any_number_of_mentees(
    shipped_ladder, mentees
):
    with committed():
        mentor = mentor_with(mentees)
    client = client_for(mentor)
    client.get(reverse("mentoring:home"))  # the first visit keeps each mentee's assessment
    with assert_max_queries(MENTOR_LIST_LIMIT, info=f"/mentoring/ with {mentees} mentees"):
        response = client.get(reverse("mentoring:home"))
    assert response.status_code == 200


@pytest.fixture
def counted_assessments(monkeypatch):
    """Count the people whose assessment is computed (not taken from the cache)."""
    computed = []
    original = summaries.person_assessment

    def counting(ladder, **kwargs):
        computed.append(kwargs)
        return original(ladder, **kwargs)

    monkeypatch.setattr(summaries, "person_assessment", counting)
    return computed


def test_the_mentor_list_recomputes_only_the_mentee_whose_data_changed(
    shipped_ladder, counted_assessments
):
    with committed():
        mentor = mentor_with(3)
    client = client_for(mentor)
    client.get(reverse("mentoring:home"))
    assert len(counted_assessments) == 3

    client.get(reverse("mentoring:home"))
    assert len(counted_assessments) == 3

    learner = mentor.mentorships_as_mentor.first().learner
    with committed():
        skill_rating_set(user=learner, skill=Skill.objects.last(), proficiency=Proficiency.EXPERT)
    client.get(reverse("mentoring:home"))
    assert len(counted_assessments) == 4


def test_a_ladder_change_recomputes_every_mentee_on_the_list(shipped_ladder, counted_assessments):
    with committed():
        mentor = mentor_with(2)
    client = client_for(mentor)
    client.get(reverse("mentoring:home"))
    with committed():
        content_retire(objects=[Skill.objects.first()])
    client.get(reverse("mentoring:home"))
    assert len(counted_assessments) == 4


def test_a_rating_saved_in_the_same_transaction_is_assessed_at_once(
    shipped_ladder, counted_assessments
):
    with committed():
        mentor = mentor_with(1)
    learner = mentor.mentorships_as_mentor.get().learner
    before = mentees_for(mentor)[0].assessment
    for requirement in ladder_snapshot().levels[1].requirements:
        skill_rating_set(
            user=learner, skill=Skill.objects.get(pk=requirement.skill_id), proficiency=4
        )
    ExperienceFactory(user=learner, start_month=date(2015, 1, 1), end_month=None)
    after = mentees_for(mentor)[0].assessment
    assert after.current.order > before.current.order


PUBLIC_PAGE_LIMIT = 4


@pytest.mark.parametrize("name", ["ladder:levels", "ladder:level", "ladder:skill"])
def test_public_pages_that_know_you_stay_within_their_limit_signed_in(shipped_ladder, name):
    person = active_person(list(Skill.objects.all()[:6]))
    url = {
        "ladder:levels": reverse("ladder:levels"),
        "ladder:level": ladder_snapshot().levels[1].get_absolute_url(),
        "ladder:skill": Skill.objects.first().get_absolute_url(),
    }[name]
    client = client_for(person)
    with assert_max_queries(PUBLIC_PAGE_LIMIT, info=f"{name} signed in"):
        response = client.get(url)
    assert response.status_code == 200
    assert (
        b"You are here" in response.content
        or b"Your rating" in response.content
        or (b"You meet this" in response.content)
    )


# Credentials: verifying one costs no more than a public page (one query when the copy for
# signed-out visitors is kept; within PUBLIC_PAGE_LIMIT otherwise and signed in).


@pytest.fixture
def issued(db):
    from tests.credentials.factories import CredentialFactory

    return CredentialFactory()


def test_a_credentials_verification_page_costs_what_a_public_page_costs(issued, client):
    url = issued.get_absolute_url()
    with assert_max_queries(PUBLIC_PAGE_LIMIT, info="credential page, first visit"):
        assert client.get(url).status_code == 200
    with assert_max_queries(1, info="credential page, kept"):
        assert client.get(url).status_code == 200
    holder = client_for(issued.holder)
    with assert_max_queries(PUBLIC_PAGE_LIMIT, info="credential page signed in"):
        assert holder.get(url).status_code == 200


@pytest.mark.parametrize("name", ["credentials:status", "credentials:did"])
def test_the_keys_and_the_status_list_cost_at_most_one_query_once_built(issued, client, name):
    url = reverse(name, args=[1]) if name == "credentials:status" else reverse(name)
    client.get(url)
    with assert_max_queries(1, info=name):
        assert client.get(url).status_code == 200


def test_the_list_of_ones_credentials_stays_within_its_limit(issued):
    from tests.credentials.factories import CredentialFactory

    CredentialFactory.create_batch(5, holder=issued.holder)
    holder = client_for(issued.holder)
    with assert_max_queries(3, info="/credentials/"):
        assert holder.get(reverse("credentials:list")).status_code == 200
