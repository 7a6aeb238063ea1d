"""Answering allauth's "confirm your password" step the way a browser does."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from tests.profiles.factories import PASSWORD


def give_password(client, asked, *, follow=False):
    """Give the password on the page a refused request was sent to (`asked`, its 302):
    allauth then runs the request it held back. Return what follows."""
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    then = parse_qs(urlsplit(asked["Location"]).query)["next"][0]
    return client.post(asked["Location"], {"password": PASSWORD, "next": then}, follow=follow)
