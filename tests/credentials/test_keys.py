"""Where the signing keys come from: the environment (several PEM blocks, oldest first, the
newest signing), or with DEBUG and none set a key generated once into a git-ignored file."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from careerpath.credentials.keys import (
    current_key,
    did_json_url,
    generate_pem,
    issuer_did,
    signing_keys,
)


def test_the_issuer_is_the_did_web_of_the_site_with_its_port_encoded():
    assert issuer_did("http://127.0.0.1:8000") == "did:web:127.0.0.1%3A8000"
    assert issuer_did("https://careerpath.example") == "did:web:careerpath.example"
    assert did_json_url("did:web:127.0.0.1%3A8000") == "https://127.0.0.1:8000/.well-known/did.json"


def test_keys_written_with_escaped_newlines_are_read_oldest_first(settings):
    first, second = generate_pem(), generate_pem()
    settings.CREDENTIAL_SIGNING_KEYS = (first + second).replace("\n", "\\n")
    keys = signing_keys()
    assert [key.number for key in keys] == [1, 2]
    assert current_key().kid.endswith("#key-2")


def test_without_keys_and_without_debug_nothing_is_signed(settings):
    settings.CREDENTIAL_SIGNING_KEYS = ""
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured, match="CREDENTIAL_SIGNING_KEYS"):
        signing_keys()


def test_make_run_generates_a_key_once_and_keeps_it(settings, tmp_path):
    settings.CREDENTIAL_SIGNING_KEYS = ""
    settings.DEBUG = True
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "key.pem"
    first = current_key().public_jwk()
    assert (tmp_path / "key.pem").stat().st_mode & 0o777 == 0o600
    assert current_key().public_jwk() == first


def test_a_public_key_alone_cannot_sign(settings):
    from joserfc.jwk import RSAKey

    public = RSAKey.import_key(generate_pem()).as_pem(private=False).decode()
    settings.CREDENTIAL_SIGNING_KEYS = public
    with pytest.raises(ImproperlyConfigured, match="not private"):
        signing_keys()
