"""Our verifier names why a credential fails: the signature (one byte changed), an unknown
issuer or key, dates, revocation; a rotated key leaves old credentials valid."""

from datetime import timedelta

import pytest
from django.utils import timezone

from careerpath.credentials.document import decode_bits, encode_bits
from careerpath.credentials.keys import did_document, generate_pem, issuer_did
from careerpath.credentials.resolve import SiteResolver
from careerpath.credentials.services import credential_revoke
from careerpath.credentials.verification import SIGNATURE, ResolveError, verify_jwt

from .factories import CredentialFactory


def check(token, *, fetch=None, now=None):
    resolver = SiteResolver(fetch) if fetch else SiteResolver()
    return verify_jwt(token, resolver=resolver, now=now or timezone.now())


def one_byte_changed(token: str, at: int) -> str:
    changed = "A" if token[at] != "A" else "B"
    return token[:at] + changed + token[at + 1 :]


def test_an_issued_credential_is_valid(db):
    verdict = check(CredentialFactory().jwt)
    assert verdict.valid, verdict.message
    assert verdict.message == "Valid"


@pytest.mark.parametrize("part", ["payload", "signature"])
def test_a_credential_with_one_byte_changed_fails_naming_the_signature(db, part):
    token = CredentialFactory().jwt
    header, payload, _signature = token.split(".")
    at = len(header) + 1 + len(payload) // 2 if part == "payload" else len(token) - 10
    verdict = check(one_byte_changed(token, at))
    assert not verdict.valid
    assert verdict.problem == "signature"
    assert verdict.message == SIGNATURE
    assert verdict.message.startswith("Signature does not match")


def test_a_revoked_credential_fails_naming_revocation(db):
    credential = CredentialFactory()
    credential_revoke(credential=credential, by=credential.holder, reason="Mistake")
    verdict = check(credential.jwt)
    assert verdict.revoked
    assert verdict.message == "Revoked"


def test_a_credential_not_valid_yet_or_checked_later_is_judged_by_its_dates(db):
    credential = CredentialFactory()
    verdict = check(credential.jwt, now=credential.issued_at - timedelta(days=1))
    assert verdict.problem == "dates"
    assert verdict.message.startswith("Not valid yet")


def test_a_credential_of_an_issuer_that_cannot_be_resolved_names_the_issuer(db, settings):
    token = CredentialFactory().jwt
    settings.SITE_URL = "https://elsewhere.example"  # now the issuer is not this site

    def offline(url):
        raise ResolveError(f"{url} could not be fetched (offline)")

    verdict = check(token, fetch=offline)
    assert verdict.problem == "issuer"
    assert verdict.message.startswith("Issuer unknown")


def test_a_key_replaced_instead_of_rotated_fails_old_credentials_naming_the_signature(db, settings):
    token = CredentialFactory().jwt
    settings.CREDENTIAL_SIGNING_KEYS = generate_pem()  # key-1 is now another key
    assert check(token).problem == "signature"


def test_a_key_the_issuer_does_not_publish_makes_the_issuer_unknown(db, old_and_new_keys):
    token = CredentialFactory().jwt  # signed by key-2
    settings_keys = old_and_new_keys  # key-1 alone: key-2 is not published
    from django.test import override_settings

    with override_settings(CREDENTIAL_SIGNING_KEYS=settings_keys):
        verdict = check(token)
    assert verdict.problem == "issuer"
    assert "publishes no key" in verdict.message


def test_old_credentials_stay_valid_after_the_key_is_rotated(db, old_and_new_keys):
    from django.test import override_settings

    with override_settings(CREDENTIAL_SIGNING_KEYS=old_and_new_keys):
        old = CredentialFactory()
    new = CredentialFactory()
    kids = [method["id"] for method in did_document()["verificationMethod"]]
    assert kids == [f"{issuer_did()}#key-2", f"{issuer_did()}#key-1"]
    assert check(old.jwt).valid
    assert check(new.jwt).valid
    credential_revoke(credential=old, by=old.holder, reason="Superseded")
    assert check(old.jwt).revoked  # the list, signed by the new key, still counts


def test_the_bitstring_round_trips_and_is_16_kb():
    bits = decode_bits(encode_bits([0, 9, 131_071]))
    assert len(bits) == 16_384
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01
