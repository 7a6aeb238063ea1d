import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command

from ladder.groups import CONTENT_EDITOR_GROUP
from ladder.snapshot import ladder_snapshot
from ladder.versions import content_changed
from tests.captured_rows import capture
from tests.mail_backends import FlakyEmailBackend
from tests.profiles.factories import UserFactory, VerifiedUserFactory
from tests.queries import committed as run_on_commit


def pytest_collection_modifyitems(config, items):
    """Tests of real concurrency need PostgreSQL: SQLite runs one writer at a time, so on
    SQLite they are deselected (the CI runs the suite on both databases). The accessibility
    sweep (`sweep`) renders the same pages on either database, so it runs once: on SQLite."""
    on_postgresql = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skipped_marker = "sweep" if on_postgresql else "postgresql"
    kept = [item for item in items if item.get_closest_marker(skipped_marker) is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache, so one test's rate-limit counters (allauth
    keeps them in the cache) never refuse another test's sign-up or e-mail."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def shipped_ladder_rows(django_db_setup, django_db_blocker):
    """The rows `manage.py load_ladder` writes, loaded once per test database."""
    with django_db_blocker.unblock():
        return capture(lambda: call_command("load_ladder", verbosity=0))


@pytest.fixture
def ladder(db, shipped_ladder_rows):
    """The real shipped ladder content, as committed, and its snapshot built: the pages
    read it from the cache, as they do once the first visitor has built it."""
    with run_on_commit():
        shipped_ladder_rows.restore()
        content_changed()
    ladder_snapshot()


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


@pytest.fixture
def content_editor(db):
    """A staff member whose only permissions come from the "Content editor" group."""
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name=CONTENT_EDITOR_GROUP))
    return editor


@pytest.fixture
def editor_client(client, content_editor):
    client.force_login(content_editor)
    return client


@pytest.fixture
def committed():
    """`with committed(): ...` runs what the block queued for after commit (mail tasks, run
    eagerly in tests; ladder version bumps) as the block ends, as a real commit would: a
    test's own transaction never commits, so without this no mail goes out."""
    return run_on_commit


@pytest.fixture
def flaky_mail(settings):
    """Mail goes through FlakyEmailBackend: set .failures to make the server refuse."""
    settings.EMAIL_BACKEND = "tests.mail_backends.FlakyEmailBackend"
    FlakyEmailBackend.failures = FlakyEmailBackend.refused = 0
    yield FlakyEmailBackend
    FlakyEmailBackend.failures = 0
