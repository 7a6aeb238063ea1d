"""Interoperability: an Open Badges 3.0 verifier that is not ours accepts our credentials and
sees our revocations.

The verifier is openbadgeslib's OB3Verifier (PyPI `openbadgeslib`, test-only): it verifies a
native OB 3.0 VC-JWT with PyJWT and `cryptography` (not joserfc, which signs ours), resolves
the issuer's did:web to its DID document, picks the key the JWT's `kid` names, checks the
iss/jti/nbf claims against the credential, and with check_status=True fetches the Bitstring
Status List credential, verifies its JWT signature and issuer, and reads the bit. Its
`download` hook fetches from this site in-process (conftest.site_fetch): the same URLs,
without a network. Its own decoder of the encodedList reads our list independently."""

import pytest
from django.urls import reverse
from openbadgeslib.ob3.status import decode_encoded_list, set_indices
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from careerpath.credentials.keys import issuer_did
from careerpath.credentials.services import credential_revoke

from .factories import CredentialFactory


def their_verdict(token, fetch):
    verifier = OB3Verifier.for_issuer_did(issuer_did(), download=fetch)
    return verifier.verify(token, check_status=True, download=fetch)


def test_openbadgeslib_accepts_our_credential(site_fetch):
    credential = CredentialFactory(achievement_name="Fraud detection model")
    badge = their_verdict(credential.jwt, site_fetch)
    assert badge.achievement.name == "Fraud detection model"
    assert badge.issuer.id == issuer_did()


def test_openbadgeslib_sees_our_revocation(site_fetch):
    credential = CredentialFactory()
    other = CredentialFactory()
    credential_revoke(credential=credential, by=credential.holder, reason="Signed by mistake")
    with pytest.raises(OB3VerificationError, match="revocation"):
        their_verdict(credential.jwt, site_fetch)
    their_verdict(other.jwt, site_fetch)  # the other one's bit is clear


def test_openbadgeslib_rejects_our_credential_with_one_byte_changed(site_fetch):
    token = CredentialFactory().jwt
    header, payload, _ = token.split(".")
    at = len(header) + 1 + len(payload) // 2
    changed = token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :]
    with pytest.raises(OB3VerificationError):
        their_verdict(changed, site_fetch)


def test_openbadgeslib_accepts_credentials_signed_before_and_after_a_key_rotation(
    site_fetch, old_and_new_keys
):
    from django.test import override_settings

    with override_settings(CREDENTIAL_SIGNING_KEYS=old_and_new_keys):
        old = CredentialFactory()
    new = CredentialFactory()
    their_verdict(old.jwt, site_fetch)
    their_verdict(new.jwt, site_fetch)
    credential_revoke(credential=old, by=old.holder, reason="Superseded")
    with pytest.raises(OB3VerificationError, match="revocation"):
        their_verdict(old.jwt, site_fetch)


def test_an_independent_decoder_reads_the_revoked_bits_of_our_status_list(site_fetch):
    import jwt  # PyJWT: a JOSE library that is not ours

    credentials = CredentialFactory.create_batch(3)
    credential_revoke(credential=credentials[1], by=credentials[1].holder, reason="Mistake")
    token = site_fetch(reverse("credentials:status", args=[1])).decode()
    payload = jwt.decode(token, options={"verify_signature": False})
    bits = decode_encoded_list(payload["credentialSubject"]["encodedList"])
    assert len(bits) * 8 >= 131_072
    assert set_indices(bits) == {credentials[1].status_index}
