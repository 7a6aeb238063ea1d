"""A whole-site backup made with dumpdata restores into a freshly migrated database.

The README's "Backup and restore" gives the commands; these tests run them: the real
ladder, the demo learner and mentor and a mentor's feedback, endorsement and sign-off
are dumped, the database is flushed back to its freshly migrated state (flush runs the
post-migrate handlers again, as migrate does: content types, permissions and the Content
editor group come back), and the dump is loaded.
"""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils.dateparse import parse_datetime

from ladder.models import Course, Skill
from mentoring.management.commands.load_demo import LEARNER_EMAIL, MENTOR_EMAIL
from mentoring.models import Mentorship
from profiles.models import SkillRating, SkillRatingChange
from tests.mentoring.factories import EndorsementFactory, FeedbackFactory, SignOffFactory

# The README's dump command: what migrate creates anyway is left out, and rows refer to
# each other by natural key. Rows with a natural key are written without their primary
# key and numbered again, in the order of the dump, when loaded; history refers to its
# object by primary key, so the tests start every sequence at 1 (reset_sequences), as a
# site's database does, for the history to stay with its object (see the README).
DUMP_OPTIONS = {
    "natural_foreign": True,
    "natural_primary": True,
    "exclude": ["contenttypes", "auth.permission", "sessions"],
}


def row_counts():
    """Return how many rows every table holds: many-to-many and history tables included."""
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def to_the_millisecond(moment):
    """Return a time as a JSON dump keeps it (Django's JSON encoder writes milliseconds)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def ratings():
    """Return every rating and rating change by user and skill, as a learner would see it."""
    return {
        "ratings": sorted(
            SkillRating.objects.values_list("user__username", "skill__slug", "proficiency")
        ),
        "changes": [
            (*change[:-1], to_the_millisecond(change[-1]))
            for change in SkillRatingChange.objects.order_by("pk").values_list(
                "user__username", "skill__slug", "old_proficiency", "new_proficiency", "changed_at"
            )
        ],
    }


def course_history():
    """Return each course's history: who, why, what kind of change and the skills then."""
    return [
        (
            record.slug,
            record.history_type,
            record.history_change_reason,
            record.history_user.username if record.history_user else None,
            sorted(link.skill.slug for link in record.skills.all()),
        )
        for record in Course.history.select_related("history_user").order_by("history_id")
    ]


def a_site_in_use():
    """Load the real ladder and the demo accounts, and let the mentor and an editor work."""
    call_command("load_ladder", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    mentorship = Mentorship.objects.get(learner__email=LEARNER_EMAIL, mentor__email=MENTOR_EMAIL)
    learner = mentorship.learner
    FeedbackFactory(mentorship=mentorship)
    EndorsementFactory(mentorship=mentorship, skill=Skill.objects.get(slug="python"))
    SignOffFactory(mentorship=mentorship, project=learner.projects.first())
    # An editor's change of a course's skills, recorded with who made it.
    course = Course.objects.filter(skills__isnull=False).order_by("slug").first()
    course._history_user = mentorship.mentor
    course.skills.add(Skill.objects.get(slug="model-deployment"))


# Data versions (careerpath/versions.py) are not data: a restore is a write, and moves them so
# that nothing cached for the data before it is served for the restored data.
VERSIONS = {"profiles.profile": "data_version", "ladder.contentversion": "version"}


def backup_rows(path):
    """Return a backup's rows with their times parsed (a time written with milliseconds
    (".000Z") and the same time restored and written again ("Z") are the same time), and
    without their data versions."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        row["fields"].pop(VERSIONS.get(row["model"], ""), None)
        for name, value in row["fields"].items():
            if isinstance(value, str) and (moment := parse_datetime(value)) is not None:
                row["fields"][name] = moment
    return rows


def back_up(path):
    call_command("dumpdata", output=str(path), **DUMP_OPTIONS)


def restore_into_a_freshly_migrated_database(path):
    call_command("flush", interactive=False, verbosity=0)
    assert not get_user_model().objects.exists()
    call_command("loaddata", str(path), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_a_whole_site_backup_restores_every_row_history_included(tmp_path):
    a_site_in_use()
    counts, site_ratings, history = row_counts(), ratings(), course_history()
    backup, backup_of_the_restored_site = tmp_path / "backup.json", tmp_path / "again.json"
    back_up(backup)

    restore_into_a_freshly_migrated_database(backup)
    back_up(backup_of_the_restored_site)

    assert row_counts() == counts
    assert ratings() == site_ratings
    assert course_history() == history
    for course in Course.objects.all():
        assert course.history.latest().slug == course.slug, "history left its course"
    assert backup_rows(backup_of_the_restored_site) == backup_rows(backup)


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_a_restored_site_records_new_history_after_the_restored_history(tmp_path):
    a_site_in_use()
    backup = tmp_path / "backup.json"
    back_up(backup)
    restore_into_a_freshly_migrated_database(backup)
    restored_ids = set(Course.history.values_list("history_id", flat=True))

    # On PostgreSQL the history sequences must have moved past the restored ids.
    course = Course.objects.order_by("slug").first()
    course.skills.add(Skill.objects.get(slug="python"))
    course.title = "Edited after the restore"
    course.save()

    new = Course.history.exclude(history_id__in=restored_ids)
    assert new.count() == 2
    assert min(new.values_list("history_id", flat=True)) > max(restored_ids)
