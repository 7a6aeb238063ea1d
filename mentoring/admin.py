from django.contrib import admin

from careerpath.admin import LargeListAdmin, SuperuserOnlyAdmin

from .models import (
    CheckIn,
    CheckInRating,
    DigestDelivery,
    Endorsement,
    Feedback,
    Mentorship,
    Notification,
    NotificationSettings,
    SignOff,
)


@admin.register(Mentorship)
class MentorshipAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    list_display = ["learner", "invitee_email", "mentor", "status", "created_at", "expires_at"]
    list_select_related = ["learner", "mentor"]
    list_filter = ["status"]
    search_fields = ["learner__email", "invitee_email", "mentor__email"]
    raw_id_fields = ["learner", "mentor", "ended_by"]
    readonly_fields = ["token"]


@admin.register(Feedback)
class FeedbackAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    list_display = ["mentorship", "created_at"]
    raw_id_fields = ["mentorship", "project"]


@admin.register(Endorsement)
class EndorsementAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    list_display = ["mentorship", "skill", "proficiency", "created_at"]
    raw_id_fields = ["mentorship"]


@admin.register(SignOff)
class SignOffAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    list_display = ["mentorship", "project", "created_at"]
    raw_id_fields = ["mentorship", "project"]


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    list_display = ["user", "text", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "actor"]


class CheckInRatingInline(admin.TabularInline):
    model = CheckInRating
    extra = 0
    raw_id_fields = ["skill"]


@admin.register(CheckIn)
class CheckInAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    list_display = ["mentorship", "due_on", "status", "frozen_at"]
    list_filter = ["status"]
    raw_id_fields = ["mentorship", "started_by", "proposed_by", "level"]
    filter_horizontal = ["skills"]
    readonly_fields = ["frozen"]
    inlines = [CheckInRatingInline]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    list_display = ["user", "digest", "digest_day", "updated_at"]
    list_select_related = ["user"]
    list_filter = ["digest", "digest_day"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    """Who had which week's digest: written only by the digest run (mentoring/digest.py),
    read here. Its mail is in the outbox's list."""

    list_display = ["user", "week_start", "items", "created_at"]
    list_select_related = ["user"]
    list_filter = ["week_start"]
    search_fields = ["user__email"]
    ordering = ["-pk"]  # the latest first, by the primary key's index (a week is 100,000 rows)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
