"""Public pages of the career ladder: anyone may read them, no login needed.

Retired content is left out everywhere; a retired level's or skill's page is a 404."""

from django.shortcuts import get_object_or_404, render

from .models import Level, Proficiency, Skill, SkillCategory


def _neighbours(levels, level):
    """Return the level before and after `level` in an ordered list of levels."""
    index = next(i for i, candidate in enumerate(levels) if candidate.pk == level.pk)
    previous = levels[index - 1] if index > 0 else None
    following = levels[index + 1] if index + 1 < len(levels) else None
    return previous, following


def home(request):
    levels = list(Level.objects.for_ladder())
    return render(request, "ladder/home.html", {"levels": levels})


def level_list(request):
    levels = list(Level.objects.for_ladder())
    return render(request, "ladder/level_list.html", {"levels": levels})


def level_detail(request, slug):
    levels = list(Level.objects.active().only("pk", "order", "slug", "title"))
    level = get_object_or_404(Level.objects.for_detail(), slug=slug)
    previous, following = _neighbours(levels, level)
    return render(
        request,
        "ladder/level_detail.html",
        {"level": level, "levels": levels, "previous": previous, "next": following},
    )


def skill_list(request):
    skills = list(Skill.objects.for_catalogue())
    categories = [
        (label, [skill for skill in skills if skill.category == value])
        for value, label in SkillCategory.choices
    ]
    return render(
        request,
        "ladder/skill_list.html",
        {"skills": skills, "categories": [(label, group) for label, group in categories if group]},
    )


def skill_detail(request, slug):
    skill = get_object_or_404(Skill.objects.for_catalogue(), slug=slug)
    return render(
        request,
        "ladder/skill_detail.html",
        {"skill": skill, "scale": Proficiency.choices},
    )


def faq(request):
    levels = list(Level.objects.for_ladder())
    return render(request, "ladder/faq.html", {"levels": levels})
