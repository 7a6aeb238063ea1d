"""The documents as plain data, without a database: what an Open Badges 3.0 credential and
a Bitstring Status List credential hold."""

from datetime import UTC, datetime

from careerpath.credentials.document import (
    LIST_SIZE,
    OB_CONTEXT,
    VC_CONTEXT,
    Issuer,
    credential_payload,
    decode_bits,
    status_list_payload,
    status_location,
)
from careerpath.credentials.specs import AchievementSpec, EvidenceSpec

ISSUER = Issuer(
    did="did:web:careerpath.example", name="careerpath", url="https://careerpath.example"
)
WHEN = datetime(2026, 1, 2, 3, 4, 5, 678, tzinfo=UTC)


def payload(**changes):
    values = {
        "credential_id": "urn:uuid:1",
        "page_url": "https://careerpath.example/credentials/1/",
        "issuer": ISSUER,
        "achievement": AchievementSpec(
            kind="level", name="Senior ML Engineer", description="", criteria="Confirmed."
        ),
        "evidence": [EvidenceSpec(url="https://github.com/x/y", name="Repository")],
        "holder_name": "Ada",
        "valid_from": WHEN,
        "status_list_url": "https://careerpath.example/credentials/status/1",
        "status_position": 7,
        **changes,
    }
    return credential_payload(**values)


def test_an_open_badge_credential_has_the_spec_contexts_types_and_claims():
    document = payload()
    assert document["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["validFrom"] == "2026-01-02T03:04:05Z"
    assert document["iss"] == "did:web:careerpath.example"
    assert document["jti"] == "urn:uuid:1"
    assert document["nbf"] == int(WHEN.timestamp())
    assert "sub" not in document  # the subject has no id: the holder is named by identifier
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "Competency"
    assert achievement["description"] == "Senior ML Engineer"  # never empty
    assert achievement["criteria"] == {"narrative": "Confirmed."}
    assert document["evidence"] == [
        {"id": "https://github.com/x/y", "type": ["Evidence"], "name": "Repository"}
    ]


def test_the_status_entry_points_at_its_bit_in_the_list():
    status = payload()["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListIndex"] == "7"
    assert status["statusListCredential"] == "https://careerpath.example/credentials/status/1"


def test_a_credential_without_evidence_has_no_evidence_list():
    assert "evidence" not in payload(evidence=[])


def test_status_indexes_fill_one_list_then_the_next():
    assert status_location(0) == (1, 0)
    assert status_location(LIST_SIZE - 1) == (1, LIST_SIZE - 1)
    assert status_location(LIST_SIZE) == (2, 0)


def test_a_status_list_credential_sets_the_bits_of_revoked_positions_only():
    document = status_list_payload(
        list_url="https://careerpath.example/credentials/status/1",
        issuer=ISSUER,
        revoked=[3],
        valid_from=WHEN,
    )
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    bits = decode_bits(document["credentialSubject"]["encodedList"])
    assert bits[0] == 0b0001_0000 and not any(bits[1:])
