"""The keys that sign credentials, and the issuer they belong to (a did:web of the site).

Production reads them from the environment: CREDENTIAL_SIGNING_KEYS holds one or more RSA
private keys as PEM blocks, oldest first (a newline may be written as `\\n`). The newest
signs; every one stays published in /.well-known/did.json as `did:web:<host>#key-N` (N counts
from 1, the oldest), so credentials signed before a rotation still verify. Rotate by
appending a key; never remove or reorder one while credentials it signed are kept.

With none set and DEBUG on (`make run`), one is generated on first use into
CREDENTIAL_SIGNING_KEY_FILE (git-ignored) and kept there. The test settings generate one.
"""

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.jwk import RSAKey

from .document import ALGORITHM

KEY_BITS = 2048
PEM_BLOCK = re.compile(r"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.DOTALL)


@dataclass(frozen=True)
class SigningKey:
    number: int  # 1 for the oldest
    key: RSAKey

    @property
    def kid(self) -> str:
        return f"{issuer_did()}#key-{self.number}"

    def public_jwk(self) -> dict:
        return {**self.key.as_dict(private=False), "alg": ALGORITHM, "use": "sig"}


def issuer_did(site_url: str | None = None) -> str:
    """Return the site's did:web: its host, with a port's colon encoded as %3A."""
    host = urlsplit(site_url or settings.SITE_URL).netloc
    return "did:web:" + host.replace(":", "%3A")


def did_json_url(did: str) -> str:
    """Return the https URL where a did:web's DID document is published (did:web rules)."""
    from urllib.parse import unquote

    parts = [unquote(part) for part in did.removeprefix("did:web:").split(":")]
    if len(parts) == 1:
        return f"https://{parts[0]}/.well-known/did.json"
    return f"https://{parts[0]}/{'/'.join(parts[1:])}/did.json"


def generate_pem() -> str:
    """Return a new RSA private key as PEM."""
    return RSAKey.generate_key(KEY_BITS, private=True).as_pem(private=True).decode()


@functools.lru_cache(maxsize=8)
def _parse(pems: str) -> tuple[SigningKey, ...]:
    blocks = PEM_BLOCK.findall(pems.replace("\\n", "\n"))
    keys = []
    for number, block in enumerate(blocks, start=1):
        key = RSAKey.import_key(block)
        if not key.is_private:
            raise ImproperlyConfigured(f"CREDENTIAL_SIGNING_KEYS: key {number} is not private")
        keys.append(SigningKey(number=number, key=key))
    return tuple(keys)


def _local_key_file() -> str:
    path = Path(settings.CREDENTIAL_SIGNING_KEY_FILE)
    if not path.exists():
        # Created readable by its owner only; a second process racing here just loses.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(generate_pem())
    return path.read_text()


def signing_keys() -> tuple[SigningKey, ...]:
    """Return every key, oldest first: all are published, the last one signs."""
    pems = settings.CREDENTIAL_SIGNING_KEYS
    if not pems.strip():
        if not settings.DEBUG:
            raise ImproperlyConfigured(
                "Set CREDENTIAL_SIGNING_KEYS to the PEM of the RSA key that signs credentials."
            )
        pems = _local_key_file()
    keys = _parse(pems)
    if not keys:
        raise ImproperlyConfigured("CREDENTIAL_SIGNING_KEYS holds no PEM block.")
    return keys


def current_key() -> SigningKey:
    return signing_keys()[-1]


def did_document() -> dict:
    """Return the site's DID document: every signing key as a JsonWebKey2020 verification
    method, newest first (a verifier that reads only the first method gets the key that
    signs the status lists now), each one an assertion method."""
    did = issuer_did()
    methods = [
        {
            "id": key.kid,
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": key.public_jwk(),
        }
        for key in reversed(signing_keys())
    ]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
