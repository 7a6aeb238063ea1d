"""The site's Bitstring Status Lists: list n holds the revocation bits of status indexes
(n-1)*LIST_SIZE to n*LIST_SIZE-1, published signed at /credentials/status/<n>.

A signed list is kept in the cache under the lists' version (StatusCounter.version, moved in
the transaction of every revocation) and the key that signs, so a revocation shows in the
published list the moment it commits, and a stored list costs one query."""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from careerpath.cache import DAY

from .document import LIST_SIZE, Issuer, status_list_payload
from .keys import current_key, issuer_did
from .models import Credential, StatusCounter
from .signing import sign

ISSUER_NAME = "careerpath"


def site_issuer() -> Issuer:
    return Issuer(did=issuer_did(), name=ISSUER_NAME, url=settings.SITE_URL)


def status_list_url(number: int) -> str:
    return settings.SITE_URL + reverse("credentials:status", args=[number])


def status_state() -> tuple[int, int]:
    """Return (the lists' version, how many lists there are), in one query."""
    row = StatusCounter.objects.filter(pk=1).values_list("version", "next_index").first()
    version, next_index = row or (0, 0)
    return version, max(next_index - 1, 0) // LIST_SIZE + 1


def status_version() -> int:
    return status_state()[0]


def status_list_token(number: int, version: int | None = None) -> str:
    """Return the signed status list `number` as it is now (a VC-JWT)."""
    if version is None:
        version = status_version()
    key = current_key()
    cache_key = f"credentials:status:{number}:{version}:{key.kid}"
    token = cache.get(cache_key)
    if token is None:
        start = (number - 1) * LIST_SIZE
        revoked = Credential.objects.filter(
            revoked_at__isnull=False, status_index__gte=start, status_index__lt=start + LIST_SIZE
        ).values_list("status_index", flat=True)
        payload = status_list_payload(
            list_url=status_list_url(number),
            issuer=site_issuer(),
            revoked=[index - start for index in revoked],
            valid_from=timezone.now(),
        )
        token = sign(payload, key)
        cache.set(cache_key, token, DAY)
    return token
