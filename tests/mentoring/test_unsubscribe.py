"""One-click unsubscribe (RFC 8058): a signed link turns off what a mail is about, for its
reader only, with no log-in; anything else gets a clear page and changes nothing."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from mentoring.models import NotificationKind, NotificationSettings
from mentoring.notification_views import LINK_NOT_VALID
from mentoring.preferences import DIGEST, Delivery, delivery_for, digest_wanted
from mentoring.unsubscribe import (
    SALT,
    TOKEN_MAX_AGE,
    unsubscribe_headers,
    unsubscribe_token,
    unsubscribe_token_read,
    unsubscribe_url,
)
from tests.profiles.factories import UserFactory
from tests.queries import assert_max_queries

K = NotificationKind
ONE_CLICK = "List-Unsubscribe=One-Click"


def _path(token):
    return f"/unsubscribe/{token}/"


def _mail_client():
    """A mail client: no cookies, no CSRF token, and Django's CSRF checks on."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def reader(db):
    return UserFactory()


def test_the_headers_name_an_absolute_link_and_one_click(reader):
    with mock.patch("django.core.signing.time.time", return_value=time.time()):
        headers = unsubscribe_headers(reader, DIGEST)
        url = unsubscribe_url(reader, DIGEST)
    assert headers == {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": ONE_CLICK}
    assert url.startswith(f"{settings.SITE_URL}/unsubscribe/")


def test_a_token_reads_back_as_its_user_and_what(reader):
    assert unsubscribe_token_read(unsubscribe_token(reader, K.REPLY)) == (reader, K.REPLY)


def test_a_forged_or_tampered_token_reads_as_nothing(reader):
    token = unsubscribe_token(reader, DIGEST)
    other = UserFactory()
    forged = signing.dumps({"u": other.pk, "w": DIGEST}, salt=SALT, key="not-the-secret")
    swapped = signing.dumps({"u": other.pk, "w": DIGEST}, salt="another.salt")
    payload = f'{{"u":{other.pk},"w":"digest"}}'.encode()
    tampered = token.replace(token.split(":")[0], signing.b64_encode(payload).decode())
    assert tampered != token
    for bad in (forged, swapped, tampered, token[:-2] + "xx", "nonsense", ""):
        assert unsubscribe_token_read(bad) is None


def test_a_token_for_something_that_is_not_a_setting_reads_as_nothing(reader):
    for what in (K.INVITED, "everything", 7):
        token = signing.dumps({"u": reader.pk, "w": what}, salt=SALT)
        assert unsubscribe_token_read(token) is None
    assert unsubscribe_token_read(signing.dumps([reader.pk], salt=SALT)) is None


def test_a_token_older_than_its_age_reads_as_nothing(reader):
    made = time.time() - TOKEN_MAX_AGE.total_seconds() - 60
    with mock.patch("django.core.signing.time.time", return_value=made):
        old = unsubscribe_token(reader, DIGEST)
    assert unsubscribe_token_read(old) is None
    almost = time.time() - TOKEN_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=almost):
        young = unsubscribe_token(reader, DIGEST)
    assert unsubscribe_token_read(young) == (reader, DIGEST)


def test_a_deleted_accounts_token_reads_as_nothing(reader):
    token = unsubscribe_token(reader, DIGEST)
    reader.delete()
    assert unsubscribe_token_read(token) is None


def test_the_link_shows_a_confirmation_and_changes_nothing_on_a_get(reader):
    response = Client().get(_path(unsubscribe_token(reader, K.FEEDBACK)))
    assert response.status_code == 200
    assert b"Unsubscribe</button>" in response.content
    assert "feedback from your mentors" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert not NotificationSettings.objects.exists()


def test_a_mail_clients_one_click_post_turns_the_kind_off_without_cookies(reader):
    client = _mail_client()
    response = client.post(
        _path(unsubscribe_token(reader, K.FEEDBACK)),
        data=ONE_CLICK,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert delivery_for(reader, K.FEEDBACK_ON_PROJECT) == Delivery.OFF
    assert delivery_for(reader, K.ENDORSED) == Delivery.DIGEST
    assert digest_wanted(reader) is True


def test_the_button_turns_the_digest_off_and_a_second_click_says_the_same(reader):
    client = _mail_client()
    path = _path(unsubscribe_token(reader, DIGEST))
    first = client.post(path)
    second = client.post(path)
    assert first.status_code == second.status_code == 200
    assert "The weekly digest is off" in second.content.decode()
    assert digest_wanted(reader) is False
    assert NotificationSettings.objects.count() == 1
    assert "already off" in client.get(path).content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_invalid_link_says_so_with_400_and_changes_nothing(reader, method):
    other = UserFactory()
    forged = signing.dumps({"u": other.pk, "w": DIGEST}, salt=SALT, key="guessed")
    response = getattr(_mail_client(), method)(_path(forged))
    assert response.status_code == 400
    assert LINK_NOT_VALID in response.content.decode()
    assert not NotificationSettings.objects.exists()


def test_an_expired_or_deleted_accounts_link_says_so_with_400(reader):
    made = time.time() - TOKEN_MAX_AGE.total_seconds() - 1
    with mock.patch("django.core.signing.time.time", return_value=made):
        old = unsubscribe_token(reader, DIGEST)
    assert _mail_client().post(_path(old)).status_code == 400
    gone = UserFactory()
    token = unsubscribe_token(gone, DIGEST)
    gone.delete()
    response = _mail_client().post(_path(token))
    assert response.status_code == 400
    assert LINK_NOT_VALID in response.content.decode()
    assert digest_wanted(reader) is True


def test_a_signed_in_person_following_someone_elses_link_changes_only_that_persons(reader):
    """The link is the mail's reader's: whoever is signed in, the token alone says whose
    settings change, and one person's link cannot be turned into another's."""
    someone = UserFactory()
    client = Client()
    client.force_login(someone)
    client.post(_path(unsubscribe_token(reader, DIGEST)))
    assert digest_wanted(reader) is False
    assert digest_wanted(someone) is True


def test_the_unsubscribe_link_stays_within_its_query_limits(reader):
    path = _path(unsubscribe_token(reader, K.REPLY))
    with assert_max_queries(2, info="unsubscribe page"):  # the account, their settings
        assert _mail_client().get(path).status_code == 200
    # the account; locked; their settings; the row locked, then written
    with assert_max_queries(6, info="one-click unsubscribe"):
        assert _mail_client().post(path).status_code == 200
    with assert_max_queries(0, info="a forged link"):  # refused before any lookup
        assert _mail_client().get(path[:-3] + "x/").status_code == 400
