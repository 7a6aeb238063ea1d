"""Which notifications are e-mailed at once: the person's settings decide
(mentoring.preferences.delivery_for), and a mail at once carries a plain-text and an HTML
part and the headers of one-click unsubscribe for its kind."""

import pytest
from django.core import mail

from careerpath.outbox.models import Mail
from careerpath.outbox.services import mails_sweep
from mentoring import services
from mentoring.models import Notification, NotificationKind
from mentoring.preferences import (
    DIGEST,
    Delivery,
    Preferences,
    delivery_for,
    preferences_set,
    preferences_turn_off,
)
from mentoring.unsubscribe import unsubscribe_token_read
from profiles.models import ProjectStatus
from tests.mentoring.factories import NotificationSettingsFactory
from tests.profiles.factories import ProjectFactory

K = NotificationKind
BASE_URL = "https://careerpath.example/"


def _feedback(mentorship, mentor):
    return services.feedback_add(
        mentorship=mentorship, mentor=mentor, body="Try target encoding.", base_url=BASE_URL
    )


def test_feedback_waits_for_the_digest_by_default_and_stays_in_the_app(
    committed, mentorship, mentor, learner
):
    with committed():
        _feedback(mentorship, mentor)

    assert Notification.objects.filter(user=learner, kind=K.FEEDBACK).exists()
    assert mail.outbox == []
    assert not Mail.objects.exists()


def test_feedback_turned_off_is_only_in_the_app(committed, mentorship, mentor, learner):
    NotificationSettingsFactory(user=learner, deliveries={K.FEEDBACK: Delivery.OFF})

    with committed():
        _feedback(mentorship, mentor)

    assert Notification.objects.filter(user=learner).count() == 1
    assert mail.outbox == []


def test_a_project_waiting_for_a_sign_off_is_mailed_at_once_by_default(
    committed, mentorship, learner, mentor
):
    project = ProjectFactory(user=learner, title="Churn model", status=ProjectStatus.DONE)

    with committed():
        services.mentors_tell_project_finished(user_id=learner.pk, project=project)

    [email] = mail.outbox
    assert email.to == [mentor.email]
    assert "Churn model" in email.body


def test_a_mail_at_once_has_text_and_html_parts_and_one_click_unsubscribe_for_its_kind(
    committed, mentorship, mentor, learner
):
    NotificationSettingsFactory(user=learner, deliveries={K.FEEDBACK: Delivery.IMMEDIATE})

    with committed():
        _feedback(mentorship, mentor)

    [email] = mail.outbox
    assert "Grace Mentor left you feedback." in email.body
    assert "/settings/notifications/" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert "Grace Mentor left you feedback." in html
    assert 'lang="en"' in html
    link = email.extra_headers["List-Unsubscribe"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.startswith("<") and link.endswith(">")
    assert link[1:-1] in email.body and link[1:-1] in html
    token = link[1:-1].rstrip("/").rsplit("/", 1)[1]
    assert unsubscribe_token_read(token) == (learner, K.FEEDBACK)


def test_a_mail_queued_before_the_person_chose_the_digest_is_not_sent(
    mentorship, mentor, learner, committed
):
    NotificationSettingsFactory(user=learner, deliveries={K.FEEDBACK: Delivery.IMMEDIATE})
    _feedback(mentorship, mentor)  # queued, not sent: the test's transaction never commits
    preferences_set(user=learner, preferences=Preferences({K.FEEDBACK: Delivery.DIGEST}))

    assert mails_sweep() == 0
    assert mail.outbox == []
    assert not Mail.objects.exists()


def test_the_invitation_goes_at_once_whatever_the_mentor_chose(committed, learner, mentor):
    preferences_set(
        user=mentor,
        preferences=Preferences(dict.fromkeys(K.values, Delivery.OFF), digest=False),
    )

    with committed():
        services.invitation_create(learner=learner, email=mentor.email, base_url=BASE_URL)

    [email] = mail.outbox
    assert email.to == [mentor.email]
    assert "List-Unsubscribe" not in email.extra_headers  # a one-off, asked for by a person
    assert Notification.objects.filter(user=mentor, kind=K.INVITED).exists()


@pytest.mark.parametrize("what", [DIGEST, K.REPLY])
def test_turning_something_off_leaves_the_rest_as_it_was(learner, what):
    preferences_set(user=learner, preferences=Preferences({K.FEEDBACK: Delivery.IMMEDIATE}))

    preferences_turn_off(user=learner, what=what)

    assert delivery_for(learner, K.FEEDBACK) == Delivery.IMMEDIATE
