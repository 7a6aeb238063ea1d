"""What every page's navigation bar shows of mentoring: the count of unread notifications."""

from django.utils.functional import SimpleLazyObject

from .models import Notification

SHOWN_AT_MOST = 99


def unread_notifications(request):
    """`unread`: the signed-in person's count of unread notifications, for the badge of the
    navigation bar. It comes with their session (profiles/sessions.py reads it in the query
    that loads the account), so it costs no query of its own; counted here only for an
    account loaded otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread": SimpleLazyObject(lambda: unread_badge(_count(user)))}


def _count(user) -> int:
    loaded = getattr(user, "unread_notifications", None)
    if loaded is not None:
        return loaded
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def unread_badge(count: int) -> dict:
    """Return the count as the badge shows it (`shown`: "99+" past 99) and as a screen
    reader reads it (`label`)."""
    return {
        "count": count,
        "shown": f"{SHOWN_AT_MOST}+" if count > SHOWN_AT_MOST else str(count),
        "label": f"{count} unread notification{'' if count == 1 else 's'}",
    }
