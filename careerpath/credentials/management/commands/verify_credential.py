"""manage.py verify_credential FILE-OR-URL: check an Open Badges 3.0 credential (a VC-JWT)
against its issuer's published keys and status list, and say why it fails.

The credential is read from a file, from `-` (standard input), or from a URL (this site's
credential pages and downloads are read from the database). The issuer's DID document and
status list are fetched over https, or read in-process when the issuer is this site.
Exits 0 when the credential is valid, 1 when it is not, 2 when it could not be read."""

import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import Resolver404, resolve
from django.utils import timezone

from careerpath.credentials.models import Credential
from careerpath.credentials.resolve import SiteResolver, fetch_https
from careerpath.credentials.verification import ResolveError, verify_jwt


def read_credential(where: str, resolver: SiteResolver) -> str:
    """Return the VC-JWT at `where`: a file, "-", or a URL."""
    if where == "-":
        return sys.stdin.read()
    if where.startswith(settings.SITE_URL + "/"):
        try:
            match = resolve(where.removeprefix(settings.SITE_URL).split("?")[0])
        except Resolver404:
            match = None
        if match and match.view_name in ("credentials:detail", "credentials:jwt"):
            row = Credential.objects.filter(public_id=match.kwargs["public_id"]).first()
            if row is None or not row.jwt:
                raise CommandError(f"{where}: no such credential here", returncode=2)
            return row.jwt
    if where.startswith(("https://", "http://")):
        try:
            return resolver.fetch(where).decode()
        except (ResolveError, UnicodeDecodeError) as error:
            raise CommandError(str(error), returncode=2) from error
    try:
        return Path(where).read_text()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{where}: {error}", returncode=2) from error


class Command(BaseCommand):
    help = "Verify an Open Badges 3.0 credential (VC-JWT) from a file or URL; say why it fails."

    def add_arguments(self, parser):
        parser.add_argument("credential", help="a file holding the JWT, '-', or a URL")

    def handle(self, *args, credential, **options):
        resolver = SiteResolver(fetch_https)
        token = read_credential(credential, resolver)
        verdict = verify_jwt(token, resolver=resolver, now=timezone.now())
        name = (verdict.payload or {}).get("name", "")
        if verdict.valid:
            self.stdout.write(self.style.SUCCESS(f"Valid: {name}" if name else "Valid"))
            return
        message = verdict.message
        if verdict.revoked:
            message = f"{message}{_revocation_detail(verdict.payload or {})}"
        self.stderr.write(f"Not valid. {message}")
        sys.exit(1)


def _revocation_detail(payload: dict) -> str:
    """Return ' on <date> by <whom>: <reason>' for a revoked credential of this site."""
    try:
        public_id = uuid.UUID(str(payload.get("id", "")).removeprefix("urn:uuid:"))
    except ValueError:
        return ""
    row = Credential.objects.filter(public_id=public_id).first()
    if row is None or row.revoked_at is None:
        return ""
    by = f" by {row.revoked_by_name}" if row.revoked_by_name else ""
    return f" on {row.revoked_at:%Y-%m-%d}{by}: {row.revocation_reason}"
