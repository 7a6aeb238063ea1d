"""Rate limits per address see each client behind our proxies, and only through them.

allauth keys its per-address limits on the client address: the connecting one, or with
ALLAUTH_TRUSTED_PROXY_COUNT = n the n-th address from the right of X-Forwarded-For (the
one our outermost proxy appended). With 0 (the default) the header is ignored.
"""

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from django.test import override_settings
from django.urls import reverse

from tests.ladder.pages import page_text
from tests.settings_modules import fresh_settings

pytestmark = pytest.mark.django_db

TOO_MANY_ATTEMPTS = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
FAILED_LOGINS_PER_ADDRESS = 10  # allauth's "login_failed" limit: 10 a minute per address
LOGIN = reverse("account_login")


def _failed_login(client, n, forwarded_for):
    """A wrong password for a different account each time, so only the address counts."""
    return client.post(
        LOGIN,
        {"login": f"nobody{n}@example.com", "password": "wrong"},
        headers={"x-forwarded-for": forwarded_for},
    )


def _use_up_the_limit(client, forwarded_for):
    for n in range(FAILED_LOGINS_PER_ADDRESS):
        assert TOO_MANY_ATTEMPTS not in page_text(_failed_login(client, n, forwarded_for))


def _refused(client, forwarded_for):
    return TOO_MANY_ATTEMPTS in page_text(_failed_login(client, 99, forwarded_for))


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_two_clients_have_separate_buckets(client):
    _use_up_the_limit(client, "203.0.113.1")

    assert _refused(client, "203.0.113.1")
    assert not _refused(client, "203.0.113.2")


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_a_client_cannot_escape_by_adding_addresses_of_its_own(client):
    _use_up_the_limit(client, "203.0.113.1")

    # the proxy appends the real address after whatever the client sent
    assert _refused(client, "198.51.100.7, 203.0.113.1")


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_with_no_trusted_proxy_a_spoofed_header_does_not_escape_the_limit(client):
    _use_up_the_limit(client, "203.0.113.1")

    assert _refused(client, "203.0.113.2")
    assert _refused(client, "198.51.100.7")


@pytest.mark.parametrize(("value", "expected"), [(None, 0), ("2", 2)])
def test_the_trusted_proxy_count_comes_from_the_environment(monkeypatch, value, expected):
    monkeypatch.delenv("ALLAUTH_TRUSTED_PROXY_COUNT", raising=False)
    if value is not None:
        monkeypatch.setenv("ALLAUTH_TRUSTED_PROXY_COUNT", value)

    assert fresh_settings("base").ALLAUTH_TRUSTED_PROXY_COUNT == expected
