"""The credential pages: the public verification page says in words what checking found,
at once after a revocation (even from the copy kept for signed-out visitors); downloads;
the DID document and status list; the holder's list, public toggle and revoking."""

import json

import pytest
from django.urls import reverse

from careerpath.credentials.keys import issuer_did
from careerpath.credentials.models import Credential
from careerpath.credentials.services import credential_revoke
from careerpath.credentials.verification import payload_of
from tests.profiles.factories import ProfileFactory, VerifiedUserFactory

from .factories import CredentialFactory


@pytest.fixture
def credential(db):
    holder = ProfileFactory(display_name="Ada Lovelace").user
    mentor = ProfileFactory(display_name="Grace Hopper").user
    return CredentialFactory(holder=holder, confirmed_by=mentor, achievement_name="Fraud model")


def test_the_verification_page_says_valid_to_anyone(client, credential):
    response = client.get(credential.get_absolute_url())
    assert response.status_code == 200
    text = response.content.decode()
    assert "Valid" in text
    assert "Ada Lovelace" in text and "Fraud model" in text
    assert credential.holder.email not in text


def test_the_page_shows_a_revocation_at_once_even_to_signed_out_visitors(client, credential):
    url = credential.get_absolute_url()
    assert "Valid" in client.get(url).content.decode()  # now kept for signed-out visitors
    credential_revoke(credential=credential, by=credential.confirmed_by, reason="Signed by mistake")
    text = client.get(url).content.decode()
    assert "Revoked on" in text
    assert "by Grace Hopper: Signed by mistake" in text


def test_a_credential_page_for_a_deleted_account_says_it_was_revoked(client, credential):
    url = credential.get_absolute_url()
    credential.holder.delete()
    text = client.get(url).content.decode()
    assert "Revoked on" in text
    assert "deleted their account" in text
    assert "Ada Lovelace" not in text
    assert client.get(reverse("credentials:jwt", args=[credential.public_id])).status_code == 404


def test_the_credential_downloads_as_a_jwt_and_as_json(client, credential):
    jwt = client.get(reverse("credentials:jwt", args=[credential.public_id]))
    assert jwt["Content-Type"] == "application/vc+jwt"
    assert "attachment" in jwt["Content-Disposition"]
    assert jwt.content.decode() == credential.jwt
    decoded = json.loads(
        client.get(reverse("credentials:json", args=[credential.public_id])).content
    )
    assert decoded == payload_of(credential.jwt)


def test_the_did_document_publishes_the_key_that_signed(client, credential):
    document = client.get(reverse("credentials:did")).json()
    assert document["id"] == issuer_did()
    method = document["verificationMethod"][0]
    assert method["type"] == "JsonWebKey2020"
    assert set(method["publicKeyJwk"]) >= {"kty", "n", "e"}
    assert "d" not in method["publicKeyJwk"]  # never the private part
    assert document["assertionMethod"] == [method["id"]]


def test_a_status_list_that_holds_no_credential_yet_is_not_found(client, credential):
    assert client.get(reverse("credentials:status", args=[1])).status_code == 200
    assert client.get(reverse("credentials:status", args=[2])).status_code == 404


def test_the_status_list_is_a_signed_bitstring_status_list_credential(client, credential):
    token = client.get(reverse("credentials:status", args=[1])).content.decode()
    payload = payload_of(token)
    assert payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert payload["credentialSubject"]["statusPurpose"] == "revocation"
    assert payload["credentialSubject"]["encodedList"].startswith("u")


def test_the_holder_lists_their_credentials_and_makes_one_public(client, credential):
    client.force_login(credential.holder)
    assert "Fraud model" in client.get(reverse("credentials:list")).content.decode()
    url = reverse("credentials:publish", args=[credential.public_id])
    client.post(url, {"public": "1"})
    credential.refresh_from_db()
    assert credential.public
    client.post(url, {"public": "0"})
    credential.refresh_from_db()
    assert not credential.public


def test_a_public_credential_shows_on_the_public_profile_and_a_private_one_does_not(
    client, credential, ladder
):
    profile = credential.holder.profile
    profile.visibility = "public"
    profile.save()
    assert "Fraud model" not in client.get(profile.get_public_url()).content.decode()
    credential.public = True
    credential.save()
    page = client.get(profile.get_public_url()).content.decode()
    assert "Fraud model" in page
    assert credential.get_absolute_url() in page
    credential_revoke(credential=credential, by=credential.holder, reason="Outdated")
    assert "Fraud model" not in client.get(profile.get_public_url()).content.decode()


