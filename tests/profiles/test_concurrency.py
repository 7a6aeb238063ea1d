"""One person's ratings saved by several requests at the same moment (PostgreSQL only: it
runs them truly in parallel). The saves queue on the person's profile row, so none fails
and the history always chains: each change starts where the previous one ended, and the
last one ends at the current rating.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from profiles.models import SkillRating, SkillRatingChange
from profiles.services import RatingInput, skill_ratings_save
from tests.ladder.factories import SkillFactory
from tests.profiles.factories import UserFactory
from tests.profiles.test_skills import SKILLS, fill, submitted

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

ROUNDS = 25


def run_together(*jobs, rounds=None):
    """Run the jobs in threads started at the same moment; return what they raised.

    A job that fails breaks the `rounds` barrier the jobs meet at, so the others stop too."""
    start = threading.Barrier(len(jobs), timeout=60)
    errors = []

    def run(job):
        try:
            start.wait()
            job()
        except Exception as error:  # reported by the test
            errors.append(error)
            if rounds is not None:
                rounds.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def assert_history_chains(user):
    current = dict(SkillRating.objects.filter(user=user).values_list("skill_id", "proficiency"))
    rows = SkillRatingChange.objects.filter(user=user).order_by("changed_at", "pk")
    by_skill = {}
    for skill_id, old, new in rows.values_list("skill_id", "old_proficiency", "new_proficiency"):
        by_skill.setdefault(skill_id, []).append((old, new))
    assert by_skill.keys() == current.keys()
    for skill_id, steps in by_skill.items():
        assert steps[0][0] is None, steps
        for (_, previous_new), (old, _) in zip(steps, steps[1:], strict=False):
            assert old == previous_new, steps
        assert steps[-1][1] == current[skill_id], steps


def test_two_clients_saving_one_persons_ratings_over_and_over_keep_the_history_chained():
    user = UserFactory()
    skills = SkillFactory.create_batch(3)
    skill_ratings_save(user=user, ratings=[RatingInput(skill, 1) for skill in skills])
    rounds = threading.Barrier(2, timeout=60)

    def client(offset):
        def save_repeatedly():
            for n in range(ROUNDS):
                rounds.wait()
                skill_ratings_save(
                    user=user,
                    ratings=[
                        RatingInput(skill, 1 + (n + offset + k) % 4)
                        for k, skill in enumerate(skills)
                    ],
                )

        return save_repeatedly

    errors = run_together(client(0), client(1), rounds=rounds)

    assert errors == []
    assert SkillRating.objects.filter(user=user).count() == len(skills)
    assert_history_chains(user)


def test_the_same_first_ratings_posted_twice_at_once_are_saved_both_times():
    SkillFactory(slug="python")
    learners = UserFactory.create_batch(8)
    statuses = []

    def post(learner, data):
        def send():
            browser = Client()
            browser.force_login(learner)
            statuses.append(browser.post(SKILLS, data).status_code)

        return send

    errors = []
    for learner in learners:
        browser = Client()
        browser.force_login(learner)
        data = fill(submitted(browser.get(SKILLS)), "python", proficiency=3, notes="Typed")
        errors += run_together(post(learner, data), post(learner, data))

    assert errors == []
    assert statuses == [302] * 2 * len(learners)
    for learner in learners:
        assert SkillRating.objects.get(user=learner).proficiency == 3
        assert list(
            SkillRatingChange.objects.filter(user=learner).values_list(
                "old_proficiency", "new_proficiency"
            )
        ) == [(None, 3)]
