from django.apps import AppConfig


class CompositionConfig(AppConfig):
    name = "composition"
    label = "composition"
    verbose_name = "Composition of the apps"

    def ready(self):
        from mentoring.extras import MentoringExtras
        from profiles import extras

        from . import checks, writes  # noqa: F401  (checks registers itself)

        writes.connect()
        # profiles' pages show what mentoring keeps about a person (profiles/extras.py).
        extras.provide(MentoringExtras())
