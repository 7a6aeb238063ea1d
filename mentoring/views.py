"""Mentoring pages. Who may see what:
- /mentoring/ and notifications: the signed-in user, about their own relationships.
- an invitation page: the invitee (and the learner who sent it); anyone else gets 404.
- a mentee's pages and the mentor actions: only that mentee's accepted mentor; 404 otherwise.
- cancel: the learner; end: the learner or the mentor."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST

from ladder.models import Skill
from ladder.snapshot import ladder_snapshot
from profiles.decorators import ladder_required
from profiles.display import display_name
from profiles.extras import FORMER_MENTOR
from profiles.models import Project
from profiles.versions import part_key, version_of

from . import check_ins as check_in_selectors
from . import models, selectors, services
from .forms import EndForm, FeedbackForm, FeedbackReplyForm, InvitationForm, SkillReviewForm
from .models import Feedback, Mentorship, Status
from .services import MentoringError

INVITATION_SENT = "Invitation sent to {email}. It expires in {days} days."

# Invitations e-mail any address, so they are limited per user (ACCOUNT_RATE_LIMITS).
INVITE_ACTION = "invite_mentor"
INVITE_LIMIT_REACHED = (
    "You have sent as many invitations as we allow in 24 hours, to protect people from "
    "unwanted email. Please try again tomorrow."
)
INVITE_PAUSED = (
    "Invitations are paused for a moment because we can't check the daily limit right now. "
    "Nothing was sent; please try again in a few minutes."
)


def _base_url(request):
    return request.build_absolute_uri("/")


@transaction.non_atomic_requests  # reads only (careerpath/settings/base.py)
@login_required
def home(request):
    # No writes on a GET: an invitation past its date shows as expired (the selector) and
    # celery beat records it (mentoring.tasks.invitations_expire).
    sort = request.GET.get("sort", "name")
    sort = sort if sort in selectors.SORTS else "name"
    # Each part of the page is read only when its rendered copy is missing from the cache:
    # the person's own relationships are keyed by their data version (a mentorship, feedback
    # or notification, or a counterpart's new name, moves it), the table of mentees by every
    # mentee's (careerpath/fragments.py).
    user = request.user
    mine = version_of(user)
    mentees = SimpleLazyObject(lambda: selectors.mentees_for(user, sort=sort))
    state = selectors.mentees_state(user)
    context = {
        "home": SimpleLazyObject(lambda: selectors.mentoring_home_for(user)),
        "top_key": part_key(request, f"mentoring-top:{user.pk}", mine),
        "side_key": part_key(request, f"mentoring-side:{user.pk}", mine),
        "mentees": mentees,
        "attention": SimpleLazyObject(lambda: selectors.mentor_attention_for(mentees)),
        "check_ins": SimpleLazyObject(lambda: check_in_selectors.mentor_check_ins_of(mentees)),
        "mentees_key": part_key(request, f"mentees:{user.pk}:{sort}", *state),
        "has_mentees": bool(state),
        "sort": sort,
        "sorts": [
            ("name", "Name"),
            ("level", "Level"),
            ("readiness", "Readiness"),
            ("activity", "Last activity"),
        ],
        "form": InvitationForm(),
    }
    return render(request, "mentoring/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action=INVITE_ACTION, user=request.user, dry_run=True):
            # Refused either at the limit or, failing closed, while the cache is unreachable.
            paused = getattr(cache, "unavailable", False)
            form.add_error(None, INVITE_PAUSED if paused else INVITE_LIMIT_REACHED)
            return render(
                request, "mentoring/invite.html", {"form": form}, status=503 if paused else 200
            )
        try:
            mentorship = services.invitation_create(
                learner=request.user,
                email=form.cleaned_data["invitee_email"],
                message=form.cleaned_data["message"],
                base_url=_base_url(request),
            )
        except MentoringError as error:
            form.add_error("invitee_email", str(error))
        else:
            ratelimit.consume(request, action=INVITE_ACTION, user=request.user)
            messages.success(
                request,
                INVITATION_SENT.format(email=mentorship.invitee_email, days=models.INVITATION_DAYS),
            )
            return redirect("mentoring:home")
    return render(request, "mentoring/invite.html", {"form": form})


def _visible_invitation(request, token):
    mentorship = get_object_or_404(
        Mentorship.objects.select_related("learner__profile"), token=token
    )
    if mentorship.learner_id != request.user.pk and not services.is_invitee(
        mentorship, request.user
    ):
        return mentorship, False
    return mentorship, True


def invitation(request, token):
    """The page the invitation email links to."""
    if not request.user.is_authenticated:
        get_object_or_404(Mentorship, token=token)
        return render(request, "mentoring/invitation_anonymous.html", {"next": request.path})
    mentorship, visible = _visible_invitation(request, token)
    if not visible:
        return render(request, "mentoring/invitation_other_address.html", status=404)
    return render(request, "mentoring/invitation.html", {"mentorship": mentorship})


def _act(request, mentorship, action, success, reason=""):
    try:
        services.mentorship_transition(
            mentorship=mentorship,
            action=action,
            user=request.user,
            reason=reason,
            base_url=_base_url(request),
        )
    except MentoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("mentoring:home")


def _involving(request, pk):
    return get_object_or_404(
        Mentorship.objects.involving(request.user).select_related("learner", "mentor"), pk=pk
    )


@login_required
@require_POST
def respond(request, token, action):
    mentorship, visible = _visible_invitation(request, token)
    if not visible:
        return render(request, "mentoring/invitation_other_address.html", status=404)
    success = {
        "accept": f"You are now mentoring {display_name(mentorship.learner)}.",
        "decline": "Invitation declined.",
    }[action]
    return _act(request, mentorship, action, success)


@login_required
@require_POST
def cancel(request, pk):
    mentorship = get_object_or_404(Mentorship, pk=pk, learner=request.user)
    return _act(request, mentorship, "cancel", "Invitation cancelled.")


@login_required
@require_http_methods(["GET", "POST"])
def end(request, pk):
    mentorship = _involving(request, pk)
    if mentorship.status != Status.ACCEPTED:
        messages.error(request, "Only an accepted mentorship can be ended.")
        return redirect("mentoring:home")
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _act(
            request, mentorship, "end", "Mentorship ended.", reason=form.cleaned_data["reason"]
        )
    is_learner = mentorship.learner_id == request.user.pk
    other = mentorship.mentor if is_learner else mentorship.learner
    return render(
        request,
        "mentoring/end.html",
        {"mentorship": mentorship, "form": form, "other": other, "is_learner": is_learner},
    )


def _as_mentor(request, pk):
    """Return the accepted mentorship the signed-in user mentors, or 404."""
    return get_object_or_404(
        Mentorship.objects.accepted().select_related("learner__profile", "mentor"),
        pk=pk,
        mentor=request.user,
    )


@ladder_required
def _mentee_page(request, mentorship, feedback_form=None):
    """Render the mentor's read-only view of a mentee. The page's data is read lazily: a GET
    uses a stored rendering while the mentee's data, the ladder and the day are unchanged
    (careerpath/fragments.py; this mentor's feedback, endorsements and sign-offs move the
    mentee's version)."""

    def data():
        page = selectors.mentee_page_for(mentorship)
        form = FeedbackForm(learner=mentorship.learner) if feedback_form is None else feedback_form
        # The choices from what the page has read already, not two more queries.
        form.show_choices(skills=ladder_snapshot().skills, projects=page.portfolio.projects)
        return {"page": page, "feedback_form": form}

    learner = mentorship.learner
    context = {
        "mentee": SimpleLazyObject(data),
        "mentorship": mentorship,
        "name": display_name(learner),
        "part_key": part_key(request, f"mentee:{mentorship.pk}", version_of(learner)),
    }
    return render(request, "mentoring/mentee.html", context)


@login_required
def mentee(request, pk):
    return _mentee_page(request, _as_mentor(request, pk))


@login_required
@require_POST
def feedback(request, pk):
    mentorship = _as_mentor(request, pk)
    form = FeedbackForm(request.POST, learner=mentorship.learner)
    if not form.is_valid():
        messages.error(request, "Your feedback could not be sent. Check the form below.")
        return _mentee_page(request, mentorship, feedback_form=form)
    services.feedback_add(
        mentorship=mentorship,
        mentor=request.user,
        body=form.cleaned_data["body"],
        skill=form.cleaned_data["skill"],
        project=form.cleaned_data["project"],
        base_url=_base_url(request),
    )
    messages.success(request, "Feedback sent.")
    return redirect("mentoring:mentee", pk=pk)


@login_required
@require_POST
def endorse(request, pk, skill_slug):
    mentorship = _as_mentor(request, pk)
    skill = get_object_or_404(Skill.objects.active(), slug=skill_slug)
    try:
        endorsement = services.endorsement_give(
            mentorship=mentorship, mentor=request.user, skill=skill, base_url=_base_url(request)
        )
    except MentoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"You endorsed {skill.name} at {endorsement.get_proficiency_display()}."
        )
    return redirect("mentoring:mentee", pk=pk)


