"""`load_ladder`: adds what is missing, keeps admin edits unless restoring, all or nothing.

Every test here starts from an empty database (`db`), not from `loaded_ladder`, because
the load itself is what is under test.
"""

import copy
import io
import json
import re

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from ladder.loading import FixtureError, load_fixture
from ladder.models import Course, Level, Proficiency, Requirement, Responsibility, Skill
from tests.ladder.content import LADDER_FIXTURE

SUMMARY_LINE = re.compile(r"(\d+) created, (\d+) restored, (\d+) kept")

# What an editor might do in the admin to the level the shipped content starts with.
EDITED_SUMMARY = "Edited in the admin: ships small models and learns from code review."
EDITED_SALARY = (75_000, 105_000)


def load(*args, **options):
    """Run load_ladder as an admin would, and return what it printed."""
    out = io.StringIO()
    call_command("load_ladder", *args, stdout=out, **options)
    return out.getvalue()


def counts_in(output):
    """Return (created, restored, kept) from the command's summary line."""
    match = SUMMARY_LINE.search(output)
    assert match, f"no summary of what was done in {output!r}"
    return tuple(int(number) for number in match.groups())


def content_models():
    return [
        model
        for model in apps.get_app_config("ladder").get_models(include_auto_created=True)
        if not model.__name__.startswith("Historical")
    ]


def every_ladder_table():
    """Return every model of the ladder app: content, many-to-many tables and history."""
    return list(apps.get_app_config("ladder").get_models(include_auto_created=True))


def snapshot(models):
    """Return every row of every model, all fields, in primary-key order."""
    return {
        model._meta.label_lower: list(model.objects.order_by("pk").values()) for model in models
    }


def rows_by_model(rows):
    """Return how many rows the fixture gives each table, many-to-many tables included."""
    counts = {}
    for row in rows:
        counts[row["model"]] = counts.get(row["model"], 0) + 1
        if "skills" in row["fields"]:
            table = f"{row['model']}_skills"
            counts[table] = counts.get(table, 0) + len(row["fields"]["skills"])
    return counts


def shipped_level(fixture_rows, order=1):
    return next(
        row["fields"]
        for row in fixture_rows
        if row["model"] == "ladder.level" and row["fields"]["order"] == order
    )


def edit_like_an_admin():
    """Change a level's summary and pay, a requirement's step and a course's skills."""
    level = Level.objects.get(order=1)
    level.summary = EDITED_SUMMARY
    level.salary_min, level.salary_max = EDITED_SALARY
    level.save()
    requirement = Requirement.objects.filter(min_proficiency=Proficiency.PROFICIENT).first()
    requirement.min_proficiency = Proficiency.EXPERT
    requirement.save()
    course = Course.objects.filter(skills__isnull=False).distinct().first()
    course.skills.clear()
    return level, requirement, course


