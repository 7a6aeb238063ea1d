from urllib.parse import urlsplit

import pytest
from django.test import Client


@pytest.fixture
def site_fetch(db):
    """Fetch this site's URLs in-process (https or not), as a verifier elsewhere would fetch
    them over the network: a fresh, signed-out client each time."""

    def fetch(url: str) -> bytes:
        parts = urlsplit(url)
        response = Client().get(parts.path)
        if response.status_code != 200:
            raise OSError(f"{url} answered {response.status_code}")
        return response.content

    return fetch


@pytest.fixture
def old_and_new_keys(settings):
    """Rotate the signing key: the test suite's key stays published as key-1, a new one
    signs from now on as key-2."""
    from careerpath.credentials.keys import generate_pem

    old = settings.CREDENTIAL_SIGNING_KEYS
    settings.CREDENTIAL_SIGNING_KEYS = old + "\n" + generate_pem()
    return old
