"""Accounts under hostile use: guesses from one place never lock the owner out from another,
sensitive changes ask for the password again and tell the old address, passwords are
hashed with Argon2, a bad Host header is a 400, and anonymous visitors can't fill the cache
by varying the query string."""

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from profiles.models import Profile, Visibility
from tests.ladder.pages import page_text
from tests.profiles.factories import PASSWORD, VerifiedUserFactory
from tests.reauth import give_password

pytestmark = pytest.mark.django_db

TOO_MANY_ATTEMPTS = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
LOGIN = reverse("account_login")


def _log_in(client, email, password, address):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


# Lock-outs that cannot be aimed at someone


def test_guesses_from_one_address_never_lock_the_owner_out_from_another(client):
    owner = VerifiedUserFactory()
    for n in range(5):
        _log_in(client, owner.email, f"guess-{n}", "203.0.113.9")
    refused = _log_in(client, owner.email, PASSWORD, "203.0.113.9")
    assert TOO_MANY_ATTEMPTS in page_text(refused)  # the guessing address is stopped

    elsewhere = Client()
    response = _log_in(elsewhere, owner.email, PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert elsewhere.session["_auth_user_id"] == str(owner.pk)


def test_guessing_one_account_from_many_addresses_is_still_slowed(client):
    owner = VerifiedUserFactory()
    for n in range(30):  # the per-account ceiling, from 30 addresses, 1 guess each
        _log_in(client, owner.email, f"guess-{n}", f"203.0.113.{n + 1}")
    response = _log_in(client, owner.email, "guess-31", "203.0.113.200")
    assert TOO_MANY_ATTEMPTS in page_text(response)


def test_a_successful_log_in_does_not_count_towards_either_limit(client):
    owner = VerifiedUserFactory()
    for n in range(35):
        assert _log_in(Client(), owner.email, PASSWORD, f"198.51.100.{n + 1}").status_code == 302


# Re-authentication and notices


@pytest.fixture
def signed_in(client):
    person = VerifiedUserFactory(email="ada@example.org")
    client.force_login(person)
    return client, person


def test_adding_an_address_asks_for_the_password_first(signed_in):
    client, person = signed_in
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "thief@example.org"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="thief@example.org").exists()


def test_after_the_password_the_address_is_added(signed_in):
    client, person = signed_in
    asked = client.post(reverse("account_email"), {"action_add": "", "email": "ada@work.example"})
    give_password(client, asked)
    assert EmailAddress.objects.filter(user=person, email="ada@work.example").exists()


def test_making_another_address_primary_tells_the_old_one(signed_in, committed):
    client, person = signed_in
    EmailAddress.objects.create(user=person, email="ada@work.example", verified=True)
    mail.outbox.clear()
    asked = client.post(
        reverse("account_email"), {"action_primary": "", "email": "ada@work.example"}
    )
    with committed():
        give_password(client, asked)
    person.refresh_from_db()
    assert person.email == "ada@work.example"
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]


def test_making_the_profile_public_asks_for_the_password_first(signed_in):
    client, person = signed_in
    profile = Profile.objects.get(user=person)
    data = {
        "version": profile.version,
        "display_name": "Ada",
        "headline": "",
        "weekly_hours": 5,
        "github_url": "",
        "kaggle_url": "",
        "website_url": "",
        "visibility": Visibility.PUBLIC,
    }
    asked = client.post(reverse("profiles:profile"), data)
    profile.refresh_from_db()
    assert profile.visibility == Visibility.PRIVATE

    give_password(client, asked)
    profile.refresh_from_db()
    assert profile.visibility == Visibility.PUBLIC  # the form was sent on after the password


def test_other_profile_edits_ask_for_nothing(signed_in):
    client, person = signed_in
    profile = Profile.objects.get(user=person)
    data = {
        "version": profile.version,
        "display_name": "Ada",
        "headline": "",
        "weekly_hours": 5,
        "github_url": "",
        "kaggle_url": "",
        "website_url": "",
        "visibility": Visibility.PRIVATE,
    }
    assert client.post(reverse("profiles:profile"), data)["Location"] == reverse("profiles:profile")


# Passwords


ARGON2_FIRST = [
    "careerpath.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@override_settings(PASSWORD_HASHERS=ARGON2_FIRST)
def test_new_passwords_are_hashed_with_argon2id_at_the_measured_cost():
    assert make_password("correct horse").startswith("argon2$argon2id$v=19$m=65536,t=3,p=4$")


@override_settings(PASSWORD_HASHERS=ARGON2_FIRST)
def test_an_older_hash_is_upgraded_at_the_next_log_in(client):
    person = VerifiedUserFactory()
    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save()
    assert _log_in(client, person.email, PASSWORD, "198.51.100.7").status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("argon2$argon2id$")


# A bad Host header


def test_a_request_for_a_host_this_site_does_not_serve_gets_a_400_page(client):
    for path in ["/", "/ladder/", "/dashboard/", "/accounts/login/", "/no-such-page/"]:
        response = client.get(path, HTTP_HOST="evil.example")
        assert response.status_code == 400, path
        assert "evil.example" not in response.content.decode()


def test_pages_name_their_address_from_the_site_not_the_request(client, settings):
    settings.SITE_URL = "https://careerpath.example"
    page = client.get("/faq/").content.decode()
    assert '<meta property="og:url" content="https://careerpath.example/faq/">' in page


# Anonymous visitors and the cache


def test_a_thousand_distinct_query_strings_on_a_public_page_add_no_cache_keys(ladder, client):
    client.get("/skills/")
    keys = len(cache._cache)
    for n in range(1000):
        assert client.get(f"/skills/?utm_source={n}").status_code == 200
    assert len(cache._cache) == keys
