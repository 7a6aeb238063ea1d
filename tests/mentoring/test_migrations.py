"""Notifications stored as sentences before they had kinds keep every character."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("mentoring", "0002_protect_endorsed_and_commented_skills")]
AFTER = [("mentoring", "0003_notification_parts")]


def migrate(targets):
    """Migrate to the targets and return the apps as they are there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrator(transactional_db):
    """Migrate as the test says, then back to the latest migrations for the next test."""
    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_sentence_stored_before_kinds_is_kept_whole_as_a_message(migrator):
    old = migrator(BEFORE)
    user = old.get_model("auth", "User").objects.create(username="ada", email="ada@example.com")
    sentence = "Grace Mentor ended your mentorship. Reason: I am moving abroad."
    old.get_model("mentoring", "Notification").objects.create(
        user=user, text=sentence, url="/mentoring/"
    )

    new = migrator(AFTER)

    note = new.get_model("mentoring", "Notification").objects.get()
    assert (note.kind, note.detail, note.url) == ("message", sentence, "/mentoring/")
    assert (note.actor_id, note.actor_name, note.proficiency) == (None, "", None)


def test_going_back_stores_the_sentence_of_each_notification(migrator):
    new = migrator(AFTER)
    user = new.get_model("auth", "User").objects.create(username="ada", email="ada@example.com")
    new.get_model("mentoring", "Notification").objects.create(
        user=user, kind="endorsed", actor_name="Grace", detail="Python", proficiency=4
    )

    old = migrator(BEFORE)

    note = old.get_model("mentoring", "Notification").objects.get()
    assert note.text == "Grace endorsed your Python at Expert."
