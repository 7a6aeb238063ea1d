"""Check-in pages. Who may see what:
- the list and "start a check-in": the signed-in user, about their own mentorships;
- a check-in, its calendar file and its actions: its learner, and its mentor while the
  mentorship lasts; once the mentorship ended, the learner sees only the agreed ones and the
  former mentor none; anyone else gets 404;
- the comparison: two agreed check-ins of one learner that the user may see."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ladder.snapshot import ladder_snapshot

from . import check_in_services as services
from . import check_ins as selectors
from .check_in_forms import CheckInStartForm, RatingsForm, ResultForm
from .models import CheckInStatus, Side
from .services import MentoringError

STARTED = (
    "Check-in planned for {day}. Rate the skills; you see each other's ratings once you both have."
)
UNDER_WAY = "A check-in with this person is under way already: here it is."
RATED = "Your ratings are saved."
PROPOSED = "Your proposal is saved. The mentor confirms the result."
CONFIRMED = "The check-in is agreed and kept as it is today."
CANCELLED = "The check-in is cancelled."
FIX_BELOW = "Your answers could not be saved. Check the form below."


def _base_url(request):
    return request.build_absolute_uri("/")


def _visible(request, pk):
    check_in = selectors.visible_check_in(request.user, pk)
    if check_in is None:
        raise Http404
    return check_in


@login_required
def check_ins(request):
    """The user's check-ins as a learner, and those with their mentees."""
    mine = Paginator(selectors.check_ins_for(request.user, as_learner=True), selectors.LIST_PAGE)
    page = mine.get_page(request.GET.get("page"))
    rows = selectors.rows_of(page, request.user)
    context = {
        "rows": rows,
        "page_obj": page,
        "latest": selectors.latest_comparison(rows),
        "mentoring": selectors.mentor_check_ins_for(request.user),
        "agreed_with_mentees": selectors.rows_of(
            selectors.check_ins_for(request.user, as_learner=False).filter(
                status=CheckInStatus.FROZEN
            )[: selectors.LIST_PAGE],
            request.user,
        ),
        "can_start": CheckInStartForm(user=request.user).fields["mentorship"].queryset.exists(),
    }
    return render(request, "mentoring/check_ins.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check_in_start(request):
    form = CheckInStartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            check_in, created = services.check_in_start(
                mentorship=form.cleaned_data["mentorship"],
                by=request.user,
                skills=form.cleaned_data["skills"],
                due_on=form.cleaned_data["due_on"],
                base_url=_base_url(request),
            )
        except MentoringError as error:
            form.add_error(None, str(error))
        else:
            if created:
                messages.success(request, STARTED.format(day=f"{check_in.due_on:%d %b %Y}"))
            else:
                messages.info(request, UNDER_WAY)
            return redirect(check_in)
    if request.method == "GET":
        mentorships = form.fields["mentorship"].queryset
        chosen = mentorships.filter(pk=request.GET.get("mentorship") or 0).first()
        chosen = chosen or mentorships.first()
        form.initial = {
            "mentorship": chosen,
            "due_on": timezone.localdate() + timedelta(days=7),
            "skills": [str(pk) for pk in services.default_skills(chosen.learner)] if chosen else [],
        }
    return render(request, "mentoring/check_in_start.html", {"form": form})


def _levels():
    ladder = ladder_snapshot()
    seen, levels = set(), []
    for track in ladder.tracks:
        for level in ladder.chain(track):
            if level.id not in seen:
                seen.add(level.id)
                levels.append(level)
    return levels


def _page(request, check_in, *, ratings_form=None, result_form=None, status=200):
    page = selectors.page_for(check_in, request.user)
    skills = [line.skill for line in page.lines]
    if ratings_form is None and check_in.status == CheckInStatus.OPEN:
        own = {
            line.skill.pk: line.learner if page.side == Side.LEARNER else line.mentor
            for line in page.lines
        }
        ratings_form = RatingsForm(
            skills=skills,
            initial={f"skill-{pk}": value for pk, value in own.items() if value is not None},
        )
    if result_form is None and page.side_by_side and page.check_in.is_unfinished:
        initial = {
            f"skill-{line.skill.pk}": line.agreed if line.agreed is not None else line.mentor
            for line in page.lines
        }
        initial["level"] = check_in.level_id or ""
        initial["note"] = check_in.note
        result_form = ResultForm(skills=skills, levels=_levels(), initial=initial)
    context = {"page": page, "ratings_form": ratings_form, "result_form": result_form}
    return render(request, "mentoring/check_in.html", context, status=status)


@login_required
def check_in(request, check_in_pk):
    return _page(request, _visible(request, check_in_pk))


@login_required
@require_POST
def check_in_rate(request, check_in_pk):
    check_in = _visible(request, check_in_pk)
    form = RatingsForm(request.POST, skills=check_in.skills.all())
    if not form.is_valid():
        messages.error(request, FIX_BELOW)
        return _page(request, check_in, ratings_form=form)
    try:
        services.check_in_rate(
            check_in=check_in, by=request.user, ratings=form.ratings(), base_url=_base_url(request)
        )
    except MentoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, RATED)
    return redirect(check_in)


@login_required
@require_POST
def check_in_result(request, check_in_pk):
    """Propose the result (either side) or, for the mentor, confirm it ("confirm")."""
    check_in = _visible(request, check_in_pk)
    form = ResultForm(request.POST, skills=check_in.skills.all(), levels=_levels())
    if not form.is_valid():
        messages.error(request, FIX_BELOW)
        return _page(request, check_in, result_form=form)
    values = {
        "check_in": check_in,
        "agreed": form.ratings(),
        "level": form.level(),
        "note": form.cleaned_data["note"],
        "base_url": _base_url(request),
    }
    try:
        if "confirm" in request.POST:
            services.check_in_confirm(mentor=request.user, **values)
            success = CONFIRMED
        else:
            services.check_in_propose(by=request.user, **values)
            success = PROPOSED
    except MentoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(check_in)


@login_required
@require_http_methods(["GET", "POST"])
def check_in_cancel(request, check_in_pk):
    check_in = _visible(request, check_in_pk)
    if request.method == "POST":
        try:
            services.check_in_cancel(
                check_in=check_in, by=request.user, base_url=_base_url(request)
            )
        except MentoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, CANCELLED)
        return redirect(check_in)
    page = selectors.page_for(check_in, request.user)
    return render(request, "mentoring/check_in_cancel.html", {"page": page})


@login_required
def check_in_ics(request, check_in_pk):
    check_in = _visible(request, check_in_pk)
    body = selectors.ics_for(check_in, user=request.user, site_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="check-in-{check_in.pk}.ics"'
    return response


def _pk(value) -> int:
    return int(value) if value and str(value).isdigit() else 0


@login_required
def check_in_compare(request):
    comparison = selectors.comparison_of(
        request.user, _pk(request.GET.get("a")), _pk(request.GET.get("b"))
    )
    if comparison is None:
        raise Http404
    return render(request, "mentoring/check_in_compare.html", {"comparison": comparison})
