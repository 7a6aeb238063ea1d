from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def invitation_days():
    """Return how many days an invitation stays open (models.INVITATION_DAYS)."""
    from mentoring import models

    return str(models.INVITATION_DAYS)


@register.filter
def days_ago(moment):
    """Return "today", "yesterday" or "N days ago" for a datetime: a wording that changes
    only with the day, so a part cached for the day (careerpath/fragments.py) stays true."""
    days = (timezone.localdate() - timezone.localdate(moment)).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"
