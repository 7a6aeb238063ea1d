"""The learner's own pages. Every view is for the signed-in owner only: querysets are
filtered by request.user, so another person's object URL is a 404."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from careerpath.fragments import public_page
from ladder.models import Level, PathStep
from ladder.snapshot import ladder_snapshot
from ladder.versions import ladder_version

from . import levels, my_skills, services
from .dashboard import dashboard_for
from .decorators import ladder_required
from .extras import extras
from .forms import (
    DeleteAccountForm,
    ExperienceForm,
    GoalsForm,
    ProfileForm,
    ProjectForm,
)
from .models import Experience, PathStepDone, Profile, Project, Visibility
from .public import public_profile_for
from .versions import part_key, version_of

PAGE_SIZE = 20


@transaction.non_atomic_requests  # reads only: no BEGIN/COMMIT round trips (see settings)
@login_required
@ladder_required
def dashboard(request):
    """The learner's dashboard. Its body is a cached part (careerpath/fragments.py) kept
    while the person's data, the ladder and the day stay the same; the data is read lazily,
    so a stored body costs no query beyond the signed-in user's."""
    user = request.user
    context = {
        "d": SimpleLazyObject(lambda: dashboard_for(user)),
        "part_key": part_key(request, f"dashboard:{user.pk}", version_of(user)),
    }
    return render(request, "profiles/dashboard.html", context)


def _edit(request, form, template, context, *, update, success, done_url):
    """Handle an edit form: save through `update(**values)` and go to `done_url`, or, if the
    row changed since the form was read, show the form again with the saved values (409)."""
    if request.method == "POST" and form.is_valid():
        try:
            update(version=form.cleaned_data["version"], **form.model_values())
        except ObjectDoesNotExist:
            raise Http404 from None  # deleted since the form was read
        except services.EditConflict as conflict:
            form.show_conflict(conflict.current)
            # the page around the form shows the row as saved, not as typed
            context = {k: conflict.current if v is form.instance else v for k, v in context.items()}
            context.update(form=form, conflict=services.EDIT_CONFLICT)
            return render(request, template, context, status=409)
        messages.success(request, success())
        return redirect(done_url)
    return render(request, template, {**context, "form": form})


def _makes_profile_public(request) -> bool:
    """Whether this request would give the person's profile a public link."""
    return (
        request.method == "POST"
        and request.POST.get("visibility") == Visibility.PUBLIC
        and services.profile_get_or_create(user=request.user).visibility != Visibility.PUBLIC
    )


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(enabled=_makes_profile_public)  # asks for the password first
def profile_edit(request):
    profile = services.profile_get_or_create(user=request.user)
    return _edit(
        request,
        ProfileForm(request.POST or None, instance=profile),
        "profiles/profile_form.html",
        {"profile": profile},
        update=lambda **values: services.profile_update(profile=profile, **values),
        success=lambda: "Your profile is saved.",
        done_url="profiles:profile",
    )


@login_required
@require_http_methods(["GET", "POST"])
def goals_edit(request):
    profile = services.profile_get_or_create(user=request.user)
    return _edit(
        request,
        GoalsForm(request.POST or None, instance=profile),
        "profiles/goals_form.html",
        {"profile": profile},
        update=lambda **values: services.profile_goals_update(profile=profile, **values),
        success=lambda: "Your target and specialisations are saved.",
        done_url="profiles:dashboard",
    )


@login_required
@ladder_required
def compare(request):
    """The person's readiness for every level of every track, side by side."""
    ladder = ladder_snapshot()
    profile = services.profile_get_or_create(user=request.user)
    proficiencies = levels.on_ladder(
        ladder, request.user.skill_ratings.values_list("skill_id", "proficiency")
    )
    years = levels.ml_years(request.user)
    target = levels.target_for(
        ladder, target_id=profile.target_id, years=years, proficiencies=proficiencies
    )
    tracks = levels.every_target(ladder, years=years, proficiencies=proficiencies)
    return render(
        request,
        "profiles/compare.html",
        {
            "tracks": levels.level_cards(
                ladder,
                tracks,
                years=years,
                proficiencies=proficiencies,
                proof=extras().mentor_proof(request.user.pk),
            ),
            "target": target,
            "directions": levels.open_directions(ladder, tracks)
            if target.assessment.reached
            else (),
            "years": years,
        },
    )


@login_required
@require_http_methods(["POST"])
def target_set(request, slug):
    level = get_object_or_404(Level.objects.active(), slug=slug)
    services.profile_target_set(user=request.user, target=level)
    messages.success(request, f"Your target is now {level.title}.")
    return redirect("profiles:dashboard")


