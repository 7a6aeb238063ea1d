"""The "Content editor" group: may edit ladder content in the admin and nothing else."""

from django.contrib.auth.models import Group, Permission

CONTENT_EDITOR_GROUP = "Content editor"
CONTENT_EDITOR_APPS = ("ladder",)


def ensure_content_editor_group(**kwargs):
    """Create or refresh the group with every permission of the ladder app (idempotent)."""
    group, _ = Group.objects.get_or_create(name=CONTENT_EDITOR_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=CONTENT_EDITOR_APPS)
    group.permissions.set(permissions)
    return group