@login_required
@require_POST
def sign_off(request, pk, project_pk):
    mentorship = _as_mentor(request, pk)
    project = get_object_or_404(Project, pk=project_pk, user=mentorship.learner)
    try:
        services.project_sign_off(
            mentorship=mentorship, mentor=request.user, project=project, base_url=_base_url(request)
        )
    except MentoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You signed off “{project.title}”.")
    return redirect("mentoring:mentee", pk=pk)


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(request.user)
    messages.success(request, "All notifications marked as read.")
    return redirect("mentoring:home")


REVIEW_SAVED = "Your review of {count} skill{s} is saved."
REVIEW_INVALID = "Your review could not be saved: a comment is at most 1,000 characters."


@login_required
@require_POST
def review(request, pk):
    """The mentor's review of many skills at once (one form on the mentee page)."""
    mentorship = _as_mentor(request, pk)
    chosen = [key[6:] for key in request.POST if key.startswith("skill-") and key[6:].isdigit()]
    skills = Skill.objects.active().filter(pk__in=chosen)
    form = SkillReviewForm(request.POST, skills=skills)
    if not form.is_valid():
        messages.error(request, REVIEW_INVALID)
        return redirect("mentoring:mentee", pk=pk)
    reviews = form.reviews()
    if not reviews:
        messages.error(request, services.NOTHING_REVIEWED)
        return redirect("mentoring:mentee", pk=pk)
    saved = services.skills_review(
        mentorship=mentorship, mentor=request.user, reviews=reviews, base_url=_base_url(request)
    )
    if saved.count:
        messages.success(
            request, REVIEW_SAVED.format(count=saved.count, s="s" if saved.count != 1 else "")
        )
    name = display_name(mentorship.learner)
    for skill in saved.moved:
        messages.warning(request, services.RATING_MOVED.format(name=name, skill=skill.name))
    return redirect(reverse("mentoring:mentee", args=[pk]) + "#review")