@public_page(ladder_version)
def path(request):
    """The seven steps into the job, for anyone; a signed-in learner sees the steps done."""
    done = set()
    if request.user.is_authenticated:
        done = set(PathStepDone.objects.filter(user=request.user).values_list("step_id", flat=True))
    return render(
        request, "profiles/path.html", {"steps": ladder_snapshot().path_steps, "done": done}
    )


@login_required
@require_http_methods(["POST"])
def path_step(request, slug):
    step = get_object_or_404(PathStep.objects.active(), slug=slug)
    done = request.POST.get("done") == "1"
    services.path_step_mark(user=request.user, step=step, done=done)
    messages.success(request, f"Marked “{step.title}” as {'done' if done else 'not done yet'}.")
    return redirect(f"{reverse('profiles:path')}#step-{step.slug}")


@login_required
@require_http_methods(["GET", "POST"])
def experience_list(request):
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        experience = services.experience_create(user=request.user, **form.model_values())
        messages.success(request, f"Added {experience}.")
        return redirect("profiles:experience")
    page = Paginator(request.user.experiences.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "profiles/experience_list.html",
        {"form": form, "page_obj": page, "years": levels.ml_years(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def experience_edit(request, pk):
    experience = get_object_or_404(Experience, pk=pk, user=request.user)
    return _edit(
        request,
        ExperienceForm(request.POST or None, instance=experience),
        "profiles/experience_form.html",
        {"object": experience},
        update=lambda **values: services.experience_update(experience=experience, **values),
        success=lambda: f"Saved {experience}.",
        done_url="profiles:experience",
    )


@login_required
@require_http_methods(["GET", "POST"])
def experience_delete(request, pk):
    experience = get_object_or_404(Experience, pk=pk, user=request.user)
    if request.method == "POST":
        services.experience_delete(experience=experience)
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
    user = request.user
    if request.method == "GET":
        # The unfilled form is a cached part (careerpath/fragments.py), kept while the
        # person's ratings, their mentors' endorsements and the ladder stay the same; it is
        # built only when missing.
        return render(
            request,
            "profiles/skills_rate.html",
            {
                "page": SimpleLazyObject(
                    lambda: my_skills.my_skills(user, *my_skills.my_skills_formset(user))
                ),
                "part_key": part_key(request, f"skills:{user.pk}", version_of(user)),
            },
        )
    formset, ratings = my_skills.my_skills_formset(user, data=request.POST.copy())
    if not formset.is_valid():
        messages.error(
            request, "Some ratings could not be saved: the list at the top links to each one."
        )
        page = my_skills.my_skills(user, formset, ratings)
        return render(request, "profiles/skills_rate.html", {"page": page})
    saved = services.skill_ratings_save(
        user=user,
        ratings=[
            services.RatingInput(
                skill=form.skill,
                proficiency=form.cleaned_data["proficiency"],
                notes=form.cleaned_data["notes"],
                evidence_url=form.cleaned_data["evidence_url"],
                version=form.cleaned_data["version"],
            )
            for form in formset
            if form.touched()
        ],
    )
    if not saved.conflicts:
        skill_ids = {form.skill.pk for form in formset}
        rated = {rating.skill_id for rating in ratings} | saved.answered
        message = services.ratings_saved_message(
            saved, rated=len(rated & skill_ids), total=len(skill_ids)
        )
        (messages.success if saved.written else messages.info)(request, message)
        return redirect("profiles:dashboard")
    # the others are saved: every row now carries its current version
    ratings = my_skills.with_conflicts(user, formset, saved.conflicts)
    messages.warning(request, services.RATINGS_CONFLICT)
    page = my_skills.my_skills(user, formset, ratings)
    return render(request, "profiles/skills_rate.html", {"page": page}, status=409)


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
        project = services.project_create(user=request.user, **form.model_values())
        messages.success(request, f"Added the project “{project}”.")
        return redirect("profiles:projects")
    return render(request, "profiles/project_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = get_object_or_404(Project, pk=pk, user=request.user)
    return _edit(
        request,
        ProjectForm(request.POST or None, instance=project),
        "profiles/project_form.html",
        {"object": project},
        update=lambda **values: services.project_update(project=project, **values),
        success=lambda: f"Saved the project “{project}”.",
        done_url="profiles:projects",
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_delete(request, pk):
    project = get_object_or_404(Project, pk=pk, user=request.user)
    if request.method == "POST":
        services.project_delete(project=project)
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
    return _public_profile_page(request, profile)


@ladder_required
def _public_profile_page(request, profile):
    return render(request, "profiles/public_profile.html", {"d": public_profile_for(profile)})


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
