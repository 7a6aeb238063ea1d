import pytest

from mentoring.models import Status
from tests.mentoring.factories import MentorshipFactory
from tests.mentoring.support import client_for, wants_mail_at_once
from tests.profiles.factories import ProfileFactory, VerifiedUserFactory


@pytest.fixture
def learner(db):
    """A confirmed learner with a display name, the person who invites mentors."""
    learner = VerifiedUserFactory(email="ada@example.com")
    ProfileFactory(user=learner, display_name="Ada Learner")
    learner.refresh_from_db()  # drop the profile cached before it got its name
    return learner


@pytest.fixture
def mentor(db):
    """A confirmed user with a display name, the person the learner invites."""
    mentor = VerifiedUserFactory(email="grace@example.com")
    ProfileFactory(user=mentor, display_name="Grace Mentor")
    mentor.refresh_from_db()
    return mentor


@pytest.fixture
def stranger(db):
    return VerifiedUserFactory(email="mallory@example.com")


@pytest.fixture
def mentorship(learner, mentor):
    """The learner and the mentor in an accepted mentorship."""
    return MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)


@pytest.fixture
def pending(learner, mentor):
    """The learner's invitation to the mentor, not answered yet."""
    return MentorshipFactory(learner=learner, mentor=mentor, status=Status.PENDING)


@pytest.fixture
def learner_client(learner):
    return client_for(learner)


@pytest.fixture
def mentor_client(mentor):
    return client_for(mentor)


@pytest.fixture
def mail_at_once(learner, mentor):
    """The learner and the mentor want every notification by e-mail at once."""
    wants_mail_at_once(learner, mentor)
