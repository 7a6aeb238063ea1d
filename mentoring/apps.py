from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from allauth.account.signals import email_confirmed
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from .services import account_leaving, invitations_attach_on_email_confirmed

        email_confirmed.connect(invitations_attach_on_email_confirmed)
        pre_delete.connect(account_leaving, sender=settings.AUTH_USER_MODEL)
