"""`load_ladder`: adds what is missing, keeps admin edits unless restoring, all or nothing.

Every test here starts from an empty database (`db`), not from `loaded_ladder`, because
the load itself is what is under test.
"""

import copy
import io
import json
import os
import re
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from ladder.loading import FixtureError, load_fixture
from ladder.models import (
    ContentVersion,
    Course,
    Level,
    Proficiency,
    Requirement,
    Responsibility,
    Skill,
)
from tests.ladder.content import LADDER_FIXTURE, shipped_rows

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
        if not model.__name__.startswith("Historical") and model is not ContentVersion
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
        for name in ("skills", "courses", "project_templates"):
            if name in row["fields"]:
                table = f"{row['model']}_{name}"
                counts[table] = counts.get(table, 0) + len(row["fields"][name])
    return counts


def shipped_level(fixture_rows, order=1):
    return next(
        row["fields"]
        for row in fixture_rows
        if row["model"] == "ladder.level" and row["fields"]["order"] == order
    )


def edit_like_an_admin():
    """Change a level's summary and pay, a requirement's step and a course's skills."""
    level = Level.objects.main().get(order=1)
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
    assert Level.objects.main().get(order=1).summary == EDITED_SUMMARY
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


def _level_with_a_nul_character(rows):
    index, row = _level_without_title(rows)
    row["fields"]["title"] = "Chief ML\x00Officer"
    return index, row


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
    # SQLite would store it; PostgreSQL refuses it halfway through the load.
    "NUL character in a title": (
        _level_with_a_nul_character,
        ["ladder.level", "chief-ml-officer", "title", "NUL"],
    ),
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
    assert Level.objects.main().get(order=1).summary == EDITED_SUMMARY
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


# Every kind of bad fixture: one line naming the file, the row and what is wrong; no
# traceback, a non-zero exit status and nothing written. manage.py prints a CommandError
# as "CommandError: <message>" and exits with its returncode; any other exception would
# be a traceback.


def _after_a_good_row(bad_row):
    """Return a fixture whose first rows, the main track and a new level on it, are fine
    and whose third is bad, and the words naming the bad row: the good rows must not be
    written either."""
    track = next(row for row in shipped_rows() if row["model"] == "ladder.track")
    good = {"model": "ladder.level", "fields": _new_level(order=5, slug="chief-ml-officer")}
    return json.dumps([track, good, bad_row]).encode(), ["row 3"]


def _new_level(**fields):
    return {**shipped_level(shipped_rows(), order=4), **fields}


def _bad_level(**changes):
    return {"model": "ladder.level", "fields": {**_new_level(order=6, slug="ai-fellow"), **changes}}


def _new_skill(**changes):
    fields = {
        "name": "Quantum ML",
        "slug": "quantum-ml",
        "category": "foundations",
        "level": ["chief-ml-officer"],
        "order": 1,
        "description": "Machine learning on quantum computers.",
        "rubric_learning": "Reads about it.",
        "rubric_practicing": "Runs examples.",
        "rubric_proficient": "Builds with it.",
        "rubric_expert": "Teaches it.",
    }
    return {"model": "ladder.skill", "fields": {**fields, **changes}}


def _misspelt_field():
    row = _bad_level()
    row["fields"]["titel"] = row["fields"].pop("title")
    return _after_a_good_row(row)


def _words(content_and_words, *more):
    content, words = content_and_words
    return content, [*words, *more]


