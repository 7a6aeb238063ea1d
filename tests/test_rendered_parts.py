"""Pages served from their cached rendering (careerpath/fragments.py) stay true: a change
to what they show is on the next request, nobody gets another person's part, and nothing
that hands out a CSRF token or a flash message is stored."""

import re
import time
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from careerpath.fragments import public_page
from ladder.models import Level, Proficiency, Skill
from ladder.snapshot import ladder_snapshot
from mentoring import selectors as mentoring_selectors
from mentoring.models import Mentorship, Status
from mentoring.selectors import mentoring_home_for
from mentoring.services import (
    endorsement_give,
    feedback_add,
    invitation_create,
    mentorship_transition,
    mentorships_expire,
    notifications_mark_read,
)
from mentoring.templatetags.mentoring_tags import days_ago
from profiles.models import Profile
from profiles.services import (
    experience_update,
    profile_target_set,
    profile_update,
    skill_rating_set,
)
from tests.dates import months_ago
from tests.ladder.pages import page_text
from tests.mentoring.factories import MentorshipFactory, NotificationFactory
from tests.mentoring.support import client_for
from tests.profiles.factories import ExperienceFactory, ProfileFactory, VerifiedUserFactory
from tests.profiles.test_skills import SKILLS, fill, submitted
from tests.queries import assert_max_queries, committed

USER_ONLY = 1  # the session with its account, profile and the ladder's version


@pytest.fixture
def shipped(ladder):
    return ladder_snapshot()


def test_a_signed_out_page_is_served_reading_only_the_ladder_version_until_it_changes(
    shipped,
):
    level = Level.objects.main().get(order=2)
    url = level.get_absolute_url()
    visitor = Client()
    assert level.title in visitor.get(url).text
    with assert_max_queries(1):  # the ladder content's version, from its row
        assert level.title in visitor.get(url).text

    with committed():
        level.title = "Machine Learning Engineer II"
        level.save()
    assert "Machine Learning Engineer II" in Client().get(url).text


def test_a_signed_in_visitor_never_gets_the_signed_out_copy(shipped, user):
    url = reverse("ladder:levels")
    assert "Log out" not in Client().get(url).text
    assert "Log out" in client_for(user).get(url).text


def test_a_flash_message_is_neither_stored_with_a_page_nor_hidden_by_one(shipped, user, client):
    home = reverse("ladder:home")
    client.get(home)  # stored without a message
    client.force_login(user)
    landed = client.post(reverse("account_logout"), follow=True)
    assert landed.request["PATH_INFO"] == home
    assert "You have signed out." in landed.text
    assert "You have signed out." not in client.get(home).text
    assert "You have signed out." not in Client().get(home).text


def _request():
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_page_that_handed_out_a_csrf_token_is_rendered_for_each_visitor(shipped):
    tokens = []

    @public_page(lambda: 1)
    def form_page(request):
        tokens.append(get_token(request))
        return HttpResponse(tokens[-1])

    first, second = form_page(_request()), form_page(_request())
    assert len(tokens) == 2
    assert first.content != second.content


def test_a_page_without_a_token_is_rendered_once_per_version(shipped):
    calls = []
    version = [1]

    @public_page(lambda: version[0])
    def plain_page(request):
        calls.append(1)
        return HttpResponse(f"content {len(calls)}")

    assert plain_page(_request()).content == b"content 1"
    assert plain_page(_request()).content == b"content 1"
    version[0] = 2
    assert plain_page(_request()).content == b"content 2"
    assert len(calls) == 2


def browser_for(user):
    """A signed-in browser: like every real one after the log-in page, it holds a CSRF
    cookie (parts holding a form are stored per CSRF secret; none is stored without one)."""
    client = client_for(user)
    client.get(reverse("ladder:home"))
    assert client.cookies.get(settings.CSRF_COOKIE_NAME)
    return client


@pytest.fixture
def learner(shipped):
    with committed():
        person = VerifiedUserFactory()
        ProfileFactory(user=person, display_name="Ada Learner")
    return person


