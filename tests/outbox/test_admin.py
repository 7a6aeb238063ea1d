"""The outbox in the admin: superusers see people's mail (not its body) and send failed mail
again; content editors and other staff see none of it."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from careerpath.outbox.models import Mail, MailStatus
from tests.outbox.factories import FailedMailFactory, MailFactory
from tests.profiles.factories import UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:outbox_mail_changelist"


@pytest.fixture
def superuser_client(client):
    client.force_login(VerifiedUserFactory(is_staff=True, is_superuser=True))
    return client


def test_a_superuser_sees_the_mail_with_its_status_and_error_but_not_its_body(superuser_client):
    FailedMailFactory(to=["ada@example.org"], subject="[careerpath] Reset", body="SECRET-LINK")
    MailFactory(status=MailStatus.SENT, to=["grace@example.org"], subject="[careerpath] Hello")

    response = superuser_client.get(reverse(CHANGELIST))

    page = response.content.decode()
    assert response.status_code == 200
    for text in ("ada@example.org", "[careerpath] Reset", "Failed", "Connection unexpectedly"):
        assert text in page
    assert "grace@example.org" in page
    assert "SECRET-LINK" not in page
    detail = superuser_client.get(
        reverse("admin:outbox_mail_change", args=[Mail.objects.first().pk])
    )
    assert detail.status_code == 200
    assert "SECRET-LINK" not in detail.content.decode()


def test_the_list_is_filtered_by_status_and_searched_by_address(superuser_client):
    FailedMailFactory(to=["ada@example.org"])
    MailFactory(status=MailStatus.SENT, to=["grace@example.org"])

    failed = superuser_client.get(reverse(CHANGELIST), {"status__exact": "failed"})
    found = superuser_client.get(reverse(CHANGELIST), {"q": "grace@"})

    assert [m.to for m in failed.context["cl"].result_list] == [["ada@example.org"]]
    assert [m.to for m in found.context["cl"].result_list] == [["grace@example.org"]]


def test_send_again_queues_failed_mail_from_the_first_attempt_and_it_goes_out(
    superuser_client, committed
):
    failed = FailedMailFactory(to=["ada@example.org"])
    sent = MailFactory(status=MailStatus.SENT)

    with committed():
        response = superuser_client.post(
            reverse(CHANGELIST),
            {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    assert "1 failed mail queued to be sent again" in response.content.decode()
    [email] = mail.outbox
    assert email.to == ["ada@example.org"]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (MailStatus.SENT, 1, "")


def test_nobody_adds_mail_by_hand(superuser_client):
    assert superuser_client.get(reverse("admin:outbox_mail_add")).status_code == 403


def test_a_content_editor_sees_no_mail(editor_client):
    FailedMailFactory()
    assert editor_client.get(reverse(CHANGELIST)).status_code == 403
    assert "Outbox" not in editor_client.get(reverse("admin:index")).content.decode()


def test_staff_with_every_mail_permission_but_not_superusers_see_no_mail(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="outbox"))
    client.force_login(staff)
    row = FailedMailFactory()

    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:outbox_mail_change", args=[row.pk])).status_code == 403
    response = client.post(
        reverse(CHANGELIST), {"action": "send_again", "_selected_action": [row.pk]}
    )
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.status == MailStatus.FAILED
