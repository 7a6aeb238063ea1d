from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from careerpath.admin import LargeListAdmin, SuperuserOnlyAdmin

from .models import Mail
from .services import mails_resend


@admin.register(Mail)
class MailAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    """People's mail, for superusers only: what went out, what waits and why, and failed
    mail to send again. The body is not shown (it may hold a sign-in link), and nothing is
    edited or added by hand."""

    list_display = [
        "kind",
        "addresses",
        "subject",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "recipient__email"]
    ordering = ["-pk"]
    list_select_related = False
    fields = readonly_fields = (
        "kind",
        "recipient",
        "to",
        "subject",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
        "renderer",
        "args",
    )
    actions = ["send_again"]

    @admin.display(description="to")
    def addresses(self, mail: Mail) -> str:
        return ", ".join(mail.to) or "(rendered when sent)"

    def has_add_permission(self, request: HttpRequest, *args: object) -> bool:
        return False

    @admin.action(description="Send again", permissions=["change"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Mail]) -> None:
        count = mails_resend(queryset)
        self.message_user(
            request,
            f"{count} failed mail queued to be sent again; other mail is left as it was.",
            messages.SUCCESS if count else messages.WARNING,
        )