@pytest.mark.parametrize(
    ("url", "shown"),
    [("profiles:dashboard", "Ada Learner"), ("profiles:skills", "Save all ratings")],
)
def test_a_second_visit_to_the_dashboard_or_my_skills_reads_only_the_user(learner, url, shown):
    client = browser_for(learner)
    client.get(reverse(url))
    with assert_max_queries(USER_ONLY):
        page = client.get(reverse(url))
    assert shown in page.text


def test_a_new_rating_shows_on_the_next_dashboard_visit(learner):
    client = browser_for(learner)
    level_2 = ladder_snapshot().levels[1]
    assert (
        f"Level 2 of {len(ladder_snapshot().levels)}"
        not in client.get(reverse("profiles:dashboard")).text
    )
    with committed():
        ExperienceFactory(user=learner, start_month=date(2015, 1, 1), end_month=None)
        for requirement in level_2.requirements:
            skill_rating_set(
                user=learner,
                skill=Skill.objects.get(pk=requirement.skill_id),
                proficiency=Proficiency.EXPERT,
            )
    assert (
        f"Level 2 of {len(ladder_snapshot().levels)}"
        in client.get(reverse("profiles:dashboard")).text
    )


def test_a_mentors_notification_shows_and_goes_once_read(learner):
    client = browser_for(learner)
    client.get(reverse("profiles:dashboard"))
    with committed():
        NotificationFactory(user=learner, detail="Look at your feature pipeline")
    assert "Look at your feature pipeline" in client.get(reverse("profiles:dashboard")).text
    with committed():
        notifications_mark_read(learner)
    assert "Look at your feature pipeline" not in client.get(reverse("profiles:dashboard")).text


def test_each_person_gets_their_own_dashboard(learner):
    with committed():
        other = VerifiedUserFactory()
        ProfileFactory(user=other, display_name="Grace Other")
    browser_for(learner).get(reverse("profiles:dashboard"))
    page = browser_for(other).get(reverse("profiles:dashboard")).text
    assert "Grace Other" in page
    assert "Ada Learner" not in page


@pytest.fixture
def mentor_of_two(shipped):
    with committed():
        mentor = VerifiedUserFactory()
        ProfileFactory(user=mentor, display_name="Grace Mentor")
        for name in ("Ada Mentee", "Alan Mentee"):
            learner = VerifiedUserFactory()
            ProfileFactory(user=learner, display_name=name)
            MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)
    return mentor


def test_an_unchanged_list_of_mentees_is_served_without_assessing_anyone(
    mentor_of_two, monkeypatch
):
    client = browser_for(mentor_of_two)
    assert "Alan Mentee" in client.get(reverse("mentoring:home")).text

    def no_assessing(*args, **kwargs):
        raise AssertionError("a mentee was assessed again")

    monkeypatch.setattr(mentoring_selectors, "summaries_for", no_assessing)
    page = client.get(reverse("mentoring:home")).text
    assert "Ada Mentee" in page
    assert "Alan Mentee" in page


def test_the_list_of_mentees_follows_their_writes_and_the_mentorships(mentor_of_two):
    client = browser_for(mentor_of_two)
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee")
    assert "Level 2 ·" not in client.get(reverse("mentoring:home")).text
    with committed():
        ExperienceFactory(user=ada.learner, start_month=date(2015, 1, 1), end_month=None)
        for requirement in ladder_snapshot().levels[1].requirements:
            skill_rating_set(
                user=ada.learner,
                skill=Skill.objects.get(pk=requirement.skill_id),
                proficiency=Proficiency.EXPERT,
            )
    page = client.get(reverse("mentoring:home")).text
    assert f"2 · {ladder_snapshot().levels[1].title}" in page
    assert "today" in page  # Ada's last activity

    with committed():
        mentorship_transition(mentorship=ada, action="end", user=mentor_of_two)
        newcomer = VerifiedUserFactory()
        ProfileFactory(user=newcomer, display_name="Hedy Newcomer")
        MentorshipFactory(learner=newcomer, mentor=mentor_of_two, status=Status.ACCEPTED)
    page = client.get(reverse("mentoring:home")).text
    assert "Hedy Newcomer" in page
    assert "mentoring Ada Mentee" not in page  # her row (and its End button) is gone


