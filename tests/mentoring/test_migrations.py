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


def test_an_endorsement_made_before_mentors_gave_their_own_rating_agrees_with_the_rating(
    migrator,
):
    ladder = [
        n for n in MigrationExecutor(connection).loader.graph.leaf_nodes() if n[0] == "ladder"
    ]
    old = migrator([("mentoring", "0005_former_mentors_and_members"), *ladder])
    User = old.get_model("auth", "User")
    learner = User.objects.create(username="ada", email="ada@example.com")
    mentor = User.objects.create(username="grace", email="grace@example.com")
    mentorship = old.get_model("mentoring", "Mentorship").objects.create(
        learner=learner, mentor=mentor, invitee_email=mentor.email, status="accepted"
    )
    skill = old.get_model("ladder", "Skill").objects.create(name="Python", slug="python")
    old.get_model("mentoring", "Endorsement").objects.create(
        mentorship=mentorship, skill=skill, proficiency=3
    )

    new = migrator([("mentoring", "0006_mentor_ratings_and_replies"), *ladder])

    endorsement = new.get_model("mentoring", "Endorsement").objects.get()
    assert (endorsement.proficiency, endorsement.rated_proficiency, endorsement.comment) == (
        3,
        3,
        "",
    )
