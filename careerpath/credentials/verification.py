"""Verifying a credential: what a verifier anywhere would do, in order, each failure named.

1. The JOSE header names the algorithm (RS256) and the key (`kid`, `did:web:<host>#key-N`).
2. The issuer's DID document is resolved and must publish that key as an assertion method;
   otherwise the issuer is unknown.
3. The signature must match the header and payload as they are: one byte changed anywhere
   and it does not.
4. The payload must be an OpenBadgeCredential whose issuer is the DID that holds the key.
5. validFrom must have come, validUntil (if any) not passed.
6. The credential's bit in the issuer's status list (itself a VC-JWT, verified the same way)
   must be clear; set, the credential is revoked.

Resolving is the caller's (`Resolver`): the site resolves its own DID and status lists
in-process (resolve.py), anything else over https. No Django here.
"""

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from .document import ALGORITHM, Json, bit_is_set, decode_bits

VALID = "Valid"
MALFORMED = "Not a credential: {detail}"
ISSUER_UNKNOWN = "Issuer unknown: {detail}"
SIGNATURE = (
    "Signature does not match: the credential was changed after it was signed, "
    "or was not signed by its issuer's key"
)
NOT_YET_VALID = "Not valid yet: valid from {date}"
EXPIRED = "Expired on {date}"
REVOKED = "Revoked"
STATUS_UNKNOWN = "Revocation status unknown: {detail}"


class ResolveError(Exception):
    """A DID document or status list could not be had."""


class Resolver(Protocol):
    def did_document(self, did: str) -> Json: ...

    def status_list(self, url: str) -> str: ...


@dataclass(frozen=True)
class Verdict:
    valid: bool
    problem: str  # "" when valid; else signature, issuer, malformed, dates, revoked, status
    message: str
    payload: Json | None = None

    @property
    def revoked(self) -> bool:
        return self.problem == "revoked"


def _fail(problem: str, message: str, payload: Json | None = None) -> Verdict:
    return Verdict(valid=False, problem=problem, message=message, payload=payload)


def _b64json(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def payload_of(token: str) -> Json:
    """Return the payload of a compact JWT, unverified (for showing a credential's JSON)."""
    payload = _b64json(token.split(".")[1])
    if not isinstance(payload, dict):
        raise ValueError("the payload is no object")
    return payload


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class _Failure(Exception):
    def __init__(self, verdict: Verdict):
        self.verdict = verdict


def _verified_payload(token: str, resolver: Resolver) -> tuple[str, Json]:
    """Return (issuer DID, payload) of a JWT signed by a key its issuer publishes."""
    parts = token.split(".")
    if len(parts) != 3:
        raise _Failure(_fail("malformed", MALFORMED.format(detail="it is not a compact JWT")))
    try:
        header = _b64json(parts[0])
    except ValueError:
        raise _Failure(
            _fail("malformed", MALFORMED.format(detail="its header is unreadable"))
        ) from None
    if not isinstance(header, dict):
        raise _Failure(_fail("malformed", MALFORMED.format(detail="its header is no object")))
    kid = header.get("kid")
    if header.get("alg") != ALGORITHM or not isinstance(kid, str) or "#" not in kid:
        raise _Failure(
            _fail("malformed", MALFORMED.format(detail=f"its header names no {ALGORITHM} key"))
        )
    did = kid.split("#", 1)[0]
    try:
        document = resolver.did_document(did)
    except ResolveError as error:
        raise _Failure(_fail("issuer", ISSUER_UNKNOWN.format(detail=str(error)))) from None
    method = next((m for m in document.get("verificationMethod", []) if m.get("id") == kid), None)
    if method is None or kid not in document.get("assertionMethod", []):
        detail = f"{did} publishes no key {kid}"
        raise _Failure(_fail("issuer", ISSUER_UNKNOWN.format(detail=detail)))
    try:
        key = RSAKey.import_key(method["publicKeyJwk"])
        signed = jws.deserialize_compact(token, key, algorithms=[ALGORITHM])
        payload = json.loads(signed.payload)
    except (JoseError, ValueError, KeyError, TypeError):
        raise _Failure(_fail("signature", SIGNATURE)) from None
    if not isinstance(payload, dict):
        raise _Failure(_fail("malformed", MALFORMED.format(detail="its payload is no object")))
    issuer = payload.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != did or payload.get("iss", did) != did:
        detail = f"it names {issuer_id!r} as issuer, but {did} signed it"
        raise _Failure(_fail("issuer", ISSUER_UNKNOWN.format(detail=detail), payload))
    return did, payload


def verify_jwt(token: str, *, resolver: Resolver, now: datetime) -> Verdict:
    """Return whether the VC-JWT `token` is a valid credential at `now`, and if not, why."""
    try:
        did, payload = _verified_payload(token.strip(), resolver)
        if "OpenBadgeCredential" not in payload.get("type", []):
            detail = "it is not an OpenBadgeCredential"
            raise _Failure(_fail("malformed", MALFORMED.format(detail=detail), payload))
        try:
            valid_from = _parse_time(payload.get("validFrom"))
            valid_until = _parse_time(payload.get("validUntil"))
        except ValueError:
            raise _Failure(
                _fail("malformed", MALFORMED.format(detail="bad dates"), payload)
            ) from None
        if valid_from is None or valid_from > now:
            date = payload.get("validFrom", "never")
            raise _Failure(_fail("dates", NOT_YET_VALID.format(date=date), payload))
        if valid_until is not None and valid_until < now:
            date = payload["validUntil"]
            raise _Failure(_fail("dates", EXPIRED.format(date=date), payload))
        status = payload.get("credentialStatus")
        for entry in status if isinstance(status, list) else [status] if status else []:
            if _status_bit(entry, did, resolver, payload):
                raise _Failure(_fail("revoked", REVOKED, payload))
    except _Failure as failure:
        return failure.verdict
    return Verdict(valid=True, problem="", message=VALID, payload=payload)


def _status_bit(entry: Any, did: str, resolver: Resolver, payload: Json) -> bool:
    """Return whether the credential's bit is set in the status list `entry` points at (a
    revocation list of the same issuer)."""

    def unknown(detail: str) -> _Failure:
        return _Failure(_fail("status", STATUS_UNKNOWN.format(detail=detail), payload))

    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        raise unknown("its credentialStatus is not a BitstringStatusListEntry")
    url = entry.get("statusListCredential")
    try:
        position = int(entry.get("statusListIndex", ""))
        list_token = resolver.status_list(str(url))
    except ValueError:
        raise unknown("its statusListIndex is not a number") from None
    except ResolveError as error:
        raise unknown(str(error)) from None
    try:
        list_did, status_list = _verified_payload(list_token.strip(), resolver)
    except _Failure as failure:
        raise unknown(
            f"the status list {url} does not verify ({failure.verdict.message})"
        ) from None
    subject = status_list.get("credentialSubject", {})
    if list_did != did or subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise unknown(
            f"the status list {url} is not the issuer's {entry.get('statusPurpose')} list"
        )
    try:
        return bit_is_set(decode_bits(subject["encodedList"]), position)
    except (KeyError, ValueError, OSError) as error:
        raise unknown(f"the status list {url} is unreadable ({error})") from None
