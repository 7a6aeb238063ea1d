from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save


class LadderConfig(AppConfig):
    name = "ladder"
    verbose_name = "Career ladder"

    def ready(self):
        from .groups import ensure_content_editor_group
        from .signals import skip_history_of_fixture_rows

        post_migrate.connect(ensure_content_editor_group, sender=self)
        # Any model's fixture rows: backups restore every app's history at once.
        pre_save.connect(skip_history_of_fixture_rows, dispatch_uid="skip_history_of_fixture_rows")
