"""The writes to a learner's data: ratings with their history, profiles, account deletion."""

from django.contrib.auth import get_user_model

from ladder.models import Proficiency
from profiles.models import Profile, SkillRating, SkillRatingChange
from profiles.services import RatingInput, profile_get_or_create, skill_ratings_save, user_delete
from tests.ladder.factories import SkillFactory
from tests.profiles.factories import (
    ExperienceFactory,
    ProjectFactory,
    SkillRatingFactory,
    UserFactory,
)


def changes(user):
    """Return the user's proficiency changes as (skill name, old, new), oldest first."""
    rows = SkillRatingChange.objects.filter(user=user).order_by("changed_at", "pk")
    return list(rows.values_list("skill__name", "old_proficiency", "new_proficiency"))


def ratings(user):
    return dict(SkillRating.objects.filter(user=user).values_list("skill__name", "proficiency"))


def test_saving_new_ratings_returns_and_records_one_change_per_rated_skill(db):
    user = UserFactory()
    python, stats = SkillFactory(name="Python"), SkillFactory(name="Statistics")

    changed = skill_ratings_save(
        user=user,
        ratings=[RatingInput(python, Proficiency.PRACTICING), RatingInput(stats, 1)],
    )

    assert changed == 2
    assert ratings(user) == {"Python": Proficiency.PRACTICING, "Statistics": 1}
    assert changes(user) == [("Python", None, 2), ("Statistics", None, 1)]


def test_saving_records_changes_only_for_the_ratings_whose_proficiency_changed(db):
    user = UserFactory()
    python, stats, sql = (SkillFactory(name=name) for name in ("Python", "Statistics", "SQL"))
    SkillRatingFactory(user=user, skill=python, proficiency=2)
    SkillRatingFactory(user=user, skill=stats, proficiency=2)

    changed = skill_ratings_save(
        user=user,
        ratings=[
            RatingInput(python, 3),
            RatingInput(stats, 2, notes="unchanged step, new note"),
            RatingInput(sql, 0),
        ],
    )

    assert changed == 1
    assert changes(user) == [("Python", 2, 3)]
    assert SkillRating.objects.get(user=user, skill=stats).notes == "unchanged step, new note"


def test_saving_the_same_ratings_twice_records_nothing_the_second_time(db):
    user = UserFactory()
    python = SkillFactory(name="Python")
    skill_ratings_save(user=user, ratings=[RatingInput(python, 3, notes="typed code")])

    changed = skill_ratings_save(user=user, ratings=[RatingInput(python, 3, notes="typed code")])

    assert changed == 0
    assert changes(user) == [("Python", None, 3)]


def test_a_skill_left_at_not_started_with_nothing_written_gets_no_rating(db):
    user = UserFactory()

    changed = skill_ratings_save(user=user, ratings=[RatingInput(SkillFactory(), 0)])

    assert changed == 0
    assert not SkillRating.objects.filter(user=user).exists()


def test_notes_on_a_skill_not_started_are_kept_without_a_proficiency_change(db):
    user = UserFactory()
    skill = SkillFactory(name="Python")

    changed = skill_ratings_save(
        user=user, ratings=[RatingInput(skill, 0, evidence_url="https://example.com/plan")]
    )

    assert changed == 0
    assert ratings(user) == {"Python": Proficiency.NOT_STARTED}
    assert changes(user) == []


def test_going_back_to_not_started_is_recorded_as_a_change(db):
    user = UserFactory()
    skill = SkillFactory(name="Python")
    SkillRatingFactory(user=user, skill=skill, proficiency=2)

    changed = skill_ratings_save(user=user, ratings=[RatingInput(skill, 0)])

    assert changed == 1
    assert changes(user) == [("Python", 2, 0)]


def test_saving_one_learners_ratings_leaves_another_learners_alone(db):
    learner, other = UserFactory(), UserFactory()
    skill = SkillFactory(name="Python")
    SkillRatingFactory(user=other, skill=skill, proficiency=4)

    skill_ratings_save(user=learner, ratings=[RatingInput(skill, 1)])

    assert ratings(other) == {"Python": 4}
    assert changes(other) == []


def test_every_new_account_gets_a_private_profile_at_once(db):
    user = get_user_model().objects.create_user(username="new", email="new@example.com")

    profile = Profile.objects.get(user=user)
    assert profile.visibility == "private"
    assert profile.weekly_hours == 5


def test_getting_a_profile_returns_the_existing_one_and_makes_a_missing_one(db):
    user = UserFactory()
    existing = Profile.objects.get(user=user)

    assert profile_get_or_create(user=user) == existing

    existing.delete()
    made = profile_get_or_create(user=user)
    assert made.pk is not None
    assert Profile.objects.filter(user=user).count() == 1


def test_deleting_an_account_removes_its_rows_and_keeps_everyone_elses(db):
    leaving, staying = UserFactory(), UserFactory()
    skill = SkillFactory()
    for user in (leaving, staying):
        ExperienceFactory(user=user)
        ProjectFactory(user=user, skills=[skill])
        skill_ratings_save(user=user, ratings=[RatingInput(skill, 2)])

    user_delete(user=leaving)

    assert not get_user_model().objects.filter(pk=leaving.pk).exists()
    assert not Profile.objects.filter(user_id=leaving.pk).exists()
    assert not SkillRatingChange.objects.filter(user_id=leaving.pk).exists()
    assert staying.experiences.count() == 1
    assert staying.projects.get().skills.get() == skill
    assert ratings(staying) == {skill.name: 2}
    assert changes(staying) == [(skill.name, None, 2)]
