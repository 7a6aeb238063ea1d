"""The learner's own pages. Every view is for the signed-in owner only: querysets are
filtered by request.user, so another person's object URL is a 404."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ladder.models import Level, Skill
from mentoring.selectors import endorsements_by_skill

from . import selectors, services
from .export import export_user_data
from .forms import (
    DeleteAccountForm,
    ExperienceForm,
    ProfileForm,
    ProjectForm,
    skill_rating_formset,
)
from .models import Experience, Profile, Project, Visibility

PAGE_SIZE = 20


def render_assessed(request, template, user, *, derived=None, **context):
    """Render a page built on a person's assessment, or say the ladder is still empty.

    `derived(d)`, if given, returns more context computed from the dashboard data `d`."""
    try:
        context["d"] = selectors.dashboard_for(user)
    except selectors.LadderEmpty:
        return render(request, "profiles/ladder_empty.html")
    if derived:
        context.update(derived(context["d"]))
    return render(request, template, context)


@login_required
def dashboard(request):
    return render_assessed(request, "profiles/dashboard.html", request.user)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = services.profile_get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("profiles:profile")
    return render(request, "profiles/profile_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def experience_list(request):
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.user = request.user
        form.save()
        messages.success(request, f"Added {form.instance}.")
        return redirect("profiles:experience")
    page = Paginator(request.user.experiences.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "profiles/experience_list.html",
        {"form": form, "page_obj": page, "years": selectors.ml_years(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def experience_edit(request, pk):
    experience = get_object_or_404(Experience, pk=pk, user=request.user)
    form = ExperienceForm(request.POST or None, instance=experience)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {experience}.")
        return redirect("profiles:experience")
    return render(request, "profiles/experience_form.html", {"form": form, "object": experience})


@login_required
@require_http_methods(["GET", "POST"])
def experience_delete(request, pk):
    experience = get_object_or_404(Experience, pk=pk, user=request.user)
    if request.method == "POST":
        experience.delete()
        messages.success(request, f"Deleted {experience}.")
        return redirect("profiles:experience")
    return render(
        request,
        "profiles/confirm_delete.html",
        {"object": experience, "kind": "experience", "cancel_url": "profiles:experience"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def skills_rate(request):
    skills = list(Skill.objects.active().select_related("level"))
    ratings = list(request.user.skill_ratings.all())
    formset = skill_rating_formset(
        skills=skills, ratings=ratings, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST":
        if formset.is_valid():
            changed = services.skill_ratings_save(
                user=request.user,
                ratings=[
                    services.RatingInput(
                        skill=form.skill,
                        proficiency=form.cleaned_data["proficiency"],
                        notes=form.cleaned_data["notes"],
                        evidence_url=form.cleaned_data["evidence_url"],
                    )
                    for form in formset
                ],
            )
            messages.success(
                request,
                f"Ratings saved: {changed} proficiency change{'s' if changed != 1 else ''} "
                "recorded.",
            )
            return redirect("profiles:dashboard")
        messages.error(request, "Some ratings could not be saved. Check the marked skills below.")
    endorsements = endorsements_by_skill(request.user)
    saved = {rating.skill_id: rating.proficiency for rating in ratings}
    for form in formset:
        form.endorsements = [
            (endorsement, endorsement.proficiency == saved.get(form.skill.pk))
            for endorsement in endorsements.get(form.skill.pk, [])
        ]
    levels = Level.objects.active().only("pk", "order", "title")
    groups = [
        (level, [form for form in formset if form.skill.level_id == level.pk]) for level in levels
    ]
    return render(request, "profiles/skills_rate.html", {"formset": formset, "groups": groups})


@login_required
def project_list(request):
    projects = request.user.projects.select_related("template").prefetch_related("skills")
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "profiles/project_list.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.user = request.user
        form.save()
        messages.success(request, f"Added the project “{form.instance}”.")
        return redirect("profiles:projects")
    return render(request, "profiles/project_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = get_object_or_404(Project, pk=pk, user=request.user)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the project “{project}”.")
        return redirect("profiles:projects")
    return render(request, "profiles/project_form.html", {"form": form, "object": project})


@login_required
@require_http_methods(["GET", "POST"])
def project_delete(request, pk):
    project = get_object_or_404(Project, pk=pk, user=request.user)
    if request.method == "POST":
        project.delete()
        messages.success(request, f"Deleted the project “{project}”.")
        return redirect("profiles:projects")
    return render(
        request,
        "profiles/confirm_delete.html",
        {"object": project, "kind": "project", "cancel_url": "profiles:projects"},
    )


def public_profile(request, public_id):
    """Anyone may see a profile its owner made public; otherwise it does not exist."""
    profile = get_object_or_404(Profile.objects.select_related("user"), public_id=public_id)
    if profile.visibility != Visibility.PUBLIC and profile.user != request.user:
        raise Http404
    return render_assessed(request, "profiles/public_profile.html", profile.user)


@login_required
def account_export(request):
    data = json.dumps(export_user_data(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(data, content_type="application/json")
    filename = f"careerpath-export-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, "Your account and everything it held have been deleted.")
        return redirect("ladder:home")
    return render(request, "account/delete.html", {"form": form})
