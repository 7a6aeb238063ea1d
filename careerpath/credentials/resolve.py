"""Where a verifier finds the issuer's keys and status lists: this site's own in-process
(its DID document from the keys, its status lists from the database), any other issuer's
over https."""

import json
import urllib.request
from collections.abc import Callable
from urllib.error import URLError

from django.conf import settings
from django.urls import Resolver404, resolve

from .keys import did_document, did_json_url, issuer_did
from .verification import ResolveError

MAX_BYTES = 1_000_000
TIMEOUT_SECONDS = 10


def fetch_https(url: str) -> bytes:
    """Return what an https URL serves (at most MAX_BYTES), or raise ResolveError."""
    if not url.startswith("https://"):
        raise ResolveError(f"{url} is not an https address")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (https only)
            return response.read(MAX_BYTES)
    except (URLError, OSError, ValueError) as error:
        raise ResolveError(f"{url} could not be fetched ({error})") from error


class SiteResolver:
    """Resolve this site's DID and status lists in-process, others with `fetch`."""

    def __init__(self, fetch: Callable[[str], bytes] = fetch_https):
        self.fetch = fetch

    def did_document(self, did: str) -> dict:
        if did == issuer_did():
            return did_document()
        if not did.startswith("did:web:"):
            raise ResolveError(f"{did} is not a did:web")
        try:
            document = json.loads(self.fetch(did_json_url(did)))
        except ValueError as error:
            raise ResolveError(f"the DID document of {did} is not JSON") from error
        if not isinstance(document, dict) or document.get("id") != did:
            raise ResolveError(f"the DID document of {did} is not {did}'s")
        return document

    def status_list(self, url: str) -> str:
        number = self.own_list(url)
        if number is not None:
            from .status import status_list_token  # reads the database

            return status_list_token(number)
        try:
            return self.fetch(url).decode()
        except UnicodeDecodeError as error:
            raise ResolveError(f"{url} served no text") from error

    @staticmethod
    def own_list(url: str) -> int | None:
        """Return the number of this site's status list at `url`, or None."""
        if not url.startswith(settings.SITE_URL + "/"):
            return None
        try:
            match = resolve(url.removeprefix(settings.SITE_URL))
        except Resolver404:
            return None
        if match.view_name != "credentials:status":
            return None
        return int(match.kwargs["number"])
