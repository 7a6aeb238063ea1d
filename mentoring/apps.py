from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from allauth.account.signals import email_confirmed
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from profiles.signals import project_finished, ratings_changed

        from .services import (
            account_leaving,
            invitations_attach_on_email_confirmed,
            mentors_tell_project_finished,
            mentors_tell_ratings_changed,
        )

        email_confirmed.connect(invitations_attach_on_email_confirmed)
        ratings_changed.connect(mentors_tell_ratings_changed)
        project_finished.connect(mentors_tell_project_finished)
        pre_delete.connect(account_leaving, sender=settings.AUTH_USER_MODEL)
