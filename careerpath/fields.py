"""Model and form fields shared by the apps."""

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

INVALID_PORT = "Enter a link whose port is a number from 1 to 65535 (or leave the port out)."


def validate_port(value):
    """Refuse a link whose port no server can listen on, such as :99999 or :0.

    Django's URLValidator takes any five digits as a port."""
    try:
        port = urlsplit(value).port
    except ValueError:  # urllib's own "Port out of range 0-65535"
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise ValidationError(INVALID_PORT, code="invalid_port")


class LinkFormField(forms.URLField):
    """A form field for a link: https:// is assumed when typed without a scheme, and the
    port, if any, must be one that exists."""

    default_validators = [URLValidator(), validate_port]

    def __init__(self, **kwargs):
        super().__init__(**{"assume_scheme": "https", **kwargs})


class HttpsURLField(models.URLField):
    """A link whose forms (ours and the admin's) take an address typed without a scheme,
    such as github.com/ada, as https:// (Django 6's default), and refuse impossible ports."""

    default_validators = [URLValidator(), validate_port]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": LinkFormField, **kwargs})


HTTPS_ONLY = "Enter a link that starts with https://, such as https://github.com/you/project."


class HttpsOnlyURLValidator(URLValidator):
    """A well-formed https link; any other scheme (http:, javascript:, ftp:...) is refused
    with HTTPS_ONLY, which names what to type instead."""

    def __init__(self, **kwargs):
        super().__init__(**{"schemes": ["https"], **kwargs})

    def __call__(self, value):
        if isinstance(value, str) and value.split("://")[0].lower() != "https":
            raise ValidationError(HTTPS_ONLY, code="https_only", params={"value": value})
        super().__call__(value)


class HttpsOnlyLinkFormField(LinkFormField):
    """LinkFormField for links that must be https (typed without a scheme: https://)."""

    default_validators = [HttpsOnlyURLValidator(), validate_port]


class HttpsOnlyURLField(HttpsURLField):
    """An HttpsURLField that refuses every scheme but https: for links shown to other people
    (evidence), which the site never fetches."""

    default_validators = [HttpsOnlyURLValidator(), validate_port]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": HttpsOnlyLinkFormField, **kwargs})
