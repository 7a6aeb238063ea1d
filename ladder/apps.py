from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LadderConfig(AppConfig):
    name = "ladder"
    verbose_name = "Career ladder"

    def ready(self):
        from .groups import ensure_content_editor_group

        post_migrate.connect(ensure_content_editor_group, sender=self)
