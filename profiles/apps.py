from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "Learner profiles"

    def ready(self):
        from .models import Experience, PathStepDone, Profile, Project, SkillRating
        from .signals import own_row_changed, profile_create_for_new_user, user_saved

        post_save.connect(profile_create_for_new_user, sender=settings.AUTH_USER_MODEL)
        post_save.connect(user_saved, sender=settings.AUTH_USER_MODEL)
        for model in (Profile, SkillRating, Experience, Project, PathStepDone):
            post_save.connect(own_row_changed, sender=model)
            post_delete.connect(own_row_changed, sender=model)
