"""Issue 9: tracks, targets, the path in and specialisations, for a learner."""

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladder.models import Level, PathStep, Proficiency, Skill, Specialisation
from ladder.snapshot import ladder_snapshot
from profiles import assessment as rules
from profiles import levels, services
from profiles.models import PathStepDone, Profile
from tests.ladder.pages import page_text
from tests.mentoring.support import client_for
from tests.profiles.factories import ExperienceFactory, ProfileFactory, SkillRatingFactory
from tests.queries import assert_max_queries, committed

# The main ladder's entry requirements as the fixture held them before issue 9:
# level slug -> (years, {skill slug: minimum proficiency}).
OLD_LADDER = [
    ("junior-ml-engineer", 0, {}),
    (
        "ml-engineer",
        2,
        {
            "python": 3,
            "linear-algebra-statistics": 3,
            "scikit-learn": 3,
            "tensorflow-pytorch": 1,
            "nlp-computer-vision": 1,
        },
    ),
    (
        "senior-ml-engineer",
        5,
        {
            "tensorflow-pytorch": 3,
            "nlp-computer-vision": 3,
            "feature-engineering": 3,
            "advanced-deep-learning": 1,
            "ml-system-design": 1,
        },
    ),
    (
        "ml-architect",
        8,
        {
            "advanced-deep-learning": 3,
            "ml-system-design": 3,
            "distributed-training": 3,
            "ai-strategy": 1,
            "research-leadership": 1,
        },
    ),
]


def old_rules():
    ids = dict(Skill.objects.values_list("slug", "pk"))
    levels = {level.slug: level for level in Level.objects.all()}
    return [
        rules.LevelRule(
            id=levels[slug].pk,
            order=order,
            title=levels[slug].title,
            years=years,
            requirements=tuple(
                rules.SkillRequirement(ids[skill], skill, need) for skill, need in needs.items()
            ),
        )
        for order, (slug, years, needs) in enumerate(OLD_LADDER, start=1)
    ]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ratings=st.lists(st.integers(min_value=0, max_value=4), min_size=50, max_size=50),
    years=st.floats(min_value=0, max_value=20).map(lambda y: round(y, 1)),
)
def test_everyones_main_ladder_level_is_what_the_old_requirements_give(ladder, ratings, years):
    skills = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
    proficiencies = dict(zip(skills, ratings, strict=False))
    old = rules.assess(old_rules(), years=years, proficiencies=proficiencies)
    new = rules.assess(
        levels.level_rules(ladder_snapshot().levels), years=years, proficiencies=proficiencies
    )

    assert new.current.id == old.current.id
    assert new.readiness == old.readiness
    assert sorted((c.skill_id or 0, c.need) for c in new.next_checks) == sorted(
        (c.skill_id or 0, c.need) for c in old.next_checks
    )


# The rules, on chains built by hand.

JUNIOR = rules.LevelRule(1, 1, "Junior")
MID = rules.LevelRule(2, 2, "Mid", 2, (rules.SkillRequirement(10, "Python", 3),))
SENIOR = rules.LevelRule(
    3,
    3,
    "Senior",
    5,
    (rules.SkillRequirement(10, "Python", 4), rules.SkillRequirement(11, "DL", 3)),
)
RESEARCH = rules.LevelRule(4, 4, "Research Scientist", 5, (rules.SkillRequirement(12, "Res", 3),))


def test_the_target_next_above_a_person_gives_exactly_the_next_levels_checks():
    chain = [JUNIOR, MID, SENIOR]
    position = rules.assess(chain, years=1, proficiencies={10: 2})
    target = rules.assess_target(chain, MID.id, years=1, proficiencies={10: 2})

    assert target.checks == position.next_checks
    assert target.readiness == position.readiness
    assert target.as_assessment() == position


def test_a_branch_target_asks_for_every_level_between_each_skill_at_its_highest_minimum():
    chain = [JUNIOR, MID, SENIOR, RESEARCH]
    target = rules.assess_target(chain, RESEARCH.id, years=1, proficiencies={10: 3})

    needs = {check.label: check.need for check in target.checks}
    assert needs == {"Machine learning experience": 5, "Python": 4, "DL": 3, "Res": 3}
    assert not target.reached
    assert 0 < target.readiness < 100


