"""manage.py verify_credential FILE-OR-URL: exit 0 and "Valid", or non-zero and why."""

import pytest
from django.conf import settings
from django.core.management import call_command

from careerpath.credentials.services import credential_revoke

from .factories import CredentialFactory


def verify(where, capsys):
    code = 0
    try:
        call_command("verify_credential", str(where))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_downloaded_credential_is_valid_then_revoked(db, tmp_path, capsys):
    credential = CredentialFactory(achievement_name="Fraud model")
    file = tmp_path / "credential.jwt"
    file.write_text(credential.jwt)
    code, output = verify(file, capsys)
    assert code == 0
    assert "Valid: Fraud model" in output
    credential_revoke(credential=credential, by=credential.confirmed_by, reason="Signed by mistake")
    code, output = verify(file, capsys)
    assert code == 1
    assert "Revoked on" in output and "Signed by mistake" in output


def test_a_credential_with_one_byte_changed_fails_naming_the_signature(db, tmp_path, capsys):
    token = CredentialFactory().jwt
    at = len(token) // 2
    file = tmp_path / "credential.jwt"
    file.write_text(token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :])
    code, output = verify(file, capsys)
    assert code == 1
    assert "Signature does not match" in output


def test_a_credential_of_this_site_is_checked_by_its_url(db, capsys):
    credential = CredentialFactory()
    code, output = verify(settings.SITE_URL + credential.get_absolute_url(), capsys)
    assert code == 0 and "Valid" in output


def test_an_unreadable_file_is_an_error(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("verify_credential", str(tmp_path / "missing.jwt"))
