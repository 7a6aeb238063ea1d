from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from careerpath.admin import SuperuserOnlyAdmin

from .models import Credential
from .services import CredentialError, credential_revoke

ADMIN_REASON = "Revoked by careerpath's administrators."


@admin.register(Credential)
class CredentialAdmin(SuperuserOnlyAdmin):
    """Issued credentials, for superusers only: read, and revoked (never edited, added or
    deleted: a deleted row would take its revocation bit with it)."""

    list_display = ["__str__", "kind", "issued_at", "revoked_at", "public"]
    list_filter = ["kind", "public"]
    search_fields = ["holder_name", "source", "holder__email"]
    ordering = ["-issued_at", "-pk"]
    fields = readonly_fields = (
        "public_id",
        "holder",
        "holder_name",
        "kind",
        "achievement",
        "evidence",
        "source",
        "confirmed_by",
        "issued_at",
        "status_index",
        "public",
        "revoked_at",
        "revoked_by",
        "revoked_by_name",
        "revocation_reason",
    )
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Revoke the selected credentials", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[Credential]) -> None:
        revoked = 0
        for credential in queryset.filter(revoked_at__isnull=True):
            try:
                credential_revoke(credential=credential, by=request.user, reason=ADMIN_REASON)
            except CredentialError:
                continue
            revoked += 1
        self.message_user(
            request,
            f"{revoked} credential{'s' if revoked != 1 else ''} revoked.",
            messages.SUCCESS if revoked else messages.WARNING,
        )
