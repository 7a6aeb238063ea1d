"""The documents the site signs, as plain data: an Open Badges 3.0 `OpenBadgeCredential`
and a W3C `BitstringStatusListCredential`, each the payload of a VC-JWT (Open Badges 3.0
§8.2: the credential is the JWT payload, beside the registered claims iss, jti and nbf
that repeat its issuer, id and validFrom; `sub` only when the subject has an id, which ours
has not: the holder is named by `identifier`).

No Django here: the services give the values; tests build documents without a database.
"""

import base64
import gzip
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .specs import AchievementSpec, EvidenceSpec

Json = dict[str, Any]  # a JSON object, as the documents and JWT payloads are

ALGORITHM = "RS256"  # the algorithm Open Badges 3.0 requires every verifier to accept

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
# The newest context of Open Badges 3.0 (errata of 2024; 3.0.3 adds endorsementJwt).
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

# A status list holds at least 131,072 entries (16 KB): Bitstring Status List v1.0, §6.1,
# so no credential's bit says much about who holds it.
LIST_SIZE = 131_072

# Open Badges 3.0's AchievementType for each kind of credential.
ACHIEVEMENT_TYPES = {"level": "Competency", "project": "Assignment"}


@dataclass(frozen=True)
class Issuer:
    did: str
    name: str
    url: str

    def profile(self) -> Json:
        return {"id": self.did, "type": ["Profile"], "name": self.name, "url": self.url}


def iso(moment: datetime) -> str:
    """Return a moment as the XML Schema dateTime credentials use, in UTC to the second."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def status_location(index: int) -> tuple[int, int]:
    """Return (list number from 1, position in that list) of a status index."""
    return index // LIST_SIZE + 1, index % LIST_SIZE


def credential_payload(
    *,
    credential_id: str,
    page_url: str,
    issuer: Issuer,
    achievement: AchievementSpec,
    evidence: Sequence[EvidenceSpec],
    holder_name: str,
    valid_from: datetime,
    status_list_url: str,
    status_position: int,
) -> Json:
    """Return the JWT payload of an OpenBadgeCredential."""
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": holder_name,
            }
        ],
        "achievement": {
            "id": f"{page_url}#achievement",
            "type": ["Achievement"],
            "achievementType": ACHIEVEMENT_TYPES.get(achievement.kind, "Achievement"),
            "name": achievement.name,
            "description": achievement.description or achievement.name,
            "criteria": {"narrative": achievement.criteria},
        },
    }
    document: Json = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement.name,
        "issuer": issuer.profile(),
        "validFrom": iso(valid_from),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_list_url}#{status_position}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_position),
            "statusListCredential": status_list_url,
        },
    }
    if evidence:
        document["evidence"] = [
            {
                "id": item.url,
                "type": ["Evidence"],
                "name": item.name,
                **({"description": item.description} if item.description else {}),
            }
            for item in evidence
        ]
    return {**document, **_claims(document, valid_from)}


def _claims(document: Json, valid_from: datetime) -> Json:
    return {
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "nbf": int(valid_from.timestamp()),
    }


def encode_bits(positions: Iterable[int], size: int = LIST_SIZE) -> str:
    """Return the encodedList of a status list with the bits at `positions` set: the
    bitstring (position 0 is the first byte's highest bit), GZIP-compressed, as multibase
    base64url without padding (the leading "u")."""
    bits = bytearray(size // 8)
    for position in positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def decode_bits(encoded: str) -> bytes:
    """Return the bitstring of an encodedList (ValueError when it is not one)."""
    text = encoded.removeprefix("u")
    packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return gzip.decompress(packed)


def bit_is_set(bits: bytes, position: int) -> bool:
    if not 0 <= position < len(bits) * 8:
        raise ValueError(f"position {position} is outside the list")
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def status_list_payload(
    *, list_url: str, issuer: Issuer, revoked: Iterable[int], valid_from: datetime
) -> Json:
    """Return the JWT payload of the BitstringStatusListCredential at `list_url`."""
    document = {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did,
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bits(revoked),
        },
    }
    return {**document, "iss": issuer.did, "jti": list_url, "nbf": int(valid_from.timestamp())}


def to_json(payload: Json) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
