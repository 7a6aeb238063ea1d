"""A deleted account leaves nothing of the person behind: other people's notifications name
"a former member", the cached parts that showed them are gone, and a learner keeps what a
mentor who left gave them, from "a former mentor", and is told."""

from typing import Any

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from careerpath.outbox.models import Mail, MailStatus
from mentoring.models import Endorsement, Feedback, Mentorship, NotificationKind, SignOff, Status
from mentoring.services import (
    feedback_add,
    invitation_create,
    invitations_attach_on_email_confirmed,
)
from profiles.models import ProjectStatus
from profiles.services import user_delete
from tests.ladder.pages import page_text
from tests.mentoring.factories import EndorsementFactory, MentorshipFactory, SignOffFactory
from tests.mentoring.support import wants_mail_at_once
from tests.outbox.factories import MailFactory
from tests.profiles.factories import (
    EmailAddressFactory,
    ProfileFactory,
    ProjectFactory,
    VerifiedUserFactory,
)
from tests.queries import committed
from tests.test_rendered_parts import browser_for


@pytest.fixture
def ada(db):
    person = VerifiedUserFactory(email="ada@example.org")
    ProfileFactory(user=person, display_name="Ada Lovelace")
    person.refresh_from_db()
    return person


@pytest.fixture
def grace(db):
    person = VerifiedUserFactory(email="grace@example.org")
    ProfileFactory(user=person, display_name="Grace Hopper")
    person.refresh_from_db()
    return person


def test_a_notification_names_the_actor_as_they_are_called_now(ada, grace):
    invitation_create(learner=ada, email=grace.email)
    notification = grace.notifications.get()
    assert notification.text == "Ada Lovelace invited you to be their mentor."
    ada.profile.display_name = "Ada King"
    ada.profile.save()
    notification.refresh_from_db()
    assert notification.text == "Ada King invited you to be their mentor."


def test_once_the_actor_has_gone_a_notification_names_a_former_member(ada, grace, client):
    invitation_create(learner=ada, email=grace.email)
    user_delete(user=ada)
    client.force_login(grace)
    page = page_text(client.get(reverse("mentoring:home")))
    assert "A former member invited you to be their mentor." in page
    assert "Ada" not in page
    export = client.get(reverse("account_export")).content.decode()
    assert "Ada" not in export
    assert "ada@example.org" not in export


def test_a_learner_keeps_what_a_mentor_who_left_gave_them_and_is_told(ada, grace, client):
    mentorship = MentorshipFactory(learner=ada, mentor=grace, status=Status.ACCEPTED)
    project = ProjectFactory(user=ada, status=ProjectStatus.DONE, title="Churn model")
    feedback_add(mentorship=mentorship, mentor=grace, body="Write up the baseline first.")
    EndorsementFactory(mentorship=mentorship)
    SignOffFactory(mentorship=mentorship, project=project)

    user_delete(user=grace)

    assert Feedback.objects.filter(mentorship__learner=ada).count() == 1
    assert Endorsement.objects.filter(mentorship__learner=ada).count() == 1
    assert SignOff.objects.filter(mentorship__learner=ada).count() == 1
    mentorship.refresh_from_db()
    assert (mentorship.mentor, mentorship.status, mentorship.invitee_email) == (
        None,
        Status.ENDED,
        "",
    )
    assert ada.notifications.filter(kind=NotificationKind.MENTOR_LEFT).exists()
    client.force_login(ada)
    page = page_text(client.get(reverse("mentoring:home")))
    assert "Write up the baseline first." in page
    assert "a former mentor" in page
    assert "A mentor of yours deleted their account" in page
    assert "Grace" not in page
    assert "grace@example.org" not in page
    skills = page_text(client.get(reverse("profiles:skills")))
    assert "by a former mentor" in skills


def cached_texts() -> dict[str, str]:
    """Return {key: value as text} of everything in the (in-process) cache."""
    store: Any = caches["default"]  # the in-process cache the tests run with
    keys = [key.split(":", 2)[2] for key in list(store._cache)]  # ":1:<key>" -> "<key>"
    return {key: str(cache.get(key)) for key in keys}


def test_a_deleted_account_leaves_no_rendered_part_with_its_name_in_the_cache(ladder, ada, grace):
    with committed():
        mentorship = MentorshipFactory(learner=ada, mentor=grace, status=Status.ACCEPTED)
    as_ada, as_grace = browser_for(ada), browser_for(grace)
    for client, url in [
        (as_ada, reverse("profiles:dashboard")),
        (as_ada, reverse("mentoring:home")),
        (as_grace, reverse("mentoring:home")),
        (as_grace, reverse("mentoring:mentee", args=[mentorship.pk])),
    ]:
        assert client.get(url).status_code == 200
    assert any("Ada Lovelace" in text for text in cached_texts().values())

    with committed():
        user_delete(user=ada)

    assert [key for key, text in cached_texts().items() if "Ada Lovelace" in text] == []
    assert not Mentorship.objects.filter(learner_id=ada.pk).exists()


def test_a_deleted_account_takes_the_mail_for_it_and_the_invitations_it_sent_along(ada, grace):
    wants_mail_at_once(ada)
    with committed():
        invitation_create(learner=ada, email="someone@example.org")  # an address, no account
        invitation_create(learner=grace, email=ada.email)  # to Ada's account
        feedback_add(
            mentorship=MentorshipFactory(learner=ada, mentor=grace, status=Status.ACCEPTED),
            mentor=grace,
            body="Good.",
        )
    assert Mail.objects.filter(status=MailStatus.SENT).count() == 3

    user_delete(user=ada)

    assert not Mail.objects.exists()


def test_a_deleted_mentor_takes_the_invitation_mail_to_their_address_along(ada, grace):
    with committed():
        invitation_create(learner=ada, email="grace.new@example.org")  # no account yet
    address = EmailAddressFactory(user=grace, email="grace.new@example.org", primary=False)
    invitations_attach_on_email_confirmed(email_address=address)
    other = MailFactory()

    user_delete(user=grace)

    assert list(Mail.objects.all()) == [other]