def test_the_mentor_revokes_with_a_reason_after_confirming(client, credential):
    client.force_login(credential.confirmed_by)
    url = reverse("credentials:revoke", args=[credential.public_id])
    page = client.get(url).content.decode()
    assert "can&#x27;t be undone" in page
    refused = client.post(url, {"reason": "Signed by mistake"})  # not confirmed
    assert refused.status_code == 200
    assert "Signed by mistake" in refused.content.decode()  # the input is kept
    credential.refresh_from_db()
    assert credential.revoked_at is None
    done = client.post(url, {"reason": "Signed by mistake", "confirm": "on"})
    assert done.status_code == 302
    credential.refresh_from_db()
    assert credential.revocation_reason == "Signed by mistake"


def test_a_mentor_sees_the_credentials_they_confirmed(client, credential):
    client.force_login(credential.confirmed_by)
    page = client.get(reverse("credentials:confirmed")).content.decode()
    assert "Fraud model" in page and "Ada Lovelace" in page


def test_somebody_else_can_neither_revoke_nor_publish(client, credential):
    client.force_login(VerifiedUserFactory())
    revoke = reverse("credentials:revoke", args=[credential.public_id])
    assert client.post(revoke, {"reason": "x", "confirm": "on"}).status_code == 404
    publish = reverse("credentials:publish", args=[credential.public_id])
    assert client.post(publish, {"public": "1"}).status_code == 404
    credential.refresh_from_db()
    assert credential.revoked_at is None and not credential.public


def test_signing_off_a_project_issues_the_learner_a_credential(db):
    from mentoring.models import Status
    from mentoring.services import project_sign_off
    from profiles.models import ProjectStatus
    from tests.mentoring.factories import MentorshipFactory
    from tests.profiles.factories import ProjectFactory

    mentorship = MentorshipFactory(status=Status.ACCEPTED)
    project = ProjectFactory(
        user=mentorship.learner,
        status=ProjectStatus.DONE,
        title="Churn model",
        link="https://github.com/example/churn",
    )
    sign_off = project_sign_off(mentorship=mentorship, mentor=mentorship.mentor, project=project)
    credential = Credential.objects.get(source=f"sign-off:{sign_off.pk}")
    assert credential.holder == mentorship.learner
    assert credential.confirmed_by == mentorship.mentor
    payload = payload_of(credential.jwt)
    assert payload["credentialSubject"]["achievement"]["name"] == "Churn model"
    assert payload["evidence"][0]["id"] == "https://github.com/example/churn"
    project_sign_off(mentorship=mentorship, mentor=mentorship.mentor, project=project)
    assert Credential.objects.count() == 1


def test_a_level_confirmed_in_a_check_in_issues_a_credential_with_its_criteria(db):
    from types import SimpleNamespace

    from mentoring.models import Status
    from mentoring.signals import level_confirmed
    from tests.ladder.factories import LevelFactory, RequirementFactory, SkillFactory
    from tests.mentoring.factories import MentorshipFactory

    mentorship = MentorshipFactory(status=Status.ACCEPTED)
    level = LevelFactory(title="Senior ML Engineer")
    RequirementFactory(level=level, skill=SkillFactory(name="MLOps"), min_proficiency=3)
    check_in = SimpleNamespace(pk=5, mentorship=mentorship)  # what H3's CheckIn offers
    level_confirmed.send(sender=None, check_in=check_in, level=level, mentor=mentorship.mentor)
    credential = Credential.objects.get(source="check-in:5")
    assert credential.holder == mentorship.learner
    achievement = payload_of(credential.jwt)["credentialSubject"]["achievement"]
    assert achievement["name"] == "Senior ML Engineer"
    assert achievement["achievementType"] == "Competency"
    assert "MLOps at" in achievement["criteria"]["narrative"]


def test_a_deleted_accounts_name_leaves_the_kept_page_even_when_revoked_before(client, credential):
    credential_revoke(credential=credential, by=credential.holder, reason="Outdated")
    url = credential.get_absolute_url()
    assert "Ada Lovelace" in client.get(url).content.decode()  # kept for signed-out visitors
    credential.holder.delete()
    assert "Ada Lovelace" not in client.get(url).content.decode()


def test_a_deleted_mentor_is_a_former_member_on_the_credentials_they_confirmed(client, credential):
    credential_revoke(credential=credential, by=credential.confirmed_by, reason="Mistake")
    credential.confirmed_by.delete()
    text = client.get(credential.get_absolute_url()).content.decode()
    assert "Grace Hopper" not in text
    assert "by a former member: Mistake" in text
