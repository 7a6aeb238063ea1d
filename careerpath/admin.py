from django.contrib import admin


def _is_superuser(request):
    return request.user.is_active and request.user.is_superuser


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """User data is for superusers only, whatever permissions a staff member holds."""

    def has_module_permission(self, request):
        return _is_superuser(request)

    def has_view_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_add_permission(self, request, *args):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _is_superuser(request)
