"""Public pages for a signed-in person, mentors' landing page, and what crawlers get."""

import pytest
from django.urls import reverse

from ladder.models import Level, Proficiency, Skill
from mentoring.models import Status
from profiles.assessment import NOT_RATED
from profiles.services import profile_target_set, skill_rating_set
from tests.mentoring.factories import MentorshipFactory
from tests.profiles.factories import ProfileFactory, VerifiedUserFactory
from tests.profiles.html import parse


def test_the_ladder_marks_your_level_and_only_when_signed_in(ladder, client, user):
    assert "You are here" not in client.get(reverse("ladder:levels")).content.decode()

    client.force_login(user)
    cards = parse(client.get(reverse("ladder:levels"))).find_all("article")

    marked = [card.text for card in cards if "You are here" in card.text]
    assert len(marked) == 1
    assert Level.objects.main().get(order=1).title in marked[0]


def test_the_ladder_and_a_level_page_mark_the_target_you_chose(ladder, client, user):
    senior = Level.objects.main().get(order=3)
    research = Level.objects.exclude(pk__in=Level.objects.main()).first()
    profile_target_set(user=user, target=senior)
    client.force_login(user)

    cards = parse(client.get(reverse("ladder:levels"))).find_all("article")
    marked = [card.text for card in cards if "Your target" in card.text]
    assert len(marked) == 1
    assert senior.title in marked[0]

    profile_target_set(user=user, target=research)
    assert "Your target" in parse(client.get(research.get_absolute_url())).text
    assert "Your target" not in parse(client.get(senior.get_absolute_url())).text


def test_a_level_page_ticks_the_requirements_you_meet(ladder, client, user):
    skill_rating_set(user=user, skill=Skill.objects.get(slug="python"), proficiency=4)
    client.force_login(user)

    text = parse(client.get(Level.objects.main().get(order=2).get_absolute_url())).text

    assert "You meet this: Python at Proficient or above (you: Expert)" in text
    assert f"Not met yet: Scikit-learn at Proficient or above (you: {NOT_RATED})" in text


def test_a_skill_page_shows_your_rating_and_links_to_change_it(ladder, client, user):
    python = Skill.objects.get(slug="python")
    skill_rating_set(user=user, skill=python, proficiency=Proficiency.PRACTICING)
    client.force_login(user)

    box = parse(client.get(python.get_absolute_url())).find(id="your-rating")

    assert "Your rating: Practicing" in box.text
    assert box.find("a").attrs["href"] == "/profile/skills/#skill-python"


@pytest.mark.parametrize(
    ("status", "lands_on"), [(Status.ACCEPTED, "/mentoring/"), (Status.ENDED, "/dashboard/")]
)
def test_a_mentor_with_mentees_lands_on_the_mentoring_page(client, db, status, lands_on):
    mentor = VerifiedUserFactory(password="a-Long-passw0rd-here")
    MentorshipFactory(mentor=mentor, status=status)

    response = client.post(
        reverse("account_login"), {"login": mentor.email, "password": "a-Long-passw0rd-here"}
    )

    assert response["Location"] == lands_on


def test_the_sitemap_lists_public_pages_and_only_public_profiles(ladder, client):
    shared = ProfileFactory(visibility="public")
    private = ProfileFactory()

    body = client.get(reverse("sitemap")).content.decode()

    assert "/ladder/senior-ml-engineer/" in body
    assert "/skills/python/" in body
    assert "/faq/" in body
    assert shared.get_public_url() in body
    assert private.get_public_url() not in body


def test_robots_txt_points_at_the_sitemap_and_favicon_ico_answers(client, db):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert client.get("/favicon.ico")["Location"].endswith("favicon.svg")