def _in_thread(request, feedback_pk):
    """Return the feedback if the signed-in user is its learner or its mentor while the
    mentorship lasts, or 404."""
    feedback = get_object_or_404(
        Feedback.objects.select_related(
            "mentorship__learner__profile", "mentorship__mentor__profile", "skill", "project"
        ),
        pk=feedback_pk,
    )
    mentorship = feedback.mentorship
    if mentorship.learner_id == request.user.pk:
        return feedback
    if mentorship.mentor_id == request.user.pk and mentorship.status == Status.ACCEPTED:
        return feedback
    raise Http404


def _thread_page(request, feedback, form=None):
    mentorship = feedback.mentorship
    is_learner = mentorship.learner_id == request.user.pk
    context = {
        "thread": selectors.thread_for(feedback),
        "form": form or FeedbackReplyForm(),
        "is_learner": is_learner,
        "mentor_name": display_name(mentorship.mentor, gone=FORMER_MENTOR),
        "learner_name": display_name(mentorship.learner),
    }
    return render(request, "mentoring/thread.html", context)


@login_required
def thread(request, feedback_pk):
    return _thread_page(request, _in_thread(request, feedback_pk))


@login_required
@require_POST
def reply(request, feedback_pk):
    feedback = _in_thread(request, feedback_pk)
    form = FeedbackReplyForm(request.POST)
    if not form.is_valid():
        return _thread_page(request, feedback, form)
    try:
        services.feedback_reply_add(
            feedback=feedback,
            author=request.user,
            body=form.cleaned_data["body"],
            base_url=_base_url(request),
        )
    except MentoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Reply sent.")
    return redirect("mentoring:thread", feedback_pk=feedback.pk)
