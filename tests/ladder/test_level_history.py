"""A level's history in words (ladder/level_history.py), tested without a database."""

from datetime import UTC, datetime, timedelta

from ladder.level_history import (
    ADDED,
    CHANGED,
    LEVEL,
    REMOVED,
    REQUIREMENT,
    RESPONSIBILITY,
    Version,
    level_history,
)

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
HERE, ELSEWHERE = 1, 2
NAMES = {HERE: "Machine Learning Engineer", ELSEWHERE: "Senior ML Engineer"}


def version(kind, object_id, minute, action, level_id=HERE, reason="", **values):
    if kind != LEVEL:
        values = {"level": NAMES[level_id], **values}
    return Version(
        kind=kind,
        object_id=object_id,
        level_id=level_id,
        history_id=minute,
        date=START + timedelta(minutes=minute),
        action=action,
        user="editor",
        reason=reason,
        values=values,
    )


def requirement(minute, action, skill="Scikit-learn", proficiency="Proficient", **kwargs):
    return version(REQUIREMENT, 7, minute, action, skill=skill, proficiency=proficiency, **kwargs)


def changes(versions):
    return [entry.changes for entry in level_history(versions, level_id=HERE)]


def test_a_requirements_new_minimum_reads_as_skill_old_label_to_new_label():
    versions = [requirement(1, ADDED), requirement(2, CHANGED, proficiency="Expert", reason="R")]

    entries = level_history(versions, level_id=HERE)

    assert entries[0].changes == ("Scikit-learn: Proficient → Expert",)
    assert entries[0].reason == "R"
    assert entries[0].subject == "Entry requirement"
    assert entries[0].action == "Changed"


def test_entries_are_newest_first_whatever_order_the_records_come_in():
    versions = [requirement(2, CHANGED, proficiency="Expert"), requirement(1, ADDED)]

    assert changes(versions) == [
        ("Scikit-learn: Proficient → Expert",),
        ("Scikit-learn at Proficient added",),
    ]


def test_a_requirement_given_another_skill_names_both_skills_and_minimums():
    versions = [
        requirement(1, ADDED),
        requirement(2, CHANGED, skill="Python", proficiency="Expert"),
    ]

    assert changes(versions)[0] == ("Scikit-learn at Proficient → Python at Expert",)


def test_a_removed_requirement_says_what_it_was():
    assert changes([requirement(1, ADDED), requirement(2, REMOVED)])[0] == (
        "Scikit-learn at Proficient removed",
    )


def test_a_requirement_moved_to_another_level_says_where_and_its_life_there_is_left_out():
    versions = [
        requirement(1, ADDED),
        requirement(2, CHANGED, level_id=ELSEWHERE),
        requirement(3, CHANGED, level_id=ELSEWHERE, proficiency="Expert"),
    ]

    assert changes(versions) == [
        ("Scikit-learn moved to Senior ML Engineer",),
        ("Scikit-learn at Proficient added",),
    ]


def test_a_requirement_moved_here_says_where_from():
    versions = [requirement(1, ADDED, level_id=ELSEWHERE), requirement(2, CHANGED)]

    assert changes(versions) == [("Scikit-learn moved here from Senior ML Engineer",)]


def test_a_responsibilitys_text_and_position_read_as_before_and_after():
    versions = [
        version(RESPONSIBILITY, 3, 1, ADDED, text="Train models.", order="1"),
        version(RESPONSIBILITY, 3, 2, CHANGED, text="Ship models.", order="2"),
    ]

    assert changes(versions)[0] == (
        "“Train models.” → “Ship models.”",
        "“Ship models.”: position 1 → 2",
    )
    assert changes(versions)[1] == ("“Train models.” added at position 1",)


def test_a_level_change_lists_each_changed_field_by_its_label():
    versions = [
        version(LEVEL, HERE, 1, ADDED, Title="ML Engineer", Summary="Old.", **{"Salary min": "1"}),
        version(
            LEVEL, HERE, 2, CHANGED, Title="ML Engineer", Summary="New.", **{"Salary min": "2"}
        ),
    ]

    assert changes(versions)[0] == ("Summary: Old. → New.", "Salary min: 1 → 2")
    assert changes(versions)[1] == ("Level “ML Engineer” created",)


def test_a_record_that_changed_nothing_is_left_out():
    versions = [
        version(LEVEL, HERE, 1, ADDED, Title="ML Engineer"),
        version(LEVEL, HERE, 2, CHANGED, Title="ML Engineer"),
        requirement(3, ADDED),
        requirement(4, CHANGED),
    ]

    assert changes(versions) == [
        ("Scikit-learn at Proficient added",),
        ("Level “ML Engineer” created",),
    ]


def test_a_change_whose_earlier_record_is_gone_says_so():
    assert changes([requirement(2, CHANGED, proficiency="Expert")]) == [
        ("Scikit-learn at Expert (earlier value not kept)",)
    ]
