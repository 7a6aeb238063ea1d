from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Learner profiles"

    def ready(self):
        from .signals import profile_create_for_new_user

        post_save.connect(profile_create_for_new_user, sender=settings.AUTH_USER_MODEL)