def test_a_target_at_or_below_the_persons_level_is_reached():
    chain = [JUNIOR, MID]
    target = rules.assess_target(chain, JUNIOR.id, years=3, proficiencies={10: 3})

    assert target.reached
    assert target.readiness == 100
    assert target.as_assessment().is_top


def test_the_path_position_names_the_first_step_not_done():
    position = rules.path_position([5, 6, 7], done_ids=[5, 7])

    assert position.next_step_id == 6
    assert position.done == (5, 7)
    assert rules.path_position([5], done_ids=[5]).next_step_id is None


def test_a_learner_is_before_their_first_ml_role_under_a_year_of_ml_work():
    assert rules.is_before_first_ml_role(0)
    assert rules.is_before_first_ml_role(0.9)
    assert not rules.is_before_first_ml_role(1)


# Services: writes that a double submit can't hurt.


def test_marking_a_step_done_twice_keeps_one_row_and_undoing_removes_it(ladder, user):
    step = PathStep.objects.get(order=2)

    assert services.path_step_mark(user=user, step=step, done=True) is True
    assert services.path_step_mark(user=user, step=step, done=True) is False
    assert PathStepDone.objects.filter(user=user).count() == 1
    assert services.path_step_mark(user=user, step=step, done=False) is True
    assert services.path_step_mark(user=user, step=step, done=False) is False
    assert not PathStepDone.objects.filter(user=user).exists()


def test_goals_saved_from_an_old_form_are_a_conflict_unless_they_hold_the_same(ladder, user):
    profile = ProfileFactory(user=user)
    research = Level.objects.get(slug="research-scientist")
    nlp = Specialisation.objects.get(slug="natural-language-processing")
    version = profile.version
    services.profile_goals_update(
        profile=profile, version=version, target=research, specialisations=[nlp]
    )
    # the same values again from the same old form (a double submit): no conflict
    services.profile_goals_update(
        profile=Profile.objects.get(pk=profile.pk),
        version=version,
        target=research,
        specialisations=[nlp],
    )
    with pytest.raises(services.EditConflict):
        services.profile_goals_update(
            profile=Profile.objects.get(pk=profile.pk),
            version=version,
            target=None,
            specialisations=[],
        )
    profile.refresh_from_db()
    assert profile.target == research
    assert list(profile.specialisations.all()) == [nlp]


def test_make_this_my_target_twice_sets_it_once(ladder, user):
    level = Level.objects.get(slug="ai-product-manager")
    first = services.profile_target_set(user=user, target=level)
    again = services.profile_target_set(user=user, target=level)

    assert again.target == level
    assert again.version == first.version


# Pages.


def test_the_path_page_shows_the_seven_steps_to_anyone(ladder, client):
    text = page_text(client.get(reverse("profiles:path")))

    for step in PathStep.objects.all():
        assert step.title in text
    assert "Mark as done" not in text


