"""Signing a payload as a VC-JWT with joserfc: compact JWS, RS256, the key named by kid."""

from joserfc import jws

from .document import ALGORITHM, to_json
from .keys import SigningKey


def sign(payload: dict, key: SigningKey) -> str:
    header = {"alg": ALGORITHM, "typ": "JWT", "kid": key.kid}
    return jws.serialize_compact(header, to_json(payload), key.key, algorithms=[ALGORITHM])
