"""Every write moves the data versions the one registry names (composition/
writes.py), in its own transaction: saves and deletes through signals, queryset updates and
bulk inserts through careerpath.versions' helpers. Every model is in the registry or exempt
by name."""

import ast
import threading
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.db import connection, transaction
from django.utils import timezone

from careerpath import versions
from composition import writes
from ladder.models import ContentVersion, Proficiency
from ladder.versions import ladder_version
from mentoring.models import Mentorship, Notification, Status
from profiles.models import Profile, SkillRatingChange
from tests.ladder.factories import CourseFactory, LevelFactory, SkillFactory
from tests.mentoring.factories import (
    EndorsementFactory,
    FeedbackFactory,
    MentorshipFactory,
    NotificationFactory,
    SignOffFactory,
)
from tests.profiles.factories import (
    EvidenceFactory,
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)

ROOT = Path(__file__).resolve().parent.parent


def version_of(person) -> int:
    return Profile.objects.get(user=person).data_version


def test_every_model_is_in_the_registry_or_exempt_by_name():
    assert writes.unaccounted() == []
    assert not set(writes.WRITES) & set(writes.EXEMPT)


def test_a_model_nobody_accounted_for_is_an_error_of_manage_py_check(monkeypatch):
    monkeypatch.delitem(writes.WRITES, Notification)
    errors = [e for e in run_checks() if e.id == "careerpath.E001"]
    assert [e.msg for e in errors] == [
        "mentoring.Notification is neither in WRITES nor in EXEMPT (composition/writes.py)."
    ]


@pytest.fixture
def pair(db):
    """A learner and their mentor, each with a profile, and a bystander."""
    learner, mentor, bystander = (VerifiedUserFactory() for _ in range(3))
    for person in (learner, mentor, bystander):
        ProfileFactory(user=person)
    mentorship = MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)
    return learner, mentor, bystander, mentorship


def moved(people, write) -> set:
    """Return which of `people` had their data version moved by `write()`."""
    before = {person: version_of(person) for person in people}
    write()
    return {person for person in people if version_of(person) != before[person]}


WRITES_OF_THE_LEARNERS_DATA = {
    "rating": lambda learner, mentorship: SkillRatingFactory(user=learner),
    "role": lambda learner, mentorship: ExperienceFactory(user=learner),
    "project": lambda learner, mentorship: ProjectFactory(user=learner),
    "feedback": lambda learner, mentorship: FeedbackFactory(mentorship=mentorship),
    "endorsement": lambda learner, mentorship: EndorsementFactory(mentorship=mentorship),
    "sign-off": lambda learner, mentorship: SignOffFactory(
        mentorship=mentorship, project=ProjectFactory(user=learner)
    ),
    "notification": lambda learner, mentorship: NotificationFactory(user=learner),
    "evidence": lambda learner, mentorship: EvidenceFactory(user=learner),
}


@pytest.mark.parametrize("kind", sorted(WRITES_OF_THE_LEARNERS_DATA))
def test_a_write_of_a_persons_data_moves_their_version_only(pair, kind):
    learner, mentor, bystander, mentorship = pair
    write = WRITES_OF_THE_LEARNERS_DATA[kind]
    assert moved(pair[:3], lambda: write(learner, mentorship)) == {learner}


def test_deleting_a_row_moves_its_owners_version(pair):
    learner, mentor, bystander, mentorship = pair
    feedback = FeedbackFactory(mentorship=mentorship)
    assert moved(pair[:3], feedback.delete) == {learner}


def test_a_mentorship_moves_both_sides(pair):
    learner, mentor, bystander, mentorship = pair

    def end():
        mentorship.status = Status.ENDED
        mentorship.save()

    assert moved(pair[:3], end) == {learner, mentor}


def test_a_new_name_or_address_moves_everyone_who_shows_it(pair):
    learner, mentor, bystander, mentorship = pair

    def rename():
        mentor.profile.display_name = "Grace"
        mentor.profile.save()

    def readdress():
        mentor.email = "grace@example.org"
        mentor.save()

    assert moved(pair[:3], rename) == {learner, mentor}
    assert moved(pair[:3], readdress) == {learner, mentor}


def test_a_log_in_moves_nothing(pair):
    learner, mentor, bystander, mentorship = pair

    def log_in():
        learner.last_login = timezone.now()
        learner.save(update_fields=["last_login"])

    assert moved(pair[:3], log_in) == set()


def test_adding_and_removing_a_projects_skills_moves_its_owners_version(pair):
    learner, *_ = pair
    project = ProjectFactory(user=learner)
    skill = SkillFactory()
    assert moved(pair[:3], lambda: project.skills.add(skill)) == {learner}
    assert moved(pair[:3], lambda: project.skills.remove(skill)) == {learner}
    project.skills.add(skill)
    assert moved(pair[:3], project.skills.clear) == {learner}


