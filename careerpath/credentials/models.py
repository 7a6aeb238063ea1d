import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class CredentialKind(models.TextChoices):
    LEVEL = "level", "Level"
    PROJECT = "project", "Project"


class Credential(models.Model):
    """An Open Badges 3.0 credential issued to a person: the signed JWT as it was issued,
    and what it said, for the pages. Never deleted: its revocation bit (status_index) must
    stay set in the published status list, so an account that goes keeps its revoked rows
    with the personal parts cleared (services.credentials_forget)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    holder_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=10, choices=CredentialKind)
    achievement = models.JSONField(default=dict)  # name, description, criteria
    evidence = models.JSONField(default=list)  # [{url, name, description}]
    # A stable key of what it was issued for ("sign-off:12"): one credential per source.
    source = models.CharField(max_length=100, unique=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by_name = models.CharField(max_length=200, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    jwt = models.TextField(blank=True)
    # Its bit in the Bitstring Status List (status.py): list number and position follow.
    status_index = models.PositiveIntegerField(unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_by_name = models.CharField(max_length=200, blank=True)
    revocation_reason = models.TextField(blank=True, max_length=500)
    # Shown on the holder's public profile only when they choose.
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["holder", "-issued_at"], name="credential_holder_idx")]

    def __str__(self) -> str:
        return f"{self.achievement.get('name', 'Credential')} ({self.holder_name or 'deleted'})"

    def get_absolute_url(self) -> str:
        return reverse("credentials:detail", args=[self.public_id])

    @property
    def name(self) -> str:
        return str(self.achievement.get("name", ""))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class StatusCounter(models.Model):
    """One row: the next free status list index, and the version of the status lists (moved
    by every revocation, so the signed lists kept in the cache are rebuilt at once). Issuing
    locks this row, so two credentials never get the same index."""

    next_index = models.PositiveIntegerField(default=0)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"next index {self.next_index}, version {self.version}"
