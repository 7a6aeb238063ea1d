"""Verified or self-assessed (profiles/verification.py), tested as plain data: no database."""

from profiles.assessment import Check, LevelRule, SkillRequirement, assess
from profiles.verification import (
    SELF_ASSESSED,
    VERIFIED,
    MentorProof,
    Verification,
    check_verified,
    held_checks,
    verify_held,
    verify_level,
)

PYTHON, STATS, PYTORCH = 1, 2, 3
PRACTICING, PROFICIENT, EXPERT = 2, 3, 4


def skill_check(skill_id, *, need, have=0):
    return Check(label=f"skill {skill_id}", have=have, need=need, skill_id=skill_id)


def years_check(*, need, have=0):
    return Check(label="Machine learning experience", have=have, need=need)


def test_a_mentor_rating_that_meets_the_requirement_verifies_it():
    check = skill_check(PYTHON, need=PROFICIENT)
    proof = MentorProof(rated={PYTHON: PROFICIENT})

    assert check_verified(check, own={}, proof=proof)
    assert check_verified(check, own={}, proof=MentorProof(rated={PYTHON: EXPERT}))


def test_a_mentor_rating_below_the_requirement_does_not_verify_it_even_if_the_own_rating_meets():
    check = skill_check(PYTHON, need=PROFICIENT, have=PROFICIENT)
    proof = MentorProof(rated={PYTHON: PRACTICING})

    assert not check_verified(check, own={PYTHON: PROFICIENT}, proof=proof)


def test_a_signed_off_project_verifies_the_skill_when_the_own_rating_meets_it():
    check = skill_check(PYTHON, need=PROFICIENT, have=EXPERT)
    proof = MentorProof(signed_off_skill_ids=frozenset({PYTHON}))

    assert check_verified(check, own={PYTHON: EXPERT}, proof=proof)


def test_a_signed_off_project_does_not_lift_an_own_rating_below_the_requirement():
    check = skill_check(PYTHON, need=PROFICIENT, have=PRACTICING)
    proof = MentorProof(signed_off_skill_ids=frozenset({PYTHON}))

    assert not check_verified(check, own={PYTHON: PRACTICING}, proof=proof)
    assert not check_verified(check, own={}, proof=proof)


def test_a_signed_off_project_of_another_skill_verifies_nothing():
    check = skill_check(PYTHON, need=PROFICIENT, have=PROFICIENT)
    proof = MentorProof(signed_off_skill_ids=frozenset({PYTORCH}))

    assert not check_verified(check, own={PYTHON: PROFICIENT}, proof=proof)


def test_without_any_mentor_proof_nothing_is_verified():
    check = skill_check(PYTHON, need=PRACTICING, have=EXPERT)

    assert not check_verified(check, own={PYTHON: EXPERT}, proof=MentorProof())


def test_the_years_check_is_never_verified_and_never_counted():
    checks = [years_check(need=5, have=6), skill_check(PYTHON, need=PROFICIENT)]
    proof = MentorProof(rated={PYTHON: EXPERT})

    assert not check_verified(checks[0], own={}, proof=proof)
    assert verify_level(checks, own={}, proof=proof) == Verification(verified=1, total=1)


def test_verify_level_counts_the_verified_skill_requirements():
    checks = [
        years_check(need=2),
        skill_check(PYTHON, need=PROFICIENT, have=PROFICIENT),
        skill_check(STATS, need=PRACTICING, have=PRACTICING),
        skill_check(PYTORCH, need=PRACTICING, have=PRACTICING),
    ]
    proof = MentorProof(rated={PYTHON: PROFICIENT}, signed_off_skill_ids=frozenset({STATS}))
    own = {PYTHON: PROFICIENT, STATS: PRACTICING, PYTORCH: PRACTICING}

    verification = verify_level(checks, own=own, proof=proof)

    assert verification == Verification(verified=2, total=3)
    assert verification.label == SELF_ASSESSED
    assert verification.summary == "2 of 3 skill requirements verified by a mentor"


def test_the_label_says_verified_by_a_mentor_only_when_every_skill_requirement_is():
    assert Verification(verified=3, total=3).label == VERIFIED == "verified by a mentor"
    assert Verification(verified=2, total=3).label == SELF_ASSESSED == "self-assessed"
    assert Verification(verified=0, total=3).label == SELF_ASSESSED


def test_a_level_without_skill_requirements_reads_self_assessed():
    verification = verify_level([years_check(need=0)], own={}, proof=MentorProof())

    assert verification == Verification(verified=0, total=0)
    assert verification.label == SELF_ASSESSED


def test_the_summary_says_requirement_for_one():
    assert Verification(verified=1, total=1).summary == (
        "1 of 1 skill requirement verified by a mentor"
    )


def test_the_held_level_is_verified_over_its_requirements_and_those_below():
    levels = [
        LevelRule(id=1, order=1, title="Junior"),
        LevelRule(
            id=2,
            order=2,
            title="Mid",
            years=2,
            requirements=(
                SkillRequirement(PYTHON, "Python", PRACTICING),
                SkillRequirement(STATS, "Statistics", PRACTICING),
            ),
        ),
        LevelRule(
            id=3,
            order=3,
            title="Senior",
            years=5,
            requirements=(
                SkillRequirement(PYTHON, "Python", PROFICIENT),
                SkillRequirement(PYTORCH, "PyTorch", PRACTICING),
            ),
        ),
    ]
    own = {PYTHON: PROFICIENT, STATS: PRACTICING, PYTORCH: PRACTICING}
    assessment = assess(levels, years=6, proficiencies=own)
    assert assessment.current.title == "Senior"

    # one check per skill, at the highest minimum asked (Python at Proficient), no years
    assert {(c.skill_id, c.need) for c in held_checks(assessment) if not c.is_years} == {
        (PYTHON, PROFICIENT),
        (STATS, PRACTICING),
        (PYTORCH, PRACTICING),
    }
    # a mentor's Practicing meets Mid's Python but not Senior's
    partly = MentorProof(
        rated={PYTHON: PRACTICING, STATS: PRACTICING, PYTORCH: PROFICIENT},
    )
    assert verify_held(assessment, own=own, proof=partly) == Verification(verified=2, total=3)

    fully = MentorProof(
        rated={STATS: PRACTICING, PYTORCH: PROFICIENT},
        signed_off_skill_ids=frozenset({PYTHON}),
    )
    assert verify_held(assessment, own=own, proof=fully).label == VERIFIED


def test_the_first_level_held_reads_self_assessed():
    assessment = assess([LevelRule(id=1, order=1, title="Junior")], years=0, proficiencies={})

    assert verify_held(assessment, own={}, proof=MentorProof()).label == SELF_ASSESSED
