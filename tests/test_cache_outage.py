"""After a Redis outage, nothing is stale: the data versions that key every cached part live in
the database, so a write made while Redis was down is seen as soon as it comes back, by
every page that stored a copy before the outage.

These tests use the local Redis (as production does), under their own key prefix, and stage
the outage by pointing the cache at a closed port, never by stopping the shared server."""

import os
import uuid

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from careerpath import cache as resilient_cache
from ladder.models import Level
from mentoring.models import Status
from profiles.services import project_delete
from tests.ladder.pages import page_text
from tests.mentoring.factories import MentorshipFactory
from tests.profiles.factories import ProfileFactory, ProjectFactory, VerifiedUserFactory
from tests.queries import committed
from tests.test_rendered_parts import _rename, browser_for

REDIS_URL = os.environ.get("CACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
CLOSED_PORT = "redis://127.0.0.1:1/6"  # nothing listens on port 1


def redis_at(location, prefix):
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "careerpath.cache.ResilientRedisCache",
                "LOCATION": location,
                "KEY_PREFIX": prefix,
            }
        }
    )


@pytest.fixture
def redis(monkeypatch):
    """Return (up, down): the local Redis under a key prefix of this test's own, and the
    same cache pointed at a closed port. Starts up."""
    prefix = f"outage-{uuid.uuid4()}"
    monkeypatch.setattr(resilient_cache, "_down_until", {})
    with redis_at(REDIS_URL, prefix):
        yield (
            lambda: redis_at(REDIS_URL, prefix),
            lambda: redis_at(CLOSED_PORT, prefix),
        )


@pytest.fixture
def mentored(ladder, redis):
    with committed():
        learner, mentor = VerifiedUserFactory(), VerifiedUserFactory()
        ProfileFactory(user=learner, display_name="Ada Learner")
        ProfileFactory(user=mentor, display_name="Grace Mentor")
        mentorship = MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)
        ProjectFactory(user=learner, title="Churn model")
    return learner, mentor, mentorship


def test_a_rename_and_a_deleted_project_during_an_outage_show_everywhere_once_it_ends(
    mentored, redis, monkeypatch
):
    up, down = redis
    learner, mentor, mentorship = mentored
    as_learner, as_mentor = browser_for(learner), browser_for(mentor)
    pages = {
        "dashboard": (as_learner, reverse("profiles:dashboard")),
        "my skills": (as_learner, reverse("profiles:skills")),
        "projects": (as_learner, reverse("profiles:projects")),
        "mentor's list": (as_mentor, reverse("mentoring:home")),
        "mentee page": (as_mentor, reverse("mentoring:mentee", args=[mentorship.pk])),
    }
    for client, url in pages.values():  # every part is stored
        assert client.get(url).status_code == 200
    assert "Churn model" in page_text(as_mentor.get(pages["mentee page"][1]))

    with down():
        with committed():
            _rename(learner, "Ada Lovelace")
            project_delete(project=learner.projects.get())
        assert "Ada Lovelace" in page_text(as_learner.get(reverse("profiles:dashboard")))

    monkeypatch.setattr(resilient_cache, "_down_until", {})  # Redis is back
    with up():
        shown = {name: page_text(client.get(url)) for name, (client, url) in pages.items()}
    assert "Hello, Ada Lovelace" in shown["dashboard"]
    assert "Ada Lovelace" in shown["mentor's list"]
    assert "Ada Lovelace" in shown["mentee page"]
    for name in ("dashboard", "mentee page"):
        assert "Churn model" not in shown[name], name
    assert "Ada Learner" not in shown["mentor's list"]
    assert "Ada Learner" not in shown["mentee page"]


def test_a_ladder_edit_during_an_outage_shows_on_the_public_pages_once_it_ends(
    ladder, redis, client, monkeypatch
):
    up, down = redis
    level = Level.objects.main().get(order=2)
    url = level.get_absolute_url()
    assert level.title in page_text(client.get(url))  # stored
    with down(), committed():
        level.title = "Machine Learning Engineer II"
        level.save()
    monkeypatch.setattr(resilient_cache, "_down_until", {})
    with up():
        assert "Machine Learning Engineer II" in page_text(client.get(url))


def test_a_log_out_made_while_redis_is_down_stays_made_once_it_is_back(ladder, redis, monkeypatch):
    up, down = redis
    person = VerifiedUserFactory()
    browser = browser_for(person)
    assert browser.get(reverse("profiles:dashboard")).status_code == 200
    stolen = browser.cookies[settings.SESSION_COOKIE_NAME].value
    with down():
        browser.post(reverse("account_logout"))
    monkeypatch.setattr(resilient_cache, "_down_until", {})
    with up():
        thief = Client()
        thief.cookies[settings.SESSION_COOKIE_NAME] = stolen
        answer = thief.get(reverse("profiles:dashboard"))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("account_login"))