@pytest.mark.parametrize(
    ("days", "wording"), [(0, "today"), (1, "yesterday"), (2, "2 days ago"), (40, "40 days ago")]
)
def test_last_activity_is_worded_by_the_day(days, wording):
    assert days_ago(timezone.now() - timedelta(days=days)) == wording


def _rename(person, display_name):
    """Save the person's profile form with a new display name."""
    profile = person.profile
    profile_update(
        profile=profile,
        version=profile.version,
        display_name=display_name,
        headline="",
        weekly_hours=6,
        github_url="",
        kaggle_url="",
        website_url="",
        visibility=profile.visibility,
    )


def test_a_profile_edit_shows_on_the_next_dashboard_visit(learner):
    client = browser_for(learner)
    client.get(reverse("profiles:dashboard"))
    with committed():
        _rename(learner, "Ada Lovelace")
    assert "Hello, Ada Lovelace" in client.get(reverse("profiles:dashboard")).text


def test_a_new_target_shows_on_the_next_dashboard_visit(learner):
    client = browser_for(learner)
    research = Level.objects.exclude(track__slug=ladder_snapshot().main_track.slug).first()
    assert f"Your target: {research.title}" not in page_text(
        client.get(reverse("profiles:dashboard"))
    )
    with committed():
        profile_target_set(user=learner, target=research)
    assert f"Your target: {research.title}" in page_text(client.get(reverse("profiles:dashboard")))


def test_an_edited_role_reassesses_the_mentee_on_the_mentors_list(mentor_of_two):
    client = browser_for(mentor_of_two)
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee").learner
    with committed():
        for requirement in ladder_snapshot().levels[1].requirements:
            skill_rating_set(
                user=ada,
                skill=Skill.objects.get(pk=requirement.skill_id),
                proficiency=Proficiency.EXPERT,
            )
        role = ExperienceFactory(user=ada, start_month=months_ago(6), end_month=None)
    level_2 = f"2 · {ladder_snapshot().levels[1].title}"
    assert level_2 not in client.get(reverse("mentoring:home")).text  # under the years
    with committed():
        experience_update(
            experience=role,
            version=role.version,
            role_title=role.role_title,
            organisation=role.organisation,
            start_month=date(2015, 1, 1),
            end_month=None,
            is_ml_work=True,
        )
    assert level_2 in client.get(reverse("mentoring:home")).text


# The mentoring page: the person's own relationships (notifications, invitations, mentors,
# feedback, history) and the table of mentees are each a cached part.


def _warm(*clients):
    """Visit /mentoring/ as each client, so their parts are stored."""
    for client in clients:
        client.get(reverse("mentoring:home"))


def test_a_second_visit_to_the_mentoring_page_reads_the_user_and_the_mentees(mentor_of_two):
    client = browser_for(mentor_of_two)
    _warm(client)
    with assert_max_queries(USER_ONLY + 1):  # + the accepted mentorships, for the table's key
        page = client.get(reverse("mentoring:home")).text
    assert "Ada Mentee" in page
    assert "You have no mentor yet" in page


def test_an_invitation_and_its_answer_show_on_both_pages_at_once(learner):
    with committed():
        mentor = VerifiedUserFactory()
        ProfileFactory(user=mentor, display_name="Grace Mentor")
    as_learner, as_mentor = browser_for(learner), browser_for(mentor)
    _warm(as_learner, as_mentor)

    with committed():
        invitation = invitation_create(learner=learner, email=mentor.email)
    assert "Invitation pending" in as_learner.get(reverse("mentoring:home")).text
    received = page_text(as_mentor.get(reverse("mentoring:home")))
    assert "Ada Learner asks you to be their mentor" in received

    with committed():
        mentorship_transition(mentorship=invitation, action="accept", user=mentor)
    assert "Can see your profile" in as_learner.get(reverse("mentoring:home")).text
    answered = as_mentor.get(reverse("mentoring:home")).text
    assert "asks you to be their mentor" not in answered
    assert "Ada Learner" in answered  # now in the table of mentees


