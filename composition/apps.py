from django.apps import AppConfig


class CompositionConfig(AppConfig):
    name = "composition"
    label = "composition"
    verbose_name = "Composition of the apps"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from mentoring.extras import MentoringExtras
        from profiles import extras

        from . import checks, credentials, writes  # noqa: F401  (checks registers itself)
        from .account import purge_cached_copies

        writes.connect()
        pre_delete.connect(purge_cached_copies, sender=settings.AUTH_USER_MODEL)
        # profiles' pages show what mentoring keeps about a person (profiles/extras.py).
        extras.provide(MentoringExtras())
        # Credentials for what mentors confirm, revoked with a deleted account (I3).
        credentials.connect()