def test_a_learner_marks_a_step_done_on_the_path_page_and_comes_back_to_it(ladder, user):
    client = client_for(user)
    step = PathStep.objects.get(order=1)

    response = client.post(reverse("profiles:path_step", args=[step.slug]), {"done": "1"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/path/#step-{step.slug}")
    assert PathStepDone.objects.filter(user=user, step=step).exists()
    assert "Mark as not done" in page_text(client.get(reverse("profiles:path")))


def test_a_newcomer_sees_their_place_on_the_path_and_the_next_step(ladder, user):
    PathStepDone.objects.create(user=user, step=PathStep.objects.get(order=1))
    text = page_text(client_for(user).get(reverse("profiles:dashboard")))

    assert "Your path into ML engineering" in text
    assert "1 of 7 steps done" in text
    # the path card points at the step holding the dashboard's one next step (Python)
    assert "Your next step, Python, is part of Learning Programming and Data Science Basics" in text
    assert "Next: " not in text.split("Your path into ML engineering")[1]


def test_someone_with_ml_work_does_not_see_the_path_on_the_dashboard(ladder, user):
    ExperienceFactory(user=user, start_month=date(2020, 1, 1), end_month=None, is_ml_work=True)
    text = page_text(client_for(user).get(reverse("profiles:dashboard")))

    assert "Your path into ML engineering" not in text


def test_the_dashboard_measures_readiness_and_advice_for_a_chosen_branch_target(ladder, user):
    profile = ProfileFactory(user=user, target=Level.objects.get(slug="research-scientist"))
    nlp = Specialisation.objects.get(slug="natural-language-processing")
    profile.specialisations.set([nlp])
    SkillRatingFactory(user=user, skill=Skill.objects.get(slug="research-methods"), proficiency=1)
    text = page_text(client_for(user).get(reverse("profiles:dashboard")))

    assert "Your target: Research Scientist" in text
    assert "Research science track, branching from Senior ML Engineer" in text
    assert "Research Methods: from Learning to Proficient" in text
    assert "Specialisation: Natural language processing (NLP)" in text
    assert "Fine-tune a transformer text classifier" in text


def test_the_compare_page_shows_every_level_of_every_track_and_sets_a_target(ladder, user):
    client = client_for(user)
    text = page_text(client.get(reverse("profiles:compare")))

    for level in Level.objects.all():
        assert level.title in text
    response = client.post(reverse("profiles:target_set", args=["ai-product-manager"]))
    assert response.status_code == 302
    assert Profile.objects.get(user=user).target.slug == "ai-product-manager"


def test_the_goals_form_saves_the_target_and_specialisations(ladder, user):
    client = client_for(user)
    profile = Profile.objects.get_or_create(user=user)[0]
    rl = Specialisation.objects.get(slug="reinforcement-learning")
    target = Level.objects.get(slug="ml-architect")

    response = client.post(
        reverse("profiles:goals"),
        {"version": profile.version, "target": target.pk, "specialisations": [rl.pk]},
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.target == target
    assert list(profile.specialisations.all()) == [rl]


def test_the_export_holds_the_target_specialisations_and_steps_done(ladder, user):
    profile = ProfileFactory(user=user, target=Level.objects.get(slug="research-scientist"))
    profile.specialisations.set([Specialisation.objects.get(slug="computer-vision")])
    PathStepDone.objects.create(user=user, step=PathStep.objects.get(order=3))

    data = client_for(user).get(reverse("account_export")).json()

    assert data["profile"]["target"] == "Research Scientist"
    assert data["profile"]["specialisations"] == ["Computer vision"]
    assert data["path_steps_done"][0]["step"] == "Mastering Core Machine Learning Concepts"


@pytest.mark.parametrize("extra", [0, 5])
def test_the_signed_in_pages_do_not_grow_in_queries_with_tracks_steps_or_specialisations(
    ladder, user, extra
):
    from tests.ladder.factories import (
        LevelFactory,
        PathStepFactory,
        SpecialisationFactory,
        TrackFactory,
    )

    senior = Level.objects.get(slug="senior-ml-engineer")
    with committed():
        for n in range(extra):
            track = TrackFactory(slug=f"extra-track-{n}", order=10 + n)
            LevelFactory(track=track, order=1, branches_from=senior, years_min=None, years_max=None)
            PathStepFactory(order=100 + n)
            SpecialisationFactory(order=100 + n)
    profile = ProfileFactory(user=user)
    profile.specialisations.set(Specialisation.objects.all())
    for step in PathStep.objects.all():
        PathStepDone.objects.create(user=user, step=step)
    ladder_snapshot()
    client = client_for(user)
    for url, limit in [
        (reverse("profiles:dashboard"), 8),
        (reverse("profiles:compare"), 6),
        (reverse("profiles:path"), 4),
        (reverse("profiles:goals"), 7),
    ]:
        with assert_max_queries(limit, info=url):
            assert client.get(url).status_code == 200


def test_a_rating_of_the_nlp_cv_key_skill_keeps_its_meaning(ladder, user):
    key_skill = Skill.objects.get(slug="nlp-computer-vision")

    assert key_skill.name == "NLP/Computer Vision"
    assert key_skill.level.slug == "ml-engineer"
    assert set(key_skill.specialisations_built_on.values_list("slug", flat=True)) == {
        "natural-language-processing",
        "computer-vision",
    }
    assert (
        Proficiency.PROFICIENT
        == key_skill.requirements.get(level__slug="senior-ml-engineer").min_proficiency
    )
