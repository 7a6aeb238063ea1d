"""What reaches a person. Who may see what:
- /unsubscribe/<token>/: anyone holding the link (a mail client, a signed-out reader); the
  token names the person and what to turn off, nothing else does.
- /settings/notifications/ and /notifications/: the signed-in person, their own.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import preferences, services
from .context_processors import unread_badge
from .forms import NotificationSettingsForm
from .models import Notification, NotificationKind
from .unsubscribe import unsubscribe_token_read

LINK_NOT_VALID = (
    "This unsubscribe link is not valid or has expired — sign in to change your settings."
)


def _what_label(what: str) -> str:
    if what == preferences.DIGEST:
        return "the weekly digest"
    topic = preferences.topic_of(what)
    return f"e-mails about “{topic.label.lower()}”" if topic else what


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookies and no CSRF token;
# the signed token is what authorises the change, and a GET never changes anything (link
# scanners follow links).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    found = unsubscribe_token_read(token)
    if found is None:
        response = render(
            request, "mentoring/unsubscribe_invalid.html", {"message": LINK_NOT_VALID}, status=400
        )
    else:
        user, what = found
        context = {
            "what": what,
            "label": _what_label(what),
            "is_digest": what == preferences.DIGEST,
        }
        if request.method == "POST":
            preferences.preferences_turn_off(user=user, what=what)
            response = render(request, "mentoring/unsubscribe_done.html", context)
        else:
            context["already_off"] = preferences.preferences_of(user).is_off(what)
            response = render(request, "mentoring/unsubscribe.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


SETTINGS_SAVED = "Your notification settings are saved."


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    current = preferences.preferences_of(request.user)
    form = NotificationSettingsForm(request.POST or None, preferences=current)
    if request.method == "POST" and form.is_valid():
        preferences.preferences_set(user=request.user, preferences=form.preferences())
        messages.success(request, SETTINGS_SAVED)
        return redirect("notifications:settings")
    return render(
        request,
        "mentoring/notification_settings.html",
        {"form": form, "invitation_kind": NotificationKind.INVITED.label},
    )


NOTIFICATIONS_PER_PAGE = 20


@login_required
@require_GET
def notification_list(request):
    """The person's notifications, newest first; those shown are marked read once seen (the
    page still marks them "new" this time)."""
    paginator = Paginator(
        Notification.objects.shown().filter(user=request.user), NOTIFICATIONS_PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    notes = list(page.object_list)
    context = {"page_obj": page, "notes": notes}
    unread = [note.pk for note in notes if note.read_at is None]
    if unread:
        marked = services.notifications_mark_read(request.user, ids=unread)
        # The navigation bar's count was read with the session, before these were read.
        before = getattr(request.user, "unread_notifications", None)
        if before is not None:
            context["unread"] = unread_badge(max(before - marked, 0))
    return render(request, "mentoring/notification_list.html", context)
