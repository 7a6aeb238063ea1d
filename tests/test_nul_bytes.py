"""A NUL byte anywhere in a request gets the site's 400 page, never a 500.

PostgreSQL refuses NUL in text, so before careerpath.middleware.RejectNulBytesMiddleware
an invitation token like /mentoring/invitations/%00/ reached a query and answered 500.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from careerpath.middleware import request_has_nul_byte
from tests.ladder.pages import page_structure, page_text
from tests.mentoring.factories import MentorshipFactory

pytestmark = pytest.mark.django_db

BAD_REQUEST_TITLE = "We could not read this request"

INVITATION_URLS = [
    ("get", "/mentoring/invitations/%00/"),
    ("post", "/mentoring/invitations/%00/accept/"),
    ("post", "/mentoring/invitations/%00/decline/"),
    ("get", "/mentoring/invitations/abc%00def/"),
    ("post", "/mentoring/invitations/abc%00def/accept/"),
]
OTHER_URLS = [
    ("get", "/ladder/%00/"),
    ("get", "/skills/%00/"),
    ("get", "/people/%00/"),
    ("get", "/profile/projects/%00/edit/"),
    ("get", "/accounts/password/reset/key/%00-%00/"),
    ("get", "/accounts/confirm-email/%00/"),
    ("get", "/static/css/%00.css"),
    ("get", "/admin/ladder/level/%00/change/"),
    ("get", "/?next=%00"),
    ("get", "/skills/?%00=1"),
    ("get", "/dashboard/?page=1%00"),
    ("get", "/accounts/export/?format=%00"),
    ("get", "/admin/ladder/level/?q=%00"),
]


def _assert_bad_request_page(response):
    assert response.status_code == 400
    assert "400.html" in [template.name for template in response.templates]
    assert BAD_REQUEST_TITLE in page_text(response)
    assert page_structure(response).problems() == []


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
@pytest.mark.parametrize(("method", "url"), INVITATION_URLS + OTHER_URLS)
def test_a_nul_byte_in_the_address_gets_the_bad_request_page(client, user, method, url, signed_in):
    MentorshipFactory(learner=user)  # a real invitation exists, so the lookup runs
    if signed_in:
        client.force_login(user)

    _assert_bad_request_page(getattr(client, method)(url))


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("mentoring:invite", {"invitee_email": "grace\x00@example.com", "message": "Hi"}),
        ("mentoring:invite", {"invitee_email": "grace@example.com", "message\x00": "Hi"}),
        ("profiles:profile", {"display_name": "Ada\x00", "weekly_hours": "5"}),
        ("profiles:project_create", {"title": "\x00", "status": "planned"}),
        ("account_change_password", {"oldpassword": "\x00", "password1": "x", "password2": "x"}),
    ],
)
def test_a_nul_byte_in_a_signed_in_users_form_gets_the_bad_request_page(
    owner_client, url_name, data
):
    _assert_bad_request_page(owner_client.post(reverse(url_name), data))


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("account_login", {"login": "ada@example.com\x00", "password": "secret"}),
        ("account_signup", {"email": "a@example.com", "password1": "\x00", "password2": "x"}),
        ("account_reset_password", {"email": "\x00@example.com"}),
    ],
)
def test_a_nul_byte_in_a_signed_out_form_gets_the_bad_request_page(client, url_name, data):
    _assert_bad_request_page(client.post(reverse(url_name), data))


def test_a_nul_byte_in_the_token_of_a_form_posted_to_an_invitation_gets_the_bad_request_page(
    owner_client, user
):
    invitation = MentorshipFactory(learner=user)
    url = reverse("mentoring:accept", args=[invitation.token])

    _assert_bad_request_page(owner_client.post(url, {"token": f"{invitation.token}\x00"}))


def test_a_nul_byte_in_the_session_cookie_gets_the_bad_request_page(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"

    _assert_bad_request_page(client.get(reverse("profiles:dashboard")))


def test_the_invitation_page_still_answers_an_ordinary_unknown_token_with_404(client):
    assert client.get(reverse("mentoring:invitation", args=["no-such-token"])).status_code == 404


@given(st.text(max_size=20), st.text(max_size=20), st.sampled_from(["GET", "POST"]))
def test_a_request_is_refused_exactly_when_a_field_holds_a_nul_byte(name, value, method):
    factory = RequestFactory()
    if method == "GET":
        request = factory.get("/", {name: value})
    else:
        request = factory.post("/", {name: value})

    assert request_has_nul_byte(request) == ("\x00" in name + value)
