from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Return mapping[key], or an empty list when the key is missing."""
    return mapping.get(key, [])


@register.simple_tag
def skill_endorsements(user):
    """Return {skill id: [(endorsement, is current)]} for the user's *My skills* page: the
    mentoring part of a profiles page, composed here so profiles never imports mentoring."""
    from mentoring.selectors import skill_endorsements_for

    return skill_endorsements_for(user)


@register.simple_tag
def invitation_days():
    """Return how many days an invitation stays open (models.INVITATION_DAYS)."""
    from mentoring import models

    return str(models.INVITATION_DAYS)
