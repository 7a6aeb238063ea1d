"""The ladder snapshot: built once per content version, new after any committed edit. The
version is a row of the database moved by every write of content in its own transaction
(ladder/versions.py), so what the cache holds can never hide an edit."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from careerpath import cache as resilient_cache
from ladder import snapshot
from ladder.models import ContentVersion
from ladder.services import content_retire
from ladder.snapshot import ladder_snapshot, ladder_version
from tests.ladder.factories import CourseFactory, LevelFactory, SkillFactory
from tests.queries import count_queries

UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "careerpath.cache.ResilientRedisCache",
        # Nothing listens on port 1: every cache call fails at once.
        "LOCATION": "redis://127.0.0.1:1/6",
    }
}


@pytest.fixture
def small_ladder(db):
    first = LevelFactory(order=1, title="Junior")
    skill = SkillFactory(level=first, name="Python")
    CourseFactory(skills=[skill], title="Python for ML")
    LevelFactory(order=2, title="Senior")
    return first


def test_the_snapshot_is_read_from_the_cache_once_built(small_ladder):
    ladder_snapshot()
    snapshot._memo = None  # as another process would: from the cache, not this one's memo
    assert count_queries(ladder_snapshot) == 1  # the version
    assert [level.title for level in ladder_snapshot().levels] == ["Junior", "Senior"]


def test_a_process_that_built_the_snapshot_reads_only_the_version(small_ladder):
    ladder_snapshot()
    assert count_queries(ladder_snapshot) == 1


def test_an_edit_shows_in_the_next_snapshot(small_ladder):
    assert ladder_snapshot().levels[0].title == "Junior"
    small_ladder.title = "Entry"
    small_ladder.save()
    assert ladder_snapshot().levels[0].title == "Entry"


def test_retiring_a_skill_removes_it_from_the_next_snapshot(small_ladder):
    assert [skill.name for skill in ladder_snapshot().skills] == ["Python"]
    content_retire(objects=[small_ladder.key_skills.get()])
    assert ladder_snapshot().skills == ()


def test_adding_a_course_to_a_skill_shows_in_the_next_snapshot(small_ladder):
    course = CourseFactory(skills=[], title="Deep Python")
    ladder_snapshot()
    course.skills.add(small_ladder.key_skills.get())
    assert [c.title for c in ladder_snapshot().skills[0].courses] == [
        "Deep Python",
        "Python for ML",
    ]


def test_every_write_moves_the_version_to_a_number_never_used_before(db):
    seen = {ladder_version()}
    call_command("load_ladder", verbosity=0)
    seen.add(ladder_version())
    level = LevelFactory()
    seen.add(ladder_version())
    level.delete()
    seen.add(ladder_version())
    assert len(seen) == 4
    assert ladder_snapshot().version == ladder_version()


def test_a_rolled_back_edit_leaves_the_snapshot_as_it_was(small_ladder):
    before = ladder_version()
    ladder_snapshot()
    with pytest.raises(RuntimeError), transaction.atomic():
        small_ladder.title = "Entry"
        small_ladder.save()
        assert ladder_snapshot().levels[0].title == "Entry"  # the writer sees its own edit
        raise RuntimeError
    assert ladder_version() == before
    assert ladder_snapshot().levels[0].title == "Junior"


def test_a_version_lost_with_its_row_starts_again_from_the_clock(small_ladder):
    ladder_snapshot()
    ContentVersion.objects.all().delete()
    small_ladder.title = "Entry"
    small_ladder.save()
    assert ladder_version() > 1
    assert ladder_snapshot().levels[0].title == "Entry"


def test_every_public_page_answers_when_the_cache_is_unreachable(small_ladder, client, monkeypatch):
    monkeypatch.setattr(resilient_cache, "_down_until", {})
    with override_settings(CACHES=UNREACHABLE_CACHE):
        snapshot._memo = None
        for url in ["/", "/ladder/", "/ladder/level-1/", "/skills/", "/faq/"]:
            url = url.replace("level-1", small_ladder.slug)
            assert client.get(url).status_code == 200, url
        assert ladder_snapshot().levels[0].title == "Junior"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_another_request_never_sees_an_edit_that_is_not_committed_yet():
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
        ladder_snapshot()  # the writer builds and stores its own, uncommitted, version
        editing.set()
        read.wait(10)
    thread.join()
    assert seen == ["Junior"]
    assert ladder_snapshot().levels[0].title == "Entry"
