from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from .services import invitations_attach_on_email_confirmed

        email_confirmed.connect(invitations_attach_on_email_confirmed)