def test_any_write_of_ladder_content_moves_the_ladders_version(db):
    seen = [ladder_version()]
    level = LevelFactory()
    seen.append(ladder_version())
    course = CourseFactory(skills=[])
    seen.append(ladder_version())
    course.skills.add(SkillFactory(level=level))
    seen.append(ladder_version())
    course.delete()
    seen.append(ladder_version())
    assert len(set(seen)) == len(seen)


def test_a_queryset_update_through_the_helper_moves_the_version_and_a_bare_one_does_not(pair):
    learner, *_ = pair
    NotificationFactory(user=learner)
    unread = Notification.objects.filter(user=learner, read_at__isnull=True)
    assert moved([learner], lambda: unread.update(read_at=timezone.now())) == set()
    NotificationFactory(user=learner)
    unread = Notification.objects.filter(user=learner, read_at__isnull=True)
    assert moved([learner], lambda: versions.update(unread, read_at=timezone.now())) == {learner}


def test_a_bulk_insert_through_the_helper_moves_the_version(pair):
    learner, *_ = pair
    skill = SkillFactory()
    change = SkillRatingChange(user=learner, skill=skill, new_proficiency=Proficiency.LEARNING)
    assert moved([learner], lambda: versions.bulk_create(SkillRatingChange, [change])) == {learner}


def test_raw_writes_say_what_they_wrote(pair):
    learner, *_ = pair
    rating = SkillRatingFactory(user=learner)
    assert moved([learner], lambda: versions.written(type(rating), instances=[rating])) == {learner}


def test_saving_a_copy_read_before_a_write_never_sets_the_version_back(pair):
    learner, *_ = pair
    stale = Profile.objects.get(user=learner)
    SkillRatingFactory(user=learner)
    moved_to = version_of(learner)
    stale.headline = "Still learning"
    stale.save()
    assert version_of(learner) not in (stale.data_version, moved_to)  # moved on, never back


def test_a_version_is_never_a_number_a_rolled_back_write_used(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        ContentVersion.objects.move()
        rolled_back = ContentVersion.objects.current()
        raise RuntimeError
    ContentVersion.objects.move()
    assert ContentVersion.objects.current() not in (rolled_back, 0)


# Writes that send no signals must go through the helpers. Where the code calls a queryset's
# update() or bulk_create() directly, it says why here.
ALLOWED = {
    # the version moves themselves
    ("ladder/models.py", "update"),
    ("profiles/versions.py", "update"),
}


def direct_bulk_writes(path: Path) -> list[tuple[str, str]]:
    """Return (file, method) for each call of `.update(...)` on a queryset (a chain through
    `.objects` or `.filter(`) and of `.bulk_create(...)` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        receiver = ast.unparse(node.func.value)
        if receiver == "versions":  # the helpers themselves
            continue
        on_queryset = ".objects" in receiver or ".filter(" in receiver or ".exclude(" in receiver
        if method == "bulk_create" or (method == "update" and on_queryset):
            found.append((path.relative_to(ROOT).as_posix(), method))
    return found


def test_no_app_writes_around_the_helpers():
    found = {
        hit
        for app in ("ladder", "profiles", "mentoring")
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for hit in direct_bulk_writes(path)
    }
    assert found - ALLOWED == set()


# Writes that move the same people at the same moment (PostgreSQL's real row locks).


def at_once(*writes):
    """Run each write in its own transaction on its own connection, all at the same
    moment; return the errors they raised."""
    start = threading.Barrier(len(writes))
    errors = []

    def run(write):
        try:
            start.wait()
            with transaction.atomic():
                write()
        except Exception as error:  # the test reports it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(write,)) for write in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def _renamed(person, name):
    def rename():
        profile = Profile.objects.get(user=person)
        profile.display_name = name
        profile.save()

    return rename


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_writes_moving_the_same_people_at_once_queue_instead_of_deadlocking():
    learner, mentor = VerifiedUserFactory(), VerifiedUserFactory()
    mentorship = MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)

    def touch_mentorship():
        Mentorship.objects.get(pk=mentorship.pk).save()

    for round_ in range(10):
        before = {person: version_of(person) for person in (learner, mentor)}
        errors = at_once(
            _renamed(mentor, f"Grace {round_}"),  # moves the mentor, then the learner
            _renamed(learner, f"Ada {round_}"),  # moves the learner, then the mentor
            touch_mentorship,  # moves both
        )
        assert errors == []
        assert all(version_of(person) != before[person] for person in before)
