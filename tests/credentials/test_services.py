"""Issuing and revoking credentials: signed, idempotent per source, one status index each
(even when issued at the same moment, on PostgreSQL), revocation by the right people only."""

import threading

import pytest
from django.db import connection

from careerpath.credentials import services
from careerpath.credentials.models import Credential
from careerpath.credentials.services import (
    credential_issue,
    credential_revoke,
    credentials_forget,
    credentials_revoke_all,
)
from careerpath.credentials.specs import AchievementSpec
from careerpath.credentials.verification import payload_of
from tests.profiles.factories import ProfileFactory, UserFactory, VerifiedUserFactory

from .factories import CredentialFactory

SPEC = AchievementSpec(
    kind="level", name="Senior ML Engineer", description="Level 4", criteria="Confirmed."
)


def test_a_credential_is_an_open_badge_signed_for_its_holder_by_public_name(db):
    holder = ProfileFactory(display_name="Ada Lovelace").user
    credential = CredentialFactory(holder=holder, achievement_name="Fraud detection")
    payload = payload_of(credential.jwt)
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["credentialSubject"]["achievement"]["name"] == "Fraud detection"
    assert payload["credentialSubject"]["identifier"][0]["identityHash"] == "Ada Lovelace"
    assert holder.email not in credential.jwt
    assert payload["iss"] == payload["issuer"]["id"] == "did:web:127.0.0.1%3A8000"
    assert payload["jti"] == payload["id"] == f"urn:uuid:{credential.public_id}"
    assert payload["evidence"][0]["id"] == "https://github.com/example/fraud-detection"


def test_issuing_twice_for_one_source_gives_the_same_credential(db):
    holder, mentor = VerifiedUserFactory(), VerifiedUserFactory()
    first = credential_issue(
        holder=holder, achievement=SPEC, evidence=[], source="check-in:5", confirmed_by=mentor
    )
    again = credential_issue(
        holder=holder, achievement=SPEC, evidence=[], source="check-in:5", confirmed_by=mentor
    )
    assert again.pk == first.pk
    assert Credential.objects.count() == 1


def test_each_credential_gets_its_own_status_index(db):
    indexes = {CredentialFactory().status_index for _ in range(3)}
    assert indexes == {0, 1, 2}


@pytest.mark.parametrize("who", ["holder", "mentor", "superuser"])
def test_the_holder_the_confirming_mentor_and_a_superuser_may_revoke(db, who):
    credential = CredentialFactory()
    by = {
        "holder": credential.holder,
        "mentor": credential.confirmed_by,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }[who]
    revoked = credential_revoke(credential=credential, by=by, reason="Signed by mistake")
    assert revoked.revoked_at is not None
    assert revoked.revocation_reason == "Signed by mistake"
    assert revoked.revoked_by == by


def test_a_superuser_revoking_is_named_as_the_administrators(db):
    credential = CredentialFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    revoked = credential_revoke(credential=credential, by=admin, reason="Abuse")
    assert revoked.revoked_by_name == services.ADMINISTRATORS


def test_nobody_else_may_revoke_and_a_reason_is_needed(db):
    credential = CredentialFactory()
    with pytest.raises(services.CredentialError, match="Only the holder"):
        credential_revoke(credential=credential, by=VerifiedUserFactory(), reason="Mine now")
    with pytest.raises(services.CredentialError, match="Say why"):
        credential_revoke(credential=credential, by=credential.holder, reason="  ")
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_a_credential_is_revoked_once(db):
    credential = CredentialFactory()
    credential_revoke(credential=credential, by=credential.holder, reason="No longer true")
    with pytest.raises(services.CredentialError, match="revoked already"):
        credential_revoke(credential=credential, by=credential.holder, reason="Again")


def test_revoking_all_of_a_holders_credentials_counts_the_ones_it_revoked(db):
    holder = VerifiedUserFactory()
    first, second = CredentialFactory.create_batch(2, holder=holder)
    CredentialFactory()  # somebody else's
    credential_revoke(credential=first, by=holder, reason="Mistake")
    assert credentials_revoke_all(holder=holder, reason="Mentorship was abusive") == 1
    second.refresh_from_db()
    assert second.revocation_reason == "Mentorship was abusive"
    assert Credential.objects.filter(revoked_at__isnull=True).count() == 1


def test_forgetting_a_holder_keeps_the_revoked_bit_and_nothing_personal(db):
    credential = CredentialFactory(achievement_name="Fraud detection")
    credentials_forget(holder=credential.holder)
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert credential.jwt == credential.holder_name == ""
    assert credential.achievement == {} and credential.evidence == []


def test_deleting_an_account_revokes_its_credentials_and_keeps_the_row(db):
    credential = CredentialFactory()
    status_index = credential.status_index
    credential.holder.delete()
    credential.refresh_from_db()
    assert credential.holder is None
    assert credential.revoked_at is not None
    assert credential.revocation_reason == services.ACCOUNT_DELETED
    assert credential.status_index == status_index


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_credentials_issued_at_the_same_moment_get_different_status_indexes():
    holder, mentor = VerifiedUserFactory(), VerifiedUserFactory()
    barrier = threading.Barrier(2)
    errors = []

    def issue(source):
        try:
            barrier.wait(timeout=10)
            credential_issue(
                holder=holder, achievement=SPEC, evidence=[], source=source, confirmed_by=mentor
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(f"race:{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Credential.objects.values_list("status_index", flat=True)) == [0, 1]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_source_issued_twice_at_the_same_moment_makes_one_credential():
    holder, mentor = VerifiedUserFactory(), VerifiedUserFactory()
    barrier = threading.Barrier(2)
    errors = []

    def issue():
        try:
            barrier.wait(timeout=10)
            credential_issue(
                holder=holder,
                achievement=SPEC,
                evidence=[],
                source="sign-off:1",
                confirmed_by=mentor,
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Credential.objects.count() == 1
