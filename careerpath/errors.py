"""Error pages that need more than Django's defaults."""

from django.core.cache import cache
from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A rejected form, shown in the site's layout (Django's own page has no request context)."""
    return render(request, "403_csrf.html", status=403)


RATE_LIMITS_UNAVAILABLE_STATUS = 503
RATE_LIMITS_PAUSED = "Signing in is paused for a moment"


def too_many_requests(request):
    """allauth's answer to a refused rate-limited action (log-in, sign-up, password reset,
    invitations). While the cache holding the counters is unreachable every such action is
    refused (fail closed): the page then says so, with 503, instead of blaming the visitor."""
    if getattr(cache, "unavailable", False):
        return render(
            request,
            "503_rate_limits.html",
            {"heading": RATE_LIMITS_PAUSED},
            status=RATE_LIMITS_UNAVAILABLE_STATUS,
        )
    return render(request, "429.html", status=429)
