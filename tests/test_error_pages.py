"""Refusals wear the site's layout and tell people what to do next."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.ladder.pages import links, page_structure, page_text

pytestmark = pytest.mark.django_db


def test_a_content_editor_refused_user_data_gets_our_page_with_a_way_on(editor_client):
    response = editor_client.get(reverse("admin:profiles_profile_changelist"))

    assert response.status_code == 403
    assert "403.html" in [template.name for template in response.templates]
    assert "You can't open this page" in page_text(response)
    assert (reverse("profiles:dashboard"), "Go to your dashboard") in links(response)
    assert page_structure(response).problems() == []


def test_a_form_sent_without_its_security_token_is_explained_to_the_signed_in_user(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse("mentoring:invite"), {"invitee_email": "grace@example.com"})

    assert response.status_code == 403
    text = page_text(response)
    assert "Your form could not be sent" in text
    assert "reload the page and send the form again" in text
    assert "Log out" in text  # the page knows who is signed in: the usual menu is there
    assert mail.outbox == []
    assert page_structure(response).problems() == []


def test_too_many_password_reset_requests_get_our_page(client, user):
    for _ in range(20):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
        if response.status_code == 429:
            break

    assert response.status_code == 429
    assert "Too many attempts" in page_text(response)
    assert "please wait a few minutes" in page_text(response)
    assert page_structure(response).problems() == []
