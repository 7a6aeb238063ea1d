"""The writes to a learner's data: ratings with their history, profiles, account deletion."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError

from ladder.models import Proficiency
from profiles.models import Experience, Profile, SkillRating, SkillRatingChange
from profiles.services import (
    EditConflict,
    RatingInput,
    experience_update,
    profile_get_or_create,
    profile_update,
    project_update,
    skill_ratings_save,
    user_delete,
)
from tests.ladder.factories import ProjectTemplateFactory, SkillFactory
from tests.profiles.factories import (
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingChangeFactory,
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
    ).changes

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
    ).changes

    assert changed == 1
    assert changes(user) == [("Python", 2, 3)]
    assert ratings(user)["SQL"] == 0  # Not started is an answer, kept as the rating alone
    assert SkillRating.objects.get(user=user, skill=stats).notes == "unchanged step, new note"


def test_saving_the_same_ratings_twice_records_nothing_the_second_time(db):
    user = UserFactory()
    python = SkillFactory(name="Python")
    skill_ratings_save(user=user, ratings=[RatingInput(python, 3, notes="typed code")])

    changed = skill_ratings_save(
        user=user, ratings=[RatingInput(python, 3, notes="typed code")]
    ).changes

    assert changed == 0
    assert changes(user) == [("Python", None, 3)]


def test_a_skill_not_answered_gets_no_rating(db):
    user = UserFactory()

    saved = skill_ratings_save(user=user, ratings=[RatingInput(SkillFactory(), None)])

    assert (saved.changes, saved.written, saved.answered) == (0, 0, frozenset())
    assert not SkillRating.objects.filter(user=user).exists()


def test_not_started_is_an_answer_stored_as_a_rating_with_no_proficiency_change(db):
    user = UserFactory()
    skill = SkillFactory(name="Python")

    saved = skill_ratings_save(user=user, ratings=[RatingInput(skill, Proficiency.NOT_STARTED)])

    assert (saved.changes, saved.written, saved.answered) == (0, 1, frozenset({skill.pk}))
    assert ratings(user) == {"Python": Proficiency.NOT_STARTED}
    assert changes(user) == []


def test_a_rating_is_never_taken_back_to_not_rated(db):
    user = UserFactory()
    skill = SkillFactory(name="Python")
    SkillRatingFactory(user=user, skill=skill, proficiency=2)

    saved = skill_ratings_save(user=user, ratings=[RatingInput(skill, None)])

    assert saved.written == 0
    assert ratings(user) == {"Python": 2}


def test_going_back_to_not_started_is_recorded_as_a_change(db):
    user = UserFactory()
    skill = SkillFactory(name="Python")
    SkillRatingFactory(user=user, skill=skill, proficiency=2)

    changed = skill_ratings_save(user=user, ratings=[RatingInput(skill, 0)]).changes

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


# Versions: a save from a form read at an older version is a conflict, unless it changes
# nothing.


def test_saving_a_rating_read_at_its_current_version_saves_it_and_bumps_the_version(db):
    user = UserFactory()
    rating = SkillRatingFactory(user=user, proficiency=1)

    saved = skill_ratings_save(user=user, ratings=[RatingInput(rating.skill, 3, version=1)])

    rating.refresh_from_db()
    assert (saved.changes, saved.conflicts) == (1, {})
    assert (rating.proficiency, rating.version) == (3, 2)


def test_a_rating_changed_since_it_was_read_is_a_conflict_and_the_others_are_saved(db):
    user = UserFactory()
    python, stats = SkillFactory(name="Python"), SkillFactory(name="Statistics")
    rating = SkillRatingFactory(user=user, skill=python, proficiency=4, version=2)

    saved = skill_ratings_save(
        user=user, ratings=[RatingInput(python, 1, version=1), RatingInput(stats, 2, version=0)]
    )

    assert saved.conflicts == {python.pk: rating}
    assert saved.changes == 1
    assert ratings(user) == {"Python": 4, "Statistics": 2}
    assert changes(user) == [("Statistics", None, 2)]


def test_a_first_rating_saved_by_another_form_meanwhile_is_a_conflict(db):
    user = UserFactory()
    python = SkillFactory(name="Python")
    skill_ratings_save(user=user, ratings=[RatingInput(python, 4, version=0)])

    saved = skill_ratings_save(user=user, ratings=[RatingInput(python, 1, version=0)])

    assert list(saved.conflicts) == [python.pk]
    assert ratings(user) == {"Python": 4}


def test_a_stale_rating_equal_to_the_saved_one_is_not_a_conflict(db):
    user = UserFactory()
    python = SkillFactory(name="Python")
    skill_ratings_save(user=user, ratings=[RatingInput(python, 4, notes="n", version=0)])

    saved = skill_ratings_save(user=user, ratings=[RatingInput(python, 4, notes="n", version=0)])

    assert (saved.changes, saved.conflicts) == (0, {})


def test_updating_a_role_read_at_its_version_saves_it_and_bumps_the_version(db):
    experience = ExperienceFactory(role_title="ML engineer")

    experience_update(experience=experience, version=1, **role_of(experience, "Lead"))

    experience.refresh_from_db()
    assert (experience.role_title, experience.version) == ("Lead", 2)


def test_updating_a_role_changed_since_raises_a_conflict_with_the_saved_role(db):
    experience = ExperienceFactory(role_title="ML engineer")
    Experience.objects.filter(pk=experience.pk).update(organisation="Elsewhere", version=2)

    with pytest.raises(EditConflict) as raised:
        experience_update(experience=experience, version=1, **role_of(experience, "Lead"))

    assert raised.value.current.organisation == "Elsewhere"
    experience.refresh_from_db()
    assert (experience.role_title, experience.version) == ("ML engineer", 2)


def test_a_project_whose_skills_changed_since_is_a_conflict(db):
    first, second = SkillFactory(), SkillFactory()
    project = ProjectFactory(skills=[first])
    project_update(project=project, version=1, **project_of(project, skills=[first, second]))

    with pytest.raises(EditConflict):
        project_update(project=project, version=1, **project_of(project, skills=[first]))

    assert set(project.skills.all()) == {first, second}


def test_a_stale_profile_save_with_the_saved_values_is_not_a_conflict(db):
    profile = ProfileFactory(display_name="Ada")
    values = {
        "display_name": "Ada",
        "headline": "",
        "weekly_hours": 5,
        "github_url": "",
        "kaggle_url": "",
        "website_url": "",
        "visibility": "private",
    }
    profile_update(profile=profile, version=1, **{**values, "headline": "Hi"})
    profile_update(profile=profile, version=1, **{**values, "headline": "Hi"})

    profile.refresh_from_db()
    assert (profile.headline, profile.version) == ("Hi", 2)


def role_of(experience, role_title):
    return {
        "role_title": role_title,
        "organisation": experience.organisation,
        "start_month": experience.start_month,
        "end_month": experience.end_month,
        "is_ml_work": experience.is_ml_work,
    }


def project_of(project, *, skills):
    return {
        "title": project.title,
        "description": project.description,
        "link": project.link,
        "status": project.status,
        "template": project.template,
        "skills": skills,
    }


# A person's data never disappears because ladder content changed.


def test_a_skill_someone_rated_cannot_be_deleted(db):
    skill = SkillFactory()
    SkillRatingFactory(skill=skill)

    with pytest.raises(ProtectedError):
        skill.delete()

    assert SkillRating.objects.filter(skill=skill).exists()


def test_a_skill_in_someones_rating_history_cannot_be_deleted(db):
    change = SkillRatingChangeFactory()

    with pytest.raises(ProtectedError):
        change.skill.delete()

    assert SkillRatingChange.objects.filter(pk=change.pk).exists()


def test_a_ladder_project_someones_project_fulfils_cannot_be_deleted(db):
    template = ProjectTemplateFactory()
    project = ProjectFactory(template=template)

    with pytest.raises(ProtectedError):
        template.delete()

    project.refresh_from_db()
    assert project.template == template
