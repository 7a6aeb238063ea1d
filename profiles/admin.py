from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import F

from careerpath.admin import LargeListAdmin, SuperuserOnlyAdmin

from .models import Evidence, Experience, Profile, Project, SkillRating, SkillRatingChange

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class SuperuserOnlyUserAdmin(SuperuserOnlyAdmin, LargeListAdmin, UserAdmin):
    pass  # ordered by username: its unique index


# Everyone's e-mail addresses are user data too: allauth's own admin would show them to
# any staff member holding its permissions.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class SuperuserOnlyEmailAddressAdmin(SuperuserOnlyAdmin, LargeListAdmin, EmailAddressAdmin):
    list_select_related = ["user"]


class VersionedRowAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    """A superuser's edit of a learner's row moves its version on, so a form the learner
    opened before it is answered with a conflict instead of silently undoing the edit."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = F("version") + 1
        super().save_model(request, obj, form, change)
        if change:
            obj.refresh_from_db(fields=["version"])


class ReadOnlyRatingsAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    """Ratings and their history change only through the learner's own saves, which keep
    the history chained; here they can be read (and deleted on request), not edited."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Profile)
class ProfileAdmin(VersionedRowAdmin):
    list_display = ["user", "display_name", "visibility", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["user__email", "display_name"]
    list_filter = ["visibility"]
    raw_id_fields = ["user"]


@admin.register(Experience)
class ExperienceAdmin(VersionedRowAdmin):
    list_display = ["user", "role_title", "organisation", "start_month", "end_month", "is_ml_work"]
    list_select_related = ["user"]
    search_fields = ["user__email", "role_title", "organisation"]
    raw_id_fields = ["user"]


@admin.register(SkillRating)
class SkillRatingAdmin(ReadOnlyRatingsAdmin):
    list_display = ["user", "skill", "proficiency", "updated_at"]
    list_select_related = ["user", "skill"]
    list_filter = ["skill", "proficiency"]
    # The model's ordering (by the skill's level and place) is a join no index serves:
    # ordering 2.3 million ratings took 2.4 s. The admin lists the latest changes first.
    ordering = ["-updated_at", "-pk"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(SkillRatingChange)
class SkillRatingChangeAdmin(ReadOnlyRatingsAdmin):
    list_display = ["user", "skill", "old_proficiency", "new_proficiency", "changed_at"]
    list_select_related = ["user", "skill"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(VersionedRowAdmin):
    list_display = ["title", "user", "status", "template", "updated_at"]
    list_select_related = ["user", "template"]
    list_filter = ["status"]
    search_fields = ["title", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Evidence)
class EvidenceAdmin(SuperuserOnlyAdmin, LargeListAdmin):
    """A learner's evidence is their own statement, added and edited only by them: here it
    can be read, and a link that breaks the site's rules deleted."""

    list_display = ["user", "kind", "url", "skill", "project", "created_at"]
    list_select_related = ["user", "skill", "project"]
    list_filter = ["kind"]
    ordering = ["-created_at", "-pk"]
    search_fields = ["user__email", "url"]
    raw_id_fields = ["user", "project"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
