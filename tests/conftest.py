import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.profiles.factories import VerifiedUserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache, so one test's rate-limit counters (allauth
    keeps them in the cache) never refuse another test's sign-up or e-mail."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ladder(db):
    """Load the real shipped ladder content."""
    call_command("load_ladder", verbosity=0)


@pytest.fixture
def user(db):
    return VerifiedUserFactory()


@pytest.fixture
def other_user(db):
    return VerifiedUserFactory()


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client
