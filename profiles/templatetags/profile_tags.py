from django import template

from profiles.display import FORMER_MEMBER
from profiles.display import display_name as name_of

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Return mapping[key], or an empty list when the key is missing."""
    return mapping.get(key, [])


@register.filter
def display_name(user, gone=FORMER_MEMBER):
    """Return the name a person shows to the people they work with (profiles/display.py), or
    `gone` ("a former member") once their account is deleted."""
    return name_of(user, gone=gone)