def test_feedback_shows_on_the_learners_mentoring_page_at_once(mentor_of_two):
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee")
    as_ada = browser_for(ada.learner)
    _warm(as_ada)
    with committed():
        feedback_add(mentorship=ada, mentor=mentor_of_two, body="Write up the baseline first.")
    page = as_ada.get(reverse("mentoring:home")).text
    assert "Write up the baseline first." in page
    assert "No feedback yet." not in page


def test_a_new_name_or_address_shows_on_the_other_sides_pages_at_once(mentor_of_two):
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee").learner
    as_ada, as_mentor = browser_for(ada), browser_for(mentor_of_two)
    _warm(as_ada, as_mentor)
    with committed():
        _rename(mentor_of_two, "Grace Hopper")
    assert "Grace Hopper" in as_ada.get(reverse("mentoring:home")).text

    with committed():  # the admin or allauth's e-mail page saves the account
        ada.profile.display_name = ""
        ada.profile.save()
        ada.email = "ada.renamed@example.org"
        ada.save()
    assert "ada.renamed@example.org" in as_mentor.get(reverse("mentoring:home")).text


def _data_version(person):
    return Profile.objects.get(user=person).data_version


def test_a_log_in_leaves_the_cached_parts_in_place(learner):
    before = _data_version(learner)
    with committed():
        learner.last_login = timezone.now()
        learner.save(update_fields=["last_login"])
    assert _data_version(learner) == before


def test_an_invitation_shows_as_expired_once_its_time_passes(learner):
    as_learner = browser_for(learner)
    with committed():
        MentorshipFactory(
            learner=learner,
            mentor=None,
            invitee_email="late@example.org",
            expires_at=timezone.now() + timedelta(seconds=2),
        )
    _warm(as_learner)
    assert "Invitation pending" in as_learner.get(reverse("mentoring:home")).text
    time.sleep(2.2)  # no task has run: the stored copy is kept only until the expiry
    page = page_text(as_learner.get(reverse("mentoring:home")))
    assert "Invitation pending" not in page
    assert "You invited late@example.org on" in page
    assert "Expired" in page


