"""The check-in rules on plain data: who sees which ratings, what a frozen check-in keeps and
how two compare. No database."""

from datetime import date, timedelta

from mentoring.check_in_rules import Snapshot, compare, sides_shown, snapshot_of
from profiles.assessment import LevelRule, SkillRequirement
from profiles.verification import MentorProof

PYTHON, SQL, MLOPS = 1, 2, 3
NAMES = {PYTHON: "Python", SQL: "SQL", MLOPS: "MLOps"}
CHAIN = [
    LevelRule(id=10, order=1, title="Junior ML Engineer"),
    LevelRule(
        id=11,
        order=2,
        title="ML Engineer",
        requirements=(
            SkillRequirement(PYTHON, "Python", 2),
            SkillRequirement(SQL, "SQL", 2),
        ),
    ),
    LevelRule(
        id=12,
        order=3,
        title="Senior ML Engineer",
        requirements=(
            SkillRequirement(PYTHON, "Python", 3),
            SkillRequirement(MLOPS, "MLOps", 3),
        ),
    ),
]
TODAY = date(2030, 1, 15)  # a plain value: nothing here reads the clock


def snapshot(*, own, agreed, held_on=TODAY, proof=None, target_id=12):
    return snapshot_of(
        chain=CHAIN,
        target_id=target_id,
        years=0,
        own=own,
        skill_names=NAMES,
        chosen=sorted(agreed),
        learner=own,
        mentor=agreed,
        agreed=agreed,
        proof=proof or MentorProof(rated=agreed),
        held_on=held_on,
        mentor_name="Grace",
        agreed_level=None,
        note="",
    )


def test_neither_side_sees_the_others_ratings_until_both_have_rated():
    assert sides_shown(viewer="learner", learner_rated=True, mentor_rated=False) == {"learner"}
    assert sides_shown(viewer="mentor", learner_rated=True, mentor_rated=False) == {"mentor"}
    assert sides_shown(viewer="mentor", learner_rated=True, mentor_rated=True) == {
        "learner",
        "mentor",
    }


def test_the_figures_count_the_agreed_ratings_in_place_of_the_learners_own():
    result = snapshot(own={PYTHON: 1, SQL: 2}, agreed={PYTHON: 2})

    assert result.current_level == "ML Engineer"
    assert result.target_level == "Senior ML Engineer"
    # Python 2 of 3, MLOps 0 of 3: 2 of 6 points
    assert result.target_readiness == 33
    python = result.skills[0]
    assert (python.name, python.learner, python.agreed, python.need) == ("Python", 1, 2, 3)
    assert python.verified is False  # the mentor's 2 does not meet the target's 3


def test_a_skill_is_verified_when_the_mentors_agreed_rating_meets_the_target():
    result = snapshot(own={PYTHON: 3, SQL: 2}, agreed={PYTHON: 3, SQL: 2})

    assert [line.verified for line in result.skills] == [True, True]
    assert (result.verified, result.verified_total) == (2, 3)  # MLOps is not rated
    assert result.held_label == "verified by a mentor"


def test_a_snapshot_reads_back_from_its_json_unchanged():
    result = snapshot(own={PYTHON: 1, SQL: 2}, agreed={PYTHON: 2})

    assert Snapshot.from_json(result.to_json()) == result


def test_two_check_ins_compare_by_skill_and_by_the_later_targets_readiness():
    earlier = snapshot(own={PYTHON: 1, SQL: 1}, agreed={PYTHON: 1})
    later = snapshot(
        own={PYTHON: 3, SQL: 2, MLOPS: 1}, agreed={PYTHON: 3}, held_on=TODAY + timedelta(days=30)
    )

    comparison = compare(later, earlier)  # either order

    assert [change.name for change in comparison.rose] == ["Python", "SQL", "MLOps"]
    assert comparison.summary == (
        "since the check-in of 15 Jan 2030: +3 skills, Senior ML Engineer "
        f"{earlier.target_readiness} % → {later.target_readiness} %"
    )


def test_a_renamed_skill_compares_as_the_same_skill():
    earlier = snapshot(own={PYTHON: 1}, agreed={PYTHON: 1})
    renamed = {**NAMES, PYTHON: "Python 3"}
    later = snapshot_of(
        chain=CHAIN,
        target_id=12,
        years=0,
        own={PYTHON: 2},
        skill_names=renamed,
        chosen=[PYTHON],
        learner={PYTHON: 2},
        mentor={PYTHON: 2},
        agreed={PYTHON: 2},
        proof=MentorProof(),
        held_on=TODAY + timedelta(days=7),
        mentor_name="Grace",
        agreed_level=None,
        note="",
    )

    comparison = compare(earlier, later)

    assert [(c.name, c.before, c.after) for c in comparison.rose] == [("Python 3", 1, 2)]