# name: (file content, words the message must hold besides the file name)
BAD_FIXTURES = {
    "misspelt field name": _words(_misspelt_field(), "titel", "did you mean 'title'"),
    '"fields" as a string': _words(
        _after_a_good_row({"model": "ladder.level", "fields": "order=6"}), '"fields"', "string"
    ),
    '"fields" as null': _words(
        _after_a_good_row({"model": "ladder.level", "fields": None}), '"fields"', "null"
    ),
    '"model" not a string': _words(
        _after_a_good_row({"model": ["ladder", "level"], "fields": _new_level()}),
        '"model"',
        "list",
    ),
    "invalid UTF-8": (
        '[{"model": "ladder.level", "fields": {"title": "Caf\xe9"}}]'.encode("latin-1"),
        ["not UTF-8", "0xe9"],
    ),
    "deeply nested JSON": (b"[" * 100_000 + b"]" * 100_000, ["nested too deeply"]),
    "unknown model": _words(
        _after_a_good_row({"model": "ladder.certificate", "fields": {}}), "ladder.certificate"
    ),
    "a model of another app": _words(
        _after_a_good_row(
            {"model": "auth.user", "fields": {"username": "intruder", "is_superuser": True}}
        ),
        "auth.user",
    ),
    "a row that is a list": _words(_after_a_good_row(["ladder.level", {}]), "object", "list"),
    "a row with a primary key": _words(
        _after_a_good_row({"pk": 1, **_bad_level()}), '"pk"', "natural key"
    ),
    "a natural key pointing nowhere": _words(
        _after_a_good_row(_new_skill(level=["no-such-level"])),
        "level",
        "['no-such-level'] does not exist",
    ),
    "a natural key with a part too many": _words(
        _after_a_good_row(_new_skill(level=["chief-ml-officer", "extra"])),
        "level",
        "not a natural key of ladder.level",
    ),
    "a slug where a natural key is expected": _words(
        _after_a_good_row(_new_skill(level="chief-ml-officer")), "level", "natural key"
    ),
    "a missing natural key": _words(
        _after_a_good_row({"model": "ladder.responsibility", "fields": {"order": 1, "text": "x"}}),
        "level",
        "missing",
    ),
    "a number where a string is expected": _words(
        _after_a_good_row(_bad_level(title=42)), "title", "must be a string", "42"
    ),
    "a string where a number is expected": _words(
        _after_a_good_row(_bad_level(salary_min="70K")), "salary_min", "whole number"
    ),
    "a string where true or false is expected": _words(
        _after_a_good_row(_bad_level(salary_and_up="yes")), "salary_and_up", "true or false"
    ),
    "an empty file": (b"", ["not valid JSON"]),
    "an empty list": (b"[]", ["no rows"]),
    "a huge integer": _words(
        _after_a_good_row(_bad_level(salary_max=10**30)), "salary_max", "between 0 and 2147483647"
    ),
    "an integer too big for its column on PostgreSQL": _words(
        _after_a_good_row(_bad_level(order=40_000)), "order", "between 0 and 32767"
    ),
    "a number too long to read": (
        b'[{"model": "ladder.level", "fields": {"order": ' + b"9" * 5000 + b"}}]",
        ["too long"],
    ),
    "a NUL character in a string": _words(
        _after_a_good_row(_bad_level(title="AI\x00Fellow")), "title", "NUL"
    ),
    "a NUL character in a natural key": _words(
        _after_a_good_row(_new_skill(level=["chief\x00ml-officer"])), "level", "NUL"
    ),
    "a line break in a slug": _words(
        _after_a_good_row(_bad_level(slug="ai\nfellow")), "slug", "ai\\nfellow"
    ),
}


@pytest.mark.parametrize(("content", "words"), BAD_FIXTURES.values(), ids=list(BAD_FIXTURES))
def test_a_bad_fixture_is_refused_in_one_line_naming_the_problem_and_writes_nothing(
    db, tmp_path, content, words
):
    path = tmp_path / "bad-ladder.json"
    path.write_bytes(content)
    before = snapshot(every_ladder_table())

    with pytest.raises(CommandError) as refused:
        load(str(path))

    message = str(refused.value)
    assert refused.value.returncode != 0
    assert message.isprintable(), f"not one printable line: {message!r}"
    assert path.name in message
    for word in words:
        assert word in message
    assert snapshot(every_ladder_table()) == before
    assert not get_user_model().objects.filter(username="intruder").exists()


@pytest.mark.parametrize(
    "rows",
    [b"\xff[]", b'[{"model": "ladder.level", "fields": "order=6"}]'],
    ids=["invalid UTF-8", "fields as a string"],
)
def test_manage_py_prints_a_bad_fixture_in_one_line_and_exits_non_zero(tmp_path, rows):
    """The command line as an admin runs it (refused before any table is read)."""
    path = tmp_path / "bad-ladder.json"
    path.write_bytes(rows)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerpath.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }

    finished = subprocess.run(  # noqa: S603 (our own manage.py, no shell)
        [sys.executable, "manage.py", "load_ladder", str(path)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 1
    (line,) = finished.stderr.splitlines()
    assert line.startswith("CommandError: ")
    assert path.name in line
    assert "Traceback" not in finished.stderr
