"""Filters that ask `viewer` (the context processor profiles.context_processors.viewer: any
object with rating_of(skill_id) and meets(skill_id, min_proficiency)) about the ladder."""

from django import template

from ladder.models import Proficiency

register = template.Library()


@register.filter
def rating_of(viewer, skill_id):
    """Return the viewer's proficiency label for a skill, or "" when not rated."""
    value = viewer.rating_of(skill_id) if viewer else None
    return Proficiency(value).label if value is not None else ""


@register.filter
def meets(viewer, requirement):
    """Return whether the viewer meets a level's skill requirement."""
    return bool(viewer) and viewer.meets(requirement.skill.id, requirement.min_proficiency)


@register.filter
def meets_years(viewer, level):
    """Return whether the viewer has the years of experience a level asks for."""
    return (getattr(viewer, "years", 0) or 0) >= (level.entry_years or 0)


@register.filter
def is_at(viewer, level):
    """Return whether `level` is the viewer's level ("You are here")."""
    level_id = getattr(viewer, "level_id", None)
    return level_id is not None and level_id == level.id


@register.filter
def is_target(viewer, level):
    """Return whether `level` is the target the viewer chose ("Your target")."""
    target_id = getattr(viewer, "target_id", None)
    return target_id is not None and target_id == level.id
