"""Public pages of the career ladder: anyone may read them, no login needed.

They read the ladder only from its cached snapshot (ladder/snapshot.py), in which retired
content is left out; a retired level's or skill's page is a 404. Signed out, each page is
the same for everyone until the ladder changes, so it is served from the cache
(`public_page`, keyed by the ladder's content version)."""

from django.http import Http404
from django.shortcuts import render

from careerpath.fragments import public_page

from .models import Proficiency, SkillCategory
from .snapshot import ladder_snapshot, ladder_version


@public_page(ladder_version)
def home(request):
    return render(request, "ladder/home.html", {"levels": ladder_snapshot().levels})


@public_page(ladder_version)
def level_list(request):
    return render(request, "ladder/level_list.html", {"levels": ladder_snapshot().levels})


@public_page(ladder_version)
def level_detail(request, slug):
    ladder = ladder_snapshot()
    level = ladder.level(slug)
    if level is None:
        raise Http404("No such level.")
    previous, following = ladder.neighbours(level)
    return render(
        request,
        "ladder/level_detail.html",
        {"level": level, "levels": ladder.levels, "previous": previous, "next": following},
    )


@public_page(ladder_version)
def skill_list(request):
    skills = ladder_snapshot().skills
    categories = [
        (label, [skill for skill in skills if skill.category == value])
        for value, label in SkillCategory.choices
    ]
    return render(
        request,
        "ladder/skill_list.html",
        {"skills": skills, "categories": [(label, group) for label, group in categories if group]},
    )


@public_page(ladder_version)
def skill_detail(request, slug):
    skill = ladder_snapshot().skill(slug)
    if skill is None:
        raise Http404("No such skill.")
    return render(
        request,
        "ladder/skill_detail.html",
        {"skill": skill, "scale": Proficiency.choices},
    )


@public_page(ladder_version)
def faq(request):
    return render(request, "ladder/faq.html", {"levels": ladder_snapshot().levels})
