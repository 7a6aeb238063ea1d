"""Issuing and revoking credentials (interface I3). Each service is one transaction.

Issuing locks the one StatusCounter row to take the next status index, so two issues at once
queue and never share an index, and a second issue for the same source finds the first
(idempotent). Revoking sets the credential's bit (status.py builds the lists from revoked
rows) and moves the lists' version in the same transaction."""

import time
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .document import credential_payload, status_location
from .keys import current_key
from .models import Credential, StatusCounter
from .names import public_name
from .signing import sign
from .specs import AchievementSpec, EvidenceSpec
from .status import site_issuer, status_list_url

NOT_YOURS = "Only the holder, the mentor who confirmed it or an administrator can revoke it."
ALREADY_REVOKED = "This credential was revoked already."
REASON_NEEDED = "Say why it is revoked: the reason is shown to anyone who checks it."
ADMINISTRATORS = "careerpath's administrators"
FORMER_MEMBER = "a former member"
ACCOUNT_DELETED = "The holder deleted their account."
REASON_MAX = 500


class CredentialError(Exception):
    pass


def _locked_counter() -> StatusCounter:
    StatusCounter.objects.get_or_create(pk=1)
    return StatusCounter.objects.select_for_update().get(pk=1)


@transaction.atomic
def credential_issue(
    *,
    holder,
    achievement: AchievementSpec,
    evidence: Sequence[EvidenceSpec],
    source: str,
    confirmed_by,
) -> Credential:
    """Issue `holder` a signed credential for `achievement`, once per `source`."""
    counter = _locked_counter()
    existing = Credential.objects.filter(source=source).first()
    if existing is not None:
        return existing
    index = counter.next_index
    counter.next_index = index + 1
    counter.save(update_fields=["next_index"])

    public_id = uuid.uuid4()
    credential = Credential(
        public_id=public_id,
        holder=holder,
        holder_name=public_name(holder),
        kind=achievement.kind,
        achievement={
            "name": achievement.name,
            "description": achievement.description,
            "criteria": achievement.criteria,
        },
        evidence=[
            {"url": item.url, "name": item.name, "description": item.description}
            for item in evidence
        ],
        source=source,
        confirmed_by=confirmed_by,
        confirmed_by_name=public_name(confirmed_by) if confirmed_by is not None else "",
        issued_at=timezone.now(),
        status_index=index,
    )
    number, position = status_location(index)
    payload = credential_payload(
        credential_id=f"urn:uuid:{public_id}",
        page_url=settings.SITE_URL + credential.get_absolute_url(),
        issuer=site_issuer(),
        achievement=achievement,
        evidence=evidence,
        holder_name=credential.holder_name,
        valid_from=credential.issued_at,
        status_list_url=status_list_url(number),
        status_position=position,
    )
    credential.jwt = sign(payload, current_key())
    credential.save()
    return credential


def may_revoke(credential: Credential, user) -> bool:
    """Whether `user` may revoke `credential`: its holder, the mentor who confirmed it, or a
    superuser."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.pk in (credential.holder_id, credential.confirmed_by_id)


def _move_version(counter: StatusCounter) -> None:
    counter.version = max(counter.version + 1, time.time_ns())
    counter.save(update_fields=["version"])


def _revoker_name(credential: Credential, by) -> str:
    """Return how a credential's page names who revoked it: a superuser who is neither its
    holder nor its mentor as the administrators; nobody (the system) with no name."""
    if by is None:
        return ""
    if by.is_superuser and by.pk not in (credential.holder_id, credential.confirmed_by_id):
        return ADMINISTRATORS
    return public_name(by)


def _revoke(credential: Credential, *, by, reason: str, now) -> None:
    credential.revoked_at = now
    credential.revoked_by = by
    credential.revoked_by_name = _revoker_name(credential, by)
    credential.revocation_reason = reason
    credential.save(
        update_fields=["revoked_at", "revoked_by", "revoked_by_name", "revocation_reason"]
    )


@transaction.atomic
def credential_revoke(*, credential: Credential, by, reason: str) -> Credential:
    """Revoke a credential for good, saying why; its bit in the status list is set at once."""
    reason = reason.strip()
    if not reason:
        raise CredentialError(REASON_NEEDED)
    if not may_revoke(credential, by):
        raise CredentialError(NOT_YOURS)
    counter = _locked_counter()
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.is_revoked:
        raise CredentialError(ALREADY_REVOKED)
    _revoke(credential, by=by, reason=reason[:REASON_MAX], now=timezone.now())
    _move_version(counter)
    return credential


@transaction.atomic
def credentials_revoke_all(*, holder, reason: str) -> int:
    """Revoke every credential `holder` holds that is not revoked yet; return how many."""
    counter = _locked_counter()
    now = timezone.now()
    revoked = 0
    for credential in Credential.objects.select_for_update().filter(
        holder=holder, revoked_at__isnull=True
    ):
        _revoke(credential, by=None, reason=reason[:REASON_MAX], now=now)
        revoked += 1
    if revoked:
        _move_version(counter)
    return revoked


@transaction.atomic
def credentials_forget(*, holder) -> None:
    """An account is going: revoke its credentials and clear what they said of the person.
    The rows stay (their bits must stay set in the status list), holding no personal data;
    other people's credentials it confirmed or revoked name "a former member"."""
    credentials_revoke_all(holder=holder, reason=ACCOUNT_DELETED)
    counter = _locked_counter()
    forgotten = 0
    for credential in Credential.objects.select_for_update().filter(holder=holder):
        forgotten += 1
        credential.holder_name = ""
        credential.revoked_by_name = ""
        credential.jwt = ""
        credential.achievement = {}
        credential.evidence = []
        credential.public = False
        credential.save(
            update_fields=[
                "holder_name",
                "revoked_by_name",
                "jwt",
                "achievement",
                "evidence",
                "public",
            ]
        )
    # Other people's credentials that name them (as the mentor who confirmed or revoked)
    # name "a former member" from now on.
    for credential in Credential.objects.select_for_update().filter(
        Q(confirmed_by=holder) | Q(revoked_by=holder)
    ):
        forgotten += 1
        if credential.confirmed_by_id == holder.pk:
            credential.confirmed_by_name = FORMER_MEMBER
        if credential.revoked_by_id == holder.pk:
            credential.revoked_by_name = FORMER_MEMBER
        credential.save(update_fields=["confirmed_by_name", "revoked_by_name"])
    if forgotten:  # their pages, kept for signed-out visitors, show the names no more
        _move_version(counter)


def credential_publish(*, credential: Credential, holder, public: bool) -> Credential:
    """Show or hide a credential on its holder's public profile."""
    if credential.holder_id != holder.pk:
        raise CredentialError(NOT_YOURS)
    credential.public = public
    credential.save(update_fields=["public"])
    return credential


def credentials_of(user) -> list[dict]:
    """Return the credentials `user` holds, for their data export."""
    return [
        {
            "id": str(credential.public_id),
            "kind": credential.kind,
            "achievement": credential.achievement,
            "evidence": credential.evidence,
            "source": credential.source,
            "confirmed_by": credential.confirmed_by_name,
            "issued_at": credential.issued_at,
            "public": credential.public,
            "revoked_at": credential.revoked_at,
            "revoked_by": credential.revoked_by_name,
            "revocation_reason": credential.revocation_reason,
            "jwt": credential.jwt,
        }
        for credential in Credential.objects.filter(holder=user).order_by("issued_at", "pk")
    ]
