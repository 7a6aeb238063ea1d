from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "careerpath.credentials"
    label = "credentials"
    verbose_name = "Credentials"
    default_auto_field = "django.db.models.BigAutoField"
