"""Filters that ask `viewer` (the context processor profiles.context_processors.viewer:
profiles.viewer.Viewer, empty for a visitor) about the ladder. The rules and the wording of
an unrated skill stay with the viewer: the ladder app only asks."""

from django import template

from ladder.models import Proficiency

register = template.Library()


@register.filter
def rating_of(viewer, skill_id):
    """Return the viewer's proficiency label for a skill, or the viewer's wording for a skill
    not rated ("" for a visitor)."""
    value = viewer.rating_of(skill_id) if viewer else None
    if value is None:
        return getattr(viewer, "not_rated", "")
    return Proficiency(value).label


@register.filter
def kept_rating_of(viewer, skill_id):
    """Return the viewer's kept rating of a retired skill as a label, or ""."""
    value = viewer.kept_rating_of(skill_id) if getattr(viewer, "signed_in", False) else None
    return Proficiency(value).label if value is not None else ""


@register.filter
def entry_of(viewer, level):
    """Return the level's entry requirements and the levels below it, checked against the
    viewer (profiles.assessment.EntryChecks), or None for a visitor."""
    entry = getattr(viewer, "entry", None)
    return entry(level) if entry else None


@register.filter
def verification_of(viewer, level):
    """Return (how many of the level's requirements a mentor verified for the viewer, the
    ids of the skills verified), or None for a visitor (profiles.viewer.Viewer.verification)."""
    verification = getattr(viewer, "verification", None)
    return verification(level) if verification else None


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
