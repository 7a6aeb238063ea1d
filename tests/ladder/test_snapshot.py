"""The ladder snapshot: built once per content version, new after any committed edit."""

import threading

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction

from ladder import snapshot
from ladder.services import content_retire
from ladder.snapshot import VERSION_KEY, ladder_snapshot, ladder_version
from tests.ladder.factories import CourseFactory, LevelFactory, SkillFactory
from tests.queries import committed, count_queries

UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Nothing listens on port 1: every cache call fails at once.
        "LOCATION": "redis://127.0.0.1:1/6",
        "OPTIONS": {"socket_connect_timeout": 0.2},
    }
}


@pytest.fixture
def small_ladder(db):
    with committed():
        first = LevelFactory(order=1, title="Junior")
        skill = SkillFactory(level=first, name="Python")
        CourseFactory(skills=[skill], title="Python for ML")
        LevelFactory(order=2, title="Senior")
    return first


def test_the_snapshot_is_read_from_the_cache_once_built(small_ladder):
    ladder_snapshot()
    snapshot._memo = None  # as another process would: from the cache, not this one's memo
    assert count_queries(ladder_snapshot) == 0
    assert [level.title for level in ladder_snapshot().levels] == ["Junior", "Senior"]


def test_a_committed_edit_shows_in_the_next_snapshot(small_ladder):
    assert ladder_snapshot().levels[0].title == "Junior"
    with committed():
        small_ladder.title = "Entry"
        small_ladder.save()
    assert ladder_snapshot().levels[0].title == "Entry"


def test_retiring_a_skill_removes_it_from_the_next_snapshot(small_ladder):
    assert [skill.name for skill in ladder_snapshot().skills] == ["Python"]
    with committed():
        content_retire(objects=[small_ladder.key_skills.get()])
    assert ladder_snapshot().skills == ()


def test_adding_a_course_to_a_skill_shows_in_the_next_snapshot(small_ladder):
    course = CourseFactory(skills=[], title="Deep Python")
    ladder_snapshot()
    with committed():
        course.skills.add(small_ladder.key_skills.get())
    assert [c.title for c in ladder_snapshot().skills[0].courses] == [
        "Deep Python",
        "Python for ML",
    ]


def test_load_ladder_bumps_the_version_once_it_commits(db):
    before = ladder_version()
    with committed() as callbacks:
        call_command("load_ladder", verbosity=0)
    assert len(callbacks) == 1
    assert ladder_version() == before + 1
    assert len(ladder_snapshot().levels) == 4


def test_the_writing_transaction_reads_its_own_uncommitted_edit(small_ladder):
    ladder_snapshot()
    small_ladder.title = "Entry"
    small_ladder.save()
    assert ladder_snapshot().levels[0].title == "Entry"


def test_a_rolled_back_edit_leaves_the_cached_snapshot_in_use(small_ladder):
    ladder_snapshot()
    version = cache.get(VERSION_KEY)
    with pytest.raises(RuntimeError), transaction.atomic():
        small_ladder.title = "Entry"
        small_ladder.save()
        raise RuntimeError
    assert cache.get(VERSION_KEY) == version
    assert count_queries(ladder_snapshot) == 0
    assert ladder_snapshot().levels[0].title == "Junior"


def test_a_lost_version_starts_a_new_one_and_rebuilds(small_ladder):
    ladder_snapshot()
    cache.delete(VERSION_KEY)
    with committed():
        small_ladder.title = "Entry"
        small_ladder.save()
    assert ladder_snapshot().levels[0].title == "Entry"


def test_every_public_page_answers_when_the_cache_is_unreachable(small_ladder, client, settings):
    settings.CACHES = UNREACHABLE_CACHE
    snapshot._memo = None
    for url in ["/", "/ladder/", "/ladder/level-1/", "/skills/", "/faq/"]:
        url = url.replace("level-1", small_ladder.slug)
        assert client.get(url).status_code == 200, url
    assert ladder_snapshot().levels[0].title == "Junior"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_another_request_never_caches_an_edit_that_is_not_committed_yet():
    level = LevelFactory(order=1, title="Junior")
    ladder_snapshot()
    editing, read = threading.Event(), threading.Event()
    seen = []

    def reader():
        editing.wait()
        snapshot._memo = None
        seen.append(ladder_snapshot().levels[0].title)
        connection.close()
        read.set()

    thread = threading.Thread(target=reader)
    thread.start()
    with transaction.atomic():
        level.title = "Entry"
        level.save()
        editing.set()
        read.wait(10)
    thread.join()
    assert seen == ["Junior"]
    assert ladder_snapshot().levels[0].title == "Entry"