def write_fixture(tmp_path, rows, name="ladder-with-a-bad-row.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


# Loading twice, and admin edits.


@pytest.mark.parametrize("second_load", [{}, {"restore": True}], ids=["plain", "restore"])
def test_loading_twice_leaves_the_same_rows_with_the_same_values(db, fixture_rows, second_load):
    load()
    first = snapshot(content_models())

    load(**second_load)

    assert snapshot(content_models()) == first
    assert {label: len(rows) for label, rows in first.items()} == rows_by_model(fixture_rows)


def test_a_first_load_creates_every_shipped_row_and_says_so(db, fixture_rows):
    output = load()

    assert counts_in(output) == (len(fixture_rows), 0, 0)
    assert str(LADDER_FIXTURE) in output
    assert Level.objects.count() == rows_by_model(fixture_rows)["ladder.level"]


def test_a_second_load_says_every_row_was_kept(db, fixture_rows):
    load()

    assert counts_in(load()) == (0, 0, len(fixture_rows))


def test_a_restore_says_every_row_was_restored(db, fixture_rows):
    load()

    assert counts_in(load(restore=True)) == (0, len(fixture_rows), 0)


def test_admin_edits_survive_a_plain_reload(db, fixture_rows):
    load()
    level, requirement, course = edit_like_an_admin()

    output = load()

    level.refresh_from_db()
    requirement.refresh_from_db()
    assert level.summary == EDITED_SUMMARY
    assert (level.salary_min, level.salary_max) == EDITED_SALARY
    assert requirement.min_proficiency == Proficiency.EXPERT
    assert not course.skills.exists()
    assert counts_in(output) == (0, 0, len(fixture_rows))


def test_restore_puts_the_shipped_values_back_over_admin_edits(db, fixture_rows):
    load()
    level, requirement, course = edit_like_an_admin()

    load(restore=True)

    shipped = shipped_level(fixture_rows)
    level.refresh_from_db()
    requirement.refresh_from_db()
    assert level.summary == shipped["summary"]
    assert (level.salary_min, level.salary_max) == (shipped["salary_min"], shipped["salary_max"])
    assert requirement.min_proficiency == Proficiency.PROFICIENT
    shipped_course = next(
        row["fields"]
        for row in fixture_rows
        if row["model"] == "ladder.course" and row["fields"]["slug"] == course.slug
    )
    assert sorted(course.skills.values_list("slug", flat=True)) == sorted(
        slug for (slug,) in shipped_course["skills"]
    )


def test_a_levels_history_shows_the_load_the_admin_edit_and_the_restore(db, fixture_rows):
    load()
    level, _, _ = edit_like_an_admin()

    load(restore=True)

    newest_first = list(level.history.order_by("-history_id"))
    assert [record.summary for record in newest_first] == [
        shipped_level(fixture_rows)["summary"],
        EDITED_SUMMARY,
        shipped_level(fixture_rows)["summary"],
    ]
    assert [record.history_change_reason for record in newest_first] == [
        f"Restored from {LADDER_FIXTURE.name}",
        None,
        f"Loaded from {LADDER_FIXTURE.name}",
    ]


def test_a_loaded_course_has_one_history_record_with_its_skills(db):
    load()
    course = Course.objects.filter(skills__isnull=False).first()
    course.skills.clear()

    load(restore=True)

    loaded, cleared, restored = course.history.order_by("history_id")
    shipped = sorted(link.skill.slug for link in loaded.skills.all())
    assert (loaded.history_type, loaded.history_change_reason) == (
        "+",
        f"Loaded from {LADDER_FIXTURE.name}",
    )
    assert shipped
    assert not cleared.skills.exists()
    assert restored.history_change_reason == f"Restored from {LADDER_FIXTURE.name}"
    assert sorted(link.skill.slug for link in restored.skills.all()) == shipped
    assert sorted(course.skills.values_list("slug", flat=True)) == shipped


def test_a_plain_reload_that_keeps_every_row_adds_no_history(db):
    load()
    before = Level.history.count()

    load()

    assert Level.history.count() == before


def test_a_plain_reload_puts_back_a_deleted_row_and_only_that_row(db, fixture_rows):
    load()
    Level.objects.filter(order=1).update(summary=EDITED_SUMMARY)
    deleted = Responsibility.objects.get(level__order=2, order=3)
    deleted_text = deleted.text
    deleted.delete()

    output = load()

    assert Responsibility.objects.get(level__order=2, order=3).text == deleted_text
    assert Level.objects.get(order=1).summary == EDITED_SUMMARY
    assert counts_in(output) == (1, 0, len(fixture_rows) - 1)


# A bad fixture: refused with a message naming the file, the row and the problem, and
# nothing written.


def _after_last(rows, model):
    """Return the index just after the last row of a model."""
    return max(index for index, row in enumerate(rows) if row["model"] == model) + 1


def _level_without_title(rows):
    level = copy.deepcopy(shipped_level(rows, order=4))
    level.update(order=5, slug="chief-ml-officer")
    del level["title"]
    return _after_last(rows, "ladder.level"), {"model": "ladder.level", "fields": level}


def _requirement_for_unknown_skill(rows):
    row = {
        "model": "ladder.requirement",
        "fields": {"level": ["ml-engineer"], "skill": ["quantum-ml"], "min_proficiency": 3},
    }
    return _after_last(rows, "ladder.requirement"), row


def _course_for_unknown_skill(rows):
    row = {
        "model": "ladder.course",
        "fields": {
            "slug": "quantum-ml-course",
            "title": "Quantum ML",
            "provider": "Example University",
            "url": "https://courses.example.com/quantum",
            "is_free": True,
            "hours": 5,
            "skills": [["python"], ["quantum-ml"]],
        },
    }
    return _after_last(rows, "ladder.course"), row


def _unknown_model(rows):
    row = {"model": "ladder.certificate", "fields": {"slug": "ml-certificate"}}
    return _after_last(rows, "ladder.skill"), row


# (how to break the fixture, what the message must name besides the file and row number)
BAD_ROWS = {
    "requirement for an unknown skill": (
        _requirement_for_unknown_skill,
        ["ladder.requirement", "quantum-ml", "does not exist"],
    ),
    "course for an unknown skill": (
        _course_for_unknown_skill,
        ["ladder.course", "quantum-ml", "does not exist"],
    ),
    "level without a title": (_level_without_title, ["ladder.level", "chief-ml-officer", "title"]),
    "unknown model": (_unknown_model, ["ladder.certificate"]),
}


@pytest.fixture(params=list(BAD_ROWS), ids=list(BAD_ROWS))
def bad_fixture(request, tmp_path, fixture_rows):
    """Return (path, row number counted from 1, words the error must name)."""
    make_row, words = BAD_ROWS[request.param]
    index, row = make_row(fixture_rows)
    rows = [*fixture_rows[:index], row, *fixture_rows[index:]]
    return write_fixture(tmp_path, rows), index + 1, words


def test_a_bad_row_is_refused_with_the_file_row_and_problem_named(db, bad_fixture):
    path, row_number, words = bad_fixture

    with pytest.raises(CommandError) as refused:
        load(str(path))

    message = str(refused.value)
    assert path.name in message
    assert re.search(rf"\brow {row_number}\b", message), message
    for word in words:
        assert word in message


def test_a_bad_row_writes_nothing_into_an_empty_database(db, bad_fixture):
    path, _, _ = bad_fixture
    before = snapshot(every_ladder_table())

    with pytest.raises(CommandError):
        load(str(path))

    assert snapshot(every_ladder_table()) == before
    assert not Skill.objects.exists()


@pytest.mark.parametrize("restore", [False, True], ids=["plain", "restore"])
def test_a_bad_row_leaves_loaded_and_edited_content_exactly_as_it_was(
    db, bad_fixture, restore, fixture_rows
):
    path, _, _ = bad_fixture
    load()
    edit_like_an_admin()
    Responsibility.objects.filter(level__order=2, order=3).delete()
    before = snapshot(every_ladder_table())

    with pytest.raises(CommandError):
        load(str(path), restore=restore)

    assert snapshot(every_ladder_table()) == before
    assert Level.objects.get(order=1).summary == EDITED_SUMMARY
    assert not Responsibility.objects.filter(level__order=2, order=3).exists()


def test_load_fixture_raises_fixture_error_for_a_bad_row(db, bad_fixture):
    path, row_number, _ = bad_fixture

    with pytest.raises(FixtureError, match=rf"{re.escape(path.name)}, row {row_number}\b"):
        load_fixture(path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[{"model": "ladder.level", "fields": {', "not valid JSON"),
        ('{"model": "ladder.level", "fields": {}}', "list"),
        ('[["ladder.level"]]', "model"),
    ],
    ids=["not json", "not a list", "row not an object"],
)
def test_a_malformed_file_is_refused_with_its_name_and_nothing_written(db, tmp_path, text, problem):
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        load(str(path))

    assert path.name in str(refused.value)
    assert problem in str(refused.value)
    assert not Level.objects.exists()


def test_a_missing_file_is_refused_with_its_path(db, tmp_path):
    path = tmp_path / "no-such-ladder.json"

    with pytest.raises(CommandError, match=re.escape(str(path))):
        load(str(path))
