"""Double submits and double clicks, sent at the same moment on separate connections:
the first one does the work, the others get the answer a person expects, never a 500,
and the learner hears about it once (and a person's settings stay one row)."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from ladder.models import Proficiency
from mentoring.models import (
    Endorsement,
    Feedback,
    Mentorship,
    Notification,
    NotificationSettings,
    SignOff,
)
from mentoring.preferences import DIGEST, digest_day, digest_wanted, topics
from mentoring.services import ALREADY_OPEN
from mentoring.unsubscribe import unsubscribe_token
from profiles.models import ProjectStatus
from tests.mentoring.support import client_for, messages_of
from tests.profiles.factories import ProjectFactory, SkillRatingFactory
from tests.profiles.html import parse

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

TIMES = 5


def all_at_once(clients, method, url, data=None):
    """Send the same request from each client at the same moment; return the responses,
    or the exception a request raised in place of its response."""
    start = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def send(number, client):
        try:
            start.wait()
            results[number] = getattr(client, method)(url, data or {})
        except Exception as error:  # the test reports it
            results[number] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(number, client))
        for number, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_simultaneous_identical_invitations_send_one_and_tell_the_rest_it_is_open(learner):
    clients = [client_for(learner) for _ in range(TIMES)]
    data = {"invitee_email": "grace@example.org", "message": "Would you mentor me?"}

    responses = all_at_once(clients, "post", reverse("mentoring:invite"), data)

    assert not [r for r in responses if isinstance(r, Exception)]
    assert sorted(r.status_code for r in responses) == [200] * (TIMES - 1) + [302]
    for response in responses:
        if response.status_code == 200:
            page = parse(response).find("main")
            assert ALREADY_OPEN.format(email="grace@example.org") in page.text
            assert page.find("input", name="invitee_email").attrs["value"] == "grace@example.org"
            assert page.find("textarea", name="message").text == "Would you mentor me?"
    assert Mentorship.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_double_click_on_endorse_endorses_once_and_tells_the_learner_once(
    mail_at_once, mentorship, mentor, learner
):
    skill = SkillRatingFactory(user=learner, proficiency=Proficiency.PRACTICING).skill
    clients = [client_for(mentor) for _ in range(TIMES)]
    url = reverse("mentoring:endorse", args=[mentorship.pk, skill.slug])

    responses = all_at_once(clients, "post", url)

    assert not [r for r in responses if isinstance(r, Exception)]
    assert [r.status_code for r in responses] == [302] * TIMES
    assert all(messages_of(r) == [f"You endorsed {skill.name} at Practicing."] for r in responses)
    assert Endorsement.objects.count() == 1
    assert Notification.objects.filter(user=learner).count() == 1
    assert len(mail.outbox) == 1


def test_a_double_click_on_sign_off_signs_off_once_and_tells_the_learner_once(
    mail_at_once, mentorship, mentor, learner
):
    project = ProjectFactory(user=learner, title="Churn model", status=ProjectStatus.DONE)
    clients = [client_for(mentor) for _ in range(TIMES)]
    url = reverse("mentoring:sign_off", args=[mentorship.pk, project.pk])

    responses = all_at_once(clients, "post", url)

    assert not [r for r in responses if isinstance(r, Exception)]
    assert [r.status_code for r in responses] == [302] * TIMES
    assert SignOff.objects.count() == 1
    assert Notification.objects.filter(user=learner).count() == 1
    assert len(mail.outbox) == 1


def test_a_double_click_on_send_feedback_stores_it_once_and_tells_the_learner_once(
    mail_at_once, mentorship, mentor, learner
):
    clients = [client_for(mentor) for _ in range(TIMES)]
    url = reverse("mentoring:feedback", args=[mentorship.pk])

    responses = all_at_once(clients, "post", url, {"body": "Great progress on the API."})

    assert not [r for r in responses if isinstance(r, Exception)]
    assert [r.status_code for r in responses] == [302] * TIMES
    assert Feedback.objects.count() == 1
    assert Notification.objects.filter(user=learner).count() == 1
    assert len(mail.outbox) == 1


def test_two_tabs_submitting_the_same_review_keep_one_review_per_skill_and_tell_once(
    mail_at_once, mentorship, mentor, learner
):
    skills = [
        SkillRatingFactory(user=learner, proficiency=Proficiency.PRACTICING).skill for _ in range(3)
    ]
    data = {}
    for skill in skills:
        data |= {f"skill-{skill.pk}": "agree", f"seen-{skill.pk}": "2", f"comment-{skill.pk}": ""}
    data[f"skill-{skills[0].pk}"] = "3"
    clients = [client_for(mentor) for _ in range(TIMES)]

    responses = all_at_once(
        clients, "post", reverse("mentoring:review", args=[mentorship.pk]), data
    )

    assert not [r for r in responses if isinstance(r, Exception)]
    assert [r.status_code for r in responses] == [302] * TIMES
    assert Endorsement.objects.filter(mentorship=mentorship).count() == 3
    assert Notification.objects.filter(user=learner).count() == 1
    assert Endorsement.objects.get(skill=skills[0]).proficiency == Proficiency.PROFICIENT


def test_simultaneous_replies_to_a_thread_are_kept_once(mentorship, learner):
    from mentoring.models import FeedbackReply
    from tests.mentoring.factories import FeedbackFactory

    feedback = FeedbackFactory(mentorship=mentorship)
    clients = [client_for(learner) for _ in range(TIMES)]

    responses = all_at_once(
        clients, "post", reverse("mentoring:reply", args=[feedback.pk]), {"body": "Thanks!"}
    )

    assert not [r for r in responses if isinstance(r, Exception)]
    assert FeedbackReply.objects.count() == 1


def test_mail_clients_clicking_one_click_unsubscribe_at_once_all_get_the_page_and_one_row(
    learner,
):
    """A mail client may POST the one-click request more than once (and a person click the
    button meanwhile): each gets the "unsubscribed" page, and the person has one row."""
    clients = [Client(enforce_csrf_checks=True) for _ in range(TIMES)]
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(learner, DIGEST)])

    responses = all_at_once(clients, "post", url, {"List-Unsubscribe": "One-Click"})

    assert not [r for r in responses if isinstance(r, Exception)]
    assert [r.status_code for r in responses] == [200] * TIMES
    assert NotificationSettings.objects.filter(user=learner).count() == 1
    assert digest_wanted(learner) is False


def test_two_tabs_saving_the_settings_at_once_keep_one_row(learner):
    clients = [client_for(learner) for _ in range(TIMES)]
    data = {f"topic_{topic.key}": "off" for topic in topics()} | {"digest_day": "2"}

    responses = all_at_once(clients, "post", reverse("notifications:settings"), data)

    assert not [r for r in responses if isinstance(r, Exception)]
    assert [r.status_code for r in responses] == [302] * TIMES
    assert NotificationSettings.objects.filter(user=learner).count() == 1
    assert digest_day(learner) == 2
