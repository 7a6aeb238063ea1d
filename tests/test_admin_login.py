"""The admin's log-in goes through the site's log-in page and shares its rate limits.

Django's admin form checks passwords without any limit: 30 wrong passwords for a
superuser, then the right one, used to log in. Now /admin/login/ sends visitors to the
site's log-in (allauth's secure_admin_login), which refuses an account after a few failed
attempts until a cool-off has passed.
"""

import time
import types

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.urls import reverse

from tests.ladder.pages import page_text
from tests.profiles.factories import PASSWORD, VerifiedUserFactory

pytestmark = pytest.mark.django_db

TOO_MANY_ATTEMPTS = DefaultAccountAdapter.error_messages["too_many_login_attempts"]
ADMIN_LOGIN = reverse("admin:login")
SITE_LOGIN = reverse("account_login")
COOL_OFF_SECONDS = 5 * 60  # allauth's default: 5 failed attempts per account in 5 minutes


@pytest.fixture
def superuser(db):
    return VerifiedUserFactory(username="root", is_staff=True, is_superuser=True)


def _signed_in(client):
    return "_auth_user_id" in client.session


def _later(monkeypatch, seconds):
    """Move the clock of allauth's rate limits `seconds` into the future."""
    clock = types.SimpleNamespace(
        time=lambda: time.time() + seconds, monotonic=time.monotonic, sleep=time.sleep
    )
    monkeypatch.setattr(ratelimit, "time", clock)


def test_the_admin_login_sends_visitors_to_the_site_login_and_back(client):
    response = client.get(ADMIN_LOGIN, {"next": reverse("admin:index")})

    assert response.status_code == 302
    assert response["Location"] == f"{SITE_LOGIN}?next=%2Fadmin%2F"


def test_thirty_wrong_passwords_at_the_admin_login_then_the_right_one_do_not_log_in(
    client, superuser
):
    for attempt in range(30):
        client.post(ADMIN_LOGIN, {"username": "root", "password": f"wrong-{attempt}"})

    response = client.post(ADMIN_LOGIN, {"username": "root", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(SITE_LOGIN)
    assert not _signed_in(client)


def test_after_too_many_wrong_passwords_the_right_one_is_refused_until_the_cool_off(
    client, superuser, monkeypatch
):
    for attempt in range(30):
        client.post(ADMIN_LOGIN, {"username": "root", "password": f"wrong-{attempt}"})
    for attempt in range(5):
        client.post(SITE_LOGIN, {"login": superuser.email, "password": f"wrong-{attempt}"})

    response = client.post(SITE_LOGIN, {"login": superuser.email, "password": PASSWORD})

    assert str(TOO_MANY_ATTEMPTS) in page_text(response)
    client.post(ADMIN_LOGIN, {"username": "root", "password": PASSWORD})
    assert not _signed_in(client)

    _later(monkeypatch, COOL_OFF_SECONDS + 1)
    response = client.post(
        f"{SITE_LOGIN}?next={reverse('admin:index')}",
        {"login": superuser.email, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert _signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_signed_in_user_who_is_not_staff_is_refused_the_admin_login(owner_client):
    assert owner_client.get(ADMIN_LOGIN).status_code == 403


def test_a_signed_in_staff_member_is_sent_on_to_the_admin(editor_client):
    response = editor_client.get(ADMIN_LOGIN)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
