"""With Redis unreachable every page still answers; rate-limited actions fail closed.

The cache holds copies (the ladder snapshot, summaries) and allauth's rate-limit counters.
These tests point the cache at a closed port, as production would see a Redis outage.
"""

import logging

import pytest
from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from careerpath import cache as resilient_cache
from careerpath.errors import RATE_LIMITS_PAUSED, RATE_LIMITS_UNAVAILABLE_STATUS
from mentoring.models import Status
from mentoring.views import INVITE_LIMIT_REACHED, INVITE_PAUSED
from tests.ladder.pages import page_text
from tests.mentoring.factories import MentorshipFactory
from tests.profiles.factories import PASSWORD, ProfileFactory, VerifiedUserFactory

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused
REDIS_DOWN = {
    "default": {"BACKEND": "careerpath.cache.ResilientRedisCache", "LOCATION": CLOSED_PORT}
}


@pytest.fixture(autouse=True)
def redis_down(monkeypatch):
    """The cache is an unreachable Redis; allauth gives up waiting for its lock quickly."""
    monkeypatch.setattr(resilient_cache, "_down_until", {})
    monkeypatch.setattr(ratelimit, "CACHE_LOCK_WAIT_TIMEOUT", 0.05)
    with override_settings(CACHES=REDIS_DOWN):
        yield


def test_reads_miss_and_writes_do_nothing_when_redis_is_unreachable(caplog):
    with caplog.at_level(logging.WARNING, logger="careerpath.cache"):
        cache.set("key", "value")
        assert cache.get("key", "default") == "default"
        assert cache.get_many(["key", "other"]) == {}
        assert cache.get_or_set("key", "computed") == "computed"
        assert cache.has_key("key") is False
        assert cache.add("lock", True) is False  # nobody gets a lock
        cache.delete("key")
        cache.set_many({"a": 1})
        cache.delete_many(["a"])
        with pytest.raises(ValueError):
            cache.incr("counter")
    assert cache.unavailable
    assert len(caplog.records) == 1  # one warning for the outage, not one per call


def test_the_backend_tries_redis_again_after_a_while(monkeypatch):
    cache.get("key")
    assert cache.unavailable

    monkeypatch.setattr(resilient_cache, "_down_until", {})

    assert not cache.unavailable


@pytest.mark.django_db
def test_public_pages_answer_while_redis_is_down(client, ladder):
    for path in ["/", "/ladder/", "/ladder/ml-engineer/", "/skills/", "/skills/python/", "/faq/"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_signed_in_pages_answer_while_redis_is_down(client, ladder):
    learner = VerifiedUserFactory()
    ProfileFactory(user=learner)
    mentor = VerifiedUserFactory()
    mentorship = MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)

    client.force_login(learner)
    for name in ["profiles:dashboard", "profiles:skills", "profiles:projects", "mentoring:home"]:
        assert client.get(reverse(name)).status_code == 200, name
    client.force_login(mentor)
    for url in [reverse("mentoring:home"), reverse("mentoring:mentee", args=[mentorship.pk])]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_readiness_reports_the_cache_down(client):
    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "cache": False}


@pytest.mark.django_db
def test_log_in_is_refused_with_a_clear_page_while_the_rate_limits_cannot_be_counted(client):
    user = VerifiedUserFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == RATE_LIMITS_UNAVAILABLE_STATUS
    assert RATE_LIMITS_PAUSED in page_text(response)
    assert "_auth_user_id" not in client.session  # fail closed: not even the right password


@pytest.mark.django_db
def test_password_guessing_gets_no_attempt_through_while_redis_is_down(client):
    user = VerifiedUserFactory()

    statuses = {
        client.post(
            reverse("account_login"), {"login": user.email, "password": f"guess-{n}"}
        ).status_code
        for n in range(10)
    }

    assert statuses == {RATE_LIMITS_UNAVAILABLE_STATUS}


@pytest.mark.django_db
def test_sign_up_is_refused_with_the_same_page_while_redis_is_down(client):
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "New",
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == RATE_LIMITS_UNAVAILABLE_STATUS
    assert RATE_LIMITS_PAUSED in page_text(response)


@pytest.mark.django_db
def test_an_invitation_says_it_is_paused_not_that_the_limit_is_reached_while_redis_is_down(
    client,
):
    learner = VerifiedUserFactory()
    client.force_login(learner)

    response = client.post(
        reverse("mentoring:invite"), {"invitee_email": "grace@example.org", "message": "Hi"}
    )

    assert response.status_code == 503
    assert INVITE_PAUSED in page_text(response)
    assert INVITE_LIMIT_REACHED not in page_text(response)
    assert 'value="grace@example.org"' in response.content.decode()  # the input is kept
    assert not learner.mentorships_as_learner.exists()


def test_a_signed_in_visitor_stays_signed_in_while_redis_is_down(user):
    """Sessions are cached_db: the cache copy is gone, the database still has them."""
    client = Client()
    client.force_login(user)
    page = client.get(reverse("profiles:dashboard"))
    assert page.status_code == 200
    assert "Log out" in page.text
