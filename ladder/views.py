"""Public pages of the career ladder: anyone may read them, no login needed.

They read the ladder only from its cached snapshot (ladder/snapshot.py), in which retired
content is left out; a retired level's page is a 404. A retired skill's page says it is
retired (and asks search engines not to index it), so the people who rated it learn why it
left their pages and that their rating is kept. Signed out, each page is
the same for everyone until the ladder changes, so it is served from the cache
(`public_page`, keyed by the ladder's content version)."""

from django.http import Http404
from django.shortcuts import render

from careerpath.fragments import public_page

from .models import Proficiency, Skill, SkillCategory
from .snapshot import ladder_snapshot
from .versions import ladder_version


@public_page(ladder_version)
def home(request):
    return render(request, "ladder/home.html", {"levels": ladder_snapshot().levels})


@public_page(ladder_version)
def level_list(request):
    return render(request, "ladder/level_list.html", {"levels": ladder_snapshot().levels})


@public_page(ladder_version)
def level_detail(request, slug):
    """A level of any track; a branch track's level links back along the way up to it."""
    ladder = ladder_snapshot()
    level = ladder.level(slug)
    if level is None:
        raise Http404("No such level.")
    previous, following = ladder.neighbours(level)
    track = ladder.track_of(level)
    return render(
        request,
        "ladder/level_detail.html",
        {
            "level": level,
            "levels": ladder.levels,
            "track": track,
            "previous": previous,
            "next": following,
        },
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
        retired = Skill.objects.filter(slug=slug).first()  # not on the ladder: retired, if any
        if retired is None:
            raise Http404("No such skill.")
        return render(request, "ladder/skill_retired.html", {"skill": retired})
    return render(
        request,
        "ladder/skill_detail.html",
        {"skill": skill, "scale": Proficiency.choices},
    )


@public_page(ladder_version)
def faq(request):
    ladder = ladder_snapshot()
    return render(
        request,
        "ladder/faq.html",
        {
            "levels": ladder.levels,
            "main": ladder.main_track,
            "steps": ladder.path_steps,
            "directions": ladder.directions,
            "specialisations": ladder.specialisations,
            "areas": ladder.skill_areas,
        },
    )


@public_page(ladder_version)
def role(request):
    """What a machine learning engineer does, and the six skill areas with their skills."""
    ladder = ladder_snapshot()
    grouped = {skill.id for area in ladder.skill_areas for skill in area.skills}
    return render(
        request,
        "ladder/role.html",
        {
            "main": ladder.main_track,
            "responsibilities": ladder.job_responsibilities,
            "areas": ladder.skill_areas,
            "ungrouped": [s for s in ladder.skills if s.id not in grouped],
        },
    )


@public_page(ladder_version)
def specialisation_list(request):
    return render(
        request,
        "ladder/specialisation_list.html",
        {"specialisations": ladder_snapshot().specialisations},
    )


@public_page(ladder_version)
def specialisation_detail(request, slug):
    specialisation = ladder_snapshot().specialisation(slug)
    if specialisation is None:
        raise Http404("No such specialisation.")
    return render(
        request,
        "ladder/specialisation_detail.html",
        {"specialisation": specialisation, "scale": Proficiency.choices},
    )


@public_page(ladder_version)
def careers(request):
    """The four directions after the senior level, and every track with its levels."""
    ladder = ladder_snapshot()
    return render(
        request,
        "ladder/careers.html",
        {"directions": ladder.directions, "tracks": ladder.tracks},
    )
