"""The learner's own pages. Every view is for the signed-in owner only: querysets are
filtered by request.user, so another person's object URL is a 404. The exceptions say so:
the path in and public profiles, and the calendar feed (whoever has its secret address)."""

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from careerpath.fragments import public_page
from ladder.models import Course, Level, PathStep, Skill
from ladder.snapshot import ladder_snapshot
from ladder.versions import ladder_version

from . import levels, my_skills, services
from .calendar import plan_calendar
from .dashboard import dashboard_for
from .decorators import ladder_required
from .extras import extras
from .forms import (
    DeleteAccountForm,
    EvidenceForm,
    ExperienceForm,
    GoalsForm,
    PlanForm,
    ProfileForm,
    ProjectForm,
)
from .models import (
    CourseProgress,
    CourseState,
    Evidence,
    EvidenceKind,
    Experience,
    PathStepDone,
    Profile,
    Project,
    Visibility,
)
from .plan import WHY, plan_page_for
from .public import public_profile_for
from .standing import profile_of
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
    projects = (
        request.user.projects.select_related("template")
        .prefetch_related("skills")
        .annotate(evidence_count=Count("evidence"))
        .order_by(*Project._meta.ordering)  # a GROUP BY drops the model's ordering
    )
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


@login_required
@require_http_methods(["GET", "POST"])
def skill_evidence(request, slug):
    """The signed-in person's evidence of a skill, with a form to add more. A retired skill
    still lists its evidence, to remove, and takes no more; with none it is a 404."""
    skill = get_object_or_404(Skill.objects.select_related("level"), slug=slug)
    evidence = list(Evidence.objects.filter(user=request.user, skill=skill))
    active = skill.pk in ladder_snapshot().skills_by_id
    if not active and not evidence:
        raise Http404
    return _evidence_page(
        request,
        evidence,
        subject=skill.name,
        kind="skill",
        open_=active,
        back_url=f"{reverse('profiles:skills')}#skill-{skill.slug}",
        back_label="Back to your skills",
        add=lambda **values: services.evidence_add(user=request.user, skill=skill, **values),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_evidence(request, pk):
    """The signed-in person's evidence of one of their projects, with a form to add more."""
    project = get_object_or_404(Project, pk=pk, user=request.user)
    return _evidence_page(
        request,
        list(project.evidence.all()),
        subject=project.title,
        kind="project",
        open_=True,
        back_url=reverse("profiles:projects"),
        back_label="Back to your projects",
        add=lambda **values: services.evidence_add(user=request.user, project=project, **values),
    )


def _evidence_page(request, evidence, *, subject, kind, open_, back_url, back_label, add):
    """Render a list of evidence with the form that adds to it, or add the submitted link
    and come back to the list; a refused link re-shows the form with the input and why."""
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and open_ and form.is_valid():
        try:
            added = add(**form.model_values())
        except services.EvidenceRefused as refused:
            form.add_error(None, str(refused))
        except ValidationError as invalid:  # the form checks the same; kept for safety
            form.add_error(None, invalid)
        else:
            messages.success(request, f"Added {added.get_kind_display().lower()} as evidence.")
            return redirect(request.path)
    return render(
        request,
        "profiles/evidence.html",
        {
            "form": form,
            "evidence": evidence,
            "subject": subject,
            "kind": kind,
            "open": open_,
            "full": len(evidence) >= services.EVIDENCE_LIMIT,
            "limit": services.EVIDENCE_LIMIT,
            "back_url": back_url,
            "back_label": back_label,
        },
    )


def _evidence_page_of(evidence) -> str:
    if evidence.skill_id is not None:
        return reverse("profiles:skill_evidence", args=[evidence.skill.slug])
    return reverse("profiles:project_evidence", args=[evidence.project_id])


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("skill"), pk=pk, user=request.user)
    back = _evidence_page_of(evidence)
    if request.method == "POST":
        services.evidence_delete(user=request.user, evidence=evidence)
        messages.success(request, f"Removed the evidence link {evidence.url}.")
        return redirect(back)
    return render(
        request,
        "profiles/confirm_delete.html",
        {"object": evidence, "kind": "evidence link", "cancel_href": back},
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


# The plan: its page, the states of courses, the calendar feed


@login_required
@ladder_required
@require_http_methods(["GET", "POST"])
def plan(request):
    """The learner's dated plan, week by week, with their target date and weekly hours."""
    user = request.user
    profile = profile_of(user)  # read with the session
    form = PlanForm(
        request.POST or None,
        initial={"target_date": profile.target_date, "weekly_hours": profile.weekly_hours},
    )
    if request.method == "POST" and form.is_valid():
        services.profile_plan_set(user=user, **form.cleaned_data)
        messages.success(request, "Your plan is saved.")
        return redirect("profiles:plan")
    page = plan_page_for(user, today=timezone.localdate())
    feed_url = (
        request.build_absolute_uri(reverse("profiles:calendar_feed", args=[profile.calendar_token]))
        if profile.calendar_token
        else ""
    )
    return render(
        request,
        "profiles/plan.html",
        {"page": page, "plan": page.plan, "form": form, "why": WHY, "feed_url": feed_url},
    )


RETURN_TO = {"plan": "profiles:plan", "dashboard": "profiles:dashboard"}


@login_required
@require_http_methods(["POST"])
def course_state(request, pk):
    """Set a course's state (planned, started, done) for the signed-in learner. The button
    says which state it sets, so a second click sets the same state and changes nothing."""
    course = get_object_or_404(Course.objects.active(), pk=pk)
    state = request.POST.get("state", "")
    if state not in CourseState.values:
        messages.error(request, "Choose planned, started or done.")
    else:
        services.course_progress_set(user=request.user, course=course, state=state)
        messages.success(request, services.COURSE_STATE_SET[state].format(course=course.title))
    done_url = RETURN_TO.get(request.POST.get("return_to", ""), "profiles:plan")
    return redirect(f"{reverse(done_url)}#course-{course.pk}")


CHOOSE_A_SKILL = "Choose the skill the course is evidence of."


@login_required
@require_http_methods(["POST"])
def course_evidence(request, pk):
    """Offer a course the learner marked done as evidence of a skill it teaches: its link
    becomes a course certificate among the skill's evidence. A second click finds it there
    and adds nothing."""
    progress = get_object_or_404(
        CourseProgress.objects.select_related("course"),
        user=request.user,
        course_id=pk,
        state=CourseState.DONE,
    )
    course = progress.course
    done_url = f"{reverse('profiles:plan')}#course-{course.pk}"
    if not request.POST.get("skill"):
        messages.error(request, CHOOSE_A_SKILL)
        return redirect(done_url)
    skill = get_object_or_404(
        Skill.objects.active().filter(courses=course), slug=request.POST["skill"]
    )
    note = services.course_evidence_note(course=course, done_on=progress.done_on)
    try:
        services.evidence_add(
            user=request.user,
            kind=EvidenceKind.COURSE_CERTIFICATE,
            url=course.url,
            note=note,
            skill=skill,
        )
    except services.EvidenceRefused as refused:
        if str(refused) == services.EVIDENCE_TWICE:
            messages.info(request, f"“{course.title}” is already evidence of {skill.name}.")
        else:
            messages.error(request, str(refused))
    except ValidationError:
        messages.error(request, "This course's link can't be used as evidence.")
    else:
        messages.success(request, f"“{course.title}” is now evidence of {skill.name}.")
    return redirect(done_url)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_reset(request):
    """Turn the calendar feed on, or give it a new address, after a confirmation: the old
    address stops working at once."""
    profile = services.profile_get_or_create(user=request.user)
    if request.method == "POST":
        services.calendar_token_reset(user=request.user)
        messages.success(
            request,
            "Your calendar has a new address: subscribe to it in your calendar app. "
            "The old address no longer works."
            if profile.calendar_token
            else "Your calendar feed is on: subscribe to its address in your calendar app.",
        )
        return redirect(f"{reverse('profiles:plan')}#calendar")
    return render(
        request, "profiles/calendar_reset.html", {"has_feed": bool(profile.calendar_token)}
    )


@transaction.non_atomic_requests  # reads only
@require_http_methods(["GET", "HEAD"])
def calendar_feed(request, token):
    """Anyone with the feed's address (its secret token) reads the plan's calendar; a token
    reset or never given is a 404. No session: calendar apps fetch it on their own. The
    response is marked private, so no shared cache keeps one person's plan for another."""
    profile = (
        Profile.objects.select_related("user").filter(calendar_token=token).first()
        if token
        else None
    )
    if profile is None:
        raise Http404
    user = profile.user
    today = timezone.localdate()
    try:
        page = plan_page_for(user, today=today, offers=False)
    except levels.LadderEmpty:
        raise Http404 from None
    body = plan_calendar(
        page.plan,
        page.check_ins,
        person_id=user.pk,
        site_url=settings.SITE_URL,
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="careerpath-plan.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    return response
