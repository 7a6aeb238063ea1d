"""One-click unsubscribe (RFC 8058): every bulk mail names an https link that turns off what
it is about, for its reader, with no log-in.

The link carries a token signed with the site's SECRET_KEY (`django.core.signing`, its own
salt) holding the user's id and what to turn off ("digest" or a notification kind), and the
time it was made. A token is good for TOKEN_MAX_AGE (90 days: the mail it came in is old by
then, and its footer also links the settings page, behind a log-in). A forged, changed or
expired token, one for an account deleted since, or one naming something that is not a
setting reads as None: the page says the link is not valid, and nobody's settings change.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from .preferences import unsubscribable

SALT = "careerpath.mentoring.unsubscribe"
TOKEN_MAX_AGE = timedelta(days=90)


def unsubscribe_token(user, what: str) -> str:
    """Return a signed token that turns off `what` ("digest" or a kind) for the user."""
    return signing.dumps({"u": user.pk, "w": what}, salt=SALT, compress=False)


def unsubscribe_token_read(token: str, *, max_age: timedelta = TOKEN_MAX_AGE):
    """Return (user, what) from a token, or None when it is forged, changed, expired, for an
    account that is gone, or names something no link may turn off."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    except ValueError:  # a signed payload that is not JSON: made with our key, but not by us
        return None
    if not isinstance(payload, dict):
        return None
    user_id, what = payload.get("u"), payload.get("w")
    if not isinstance(user_id, int) or not isinstance(what, str) or not unsubscribable(what):
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    return user, what


def unsubscribe_url(user, what: str) -> str:
    """Return the absolute URL (from SITE_URL, https in production) of the one-click link."""
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user, what)])
    return f"{settings.SITE_URL}{path}"


def unsubscribe_headers(user, what: str) -> dict[str, str]:
    """Return the headers of RFC 2369 and RFC 8058 that let a mail client unsubscribe."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, what)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