def test_the_expiry_task_refreshes_both_peoples_pages(learner):
    with committed():
        mentor = VerifiedUserFactory()
        due = MentorshipFactory(learner=learner, mentor=mentor)
    Mentorship.objects.filter(pk=due.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    before = {person: _data_version(person) for person in (learner, mentor)}
    with committed():
        assert mentorships_expire() == 1
    for person, version in before.items():
        assert _data_version(person) != version


@pytest.mark.parametrize(
    ("expires_in", "kept_for"),
    [(None, 24 * 60 * 60), (timedelta(minutes=90), 90 * 60), (timedelta(days=13), 13 * 86400)],
)
def test_the_relationships_part_is_kept_until_the_first_invitation_shown_expires(
    learner, expires_in, kept_for
):
    now = timezone.now()
    if expires_in:
        MentorshipFactory(learner=learner, expires_at=now + expires_in)
        MentorshipFactory(learner=learner, expires_at=now + expires_in + timedelta(hours=5))
    MentorshipFactory(learner=learner, status=Status.DECLINED)  # answered: no expiry
    assert mentoring_home_for(learner, now=now).fresh_for == kept_for


# *My skills*: the unfilled form is a cached part keyed like the dashboard's body.


def test_a_rating_and_a_mentors_endorsement_show_on_my_skills_at_once(mentor_of_two):
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee")
    client = browser_for(ada.learner)
    python = Skill.objects.get(slug="python")
    assert "Rated 0 of" in page_text(client.get(reverse("profiles:skills")))
    with committed():
        skill_rating_set(user=ada.learner, skill=python, proficiency=Proficiency.PROFICIENT)
    assert "Rated 1 of" in page_text(client.get(reverse("profiles:skills")))
    with committed():
        endorsement_give(mentorship=ada, mentor=mentor_of_two, skill=python)
    assert "Endorsed by Grace Mentor" in page_text(client.get(reverse("profiles:skills")))


def test_a_refused_save_of_my_skills_is_not_stored_for_the_next_visit(learner):
    client = browser_for(learner)
    data = fill(submitted(client.get(SKILLS)), "python", evidence_url="not a link")
    refused = client.post(SKILLS, data)
    assert "could not be saved" in page_text(refused)
    assert "could not be saved" not in page_text(client.get(SKILLS))


# The mentee page: a cached part per mentorship, keyed by the mentee's version.


def _mentee_url(mentorship):
    return reverse("mentoring:mentee", args=[mentorship.pk])


def test_a_second_visit_to_a_mentee_reads_the_user_and_the_mentorship(mentor_of_two):
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee")
    client = browser_for(mentor_of_two)
    _warm(client)
    client.get(_mentee_url(ada))
    with assert_max_queries(USER_ONLY + 1):  # + the mentorship: who may see the page
        page = client.get(_mentee_url(ada))
    assert "Ada Mentee" in page.text


def test_the_mentees_writes_and_the_mentors_feedback_show_at_once(mentor_of_two):
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee")
    client = browser_for(mentor_of_two)
    assert "Write up the baseline first." not in client.get(_mentee_url(ada)).text
    with committed():
        skill_rating_set(
            user=ada.learner, skill=Skill.objects.get(slug="python"), proficiency=Proficiency.EXPERT
        )
        feedback_add(mentorship=ada, mentor=mentor_of_two, body="Write up the baseline first.")
    page = page_text(client.get(_mentee_url(ada)))
    assert "Write up the baseline first." in page
    assert "Agree: Expert" in page  # a rating to review now


def test_two_mentors_of_one_mentee_each_see_their_own_page(mentor_of_two):
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee")
    with committed():
        other = VerifiedUserFactory()
        second = MentorshipFactory(learner=ada.learner, mentor=other, status=Status.ACCEPTED)
        feedback_add(mentorship=ada, mentor=mentor_of_two, body="Only for the first mentor.")
    assert "Only for the first mentor." in browser_for(mentor_of_two).get(_mentee_url(ada)).text
    assert "Only for the first mentor." not in browser_for(other).get(_mentee_url(second)).text


def test_an_ended_mentorship_closes_the_stored_page_at_once(mentor_of_two):
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee")
    client = browser_for(mentor_of_two)
    assert client.get(_mentee_url(ada)).status_code == 200
    with committed():
        mentorship_transition(mentorship=ada, action="end", user=ada.learner)
    assert client.get(_mentee_url(ada)).status_code == 404


def test_refused_feedback_is_shown_again_but_not_stored(mentor_of_two):
    ada = Mentorship.objects.get(learner__profile__display_name="Ada Mentee")
    client = browser_for(mentor_of_two)
    client.get(_mentee_url(ada))
    refused = client.post(
        reverse("mentoring:feedback", args=[ada.pk]),
        {"body": "x" * 5000, "skill": "", "project": ""},
    )
    assert "x" * 5000 in refused.text  # what was typed is kept
    assert "x" * 5000 not in client.get(_mentee_url(ada)).text


def test_browsers_without_a_csrf_secret_each_get_their_own_rendering(learner):
    """A part holding a form's token is never stored before the browser has a secret: two
    browsers arriving without one (a new device each) can both send the form."""
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    tokens = []
    for browser in browsers:
        browser.force_login(learner)
        page = browser.get(reverse("mentoring:home")).text
        form = page[page.index(f'action="{reverse("mentoring:invite")}"') :]  # the cached part's
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1))
    for n, (browser, token) in enumerate(zip(browsers, tokens, strict=True)):
        sent = browser.post(
            reverse("mentoring:invite"),
            {"invitee_email": f"mentor{n}@example.org", "csrfmiddlewaretoken": token},
        )
        assert sent.status_code == 302
