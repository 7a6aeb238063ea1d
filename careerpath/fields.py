"""Model fields shared by the apps."""

from django.db import models


class HttpsURLField(models.URLField):
    """A link whose forms (ours and the admin's) take an address typed without a scheme,
    such as github.com/ada, as https:// (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
