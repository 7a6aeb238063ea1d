"""Error pages that need more than Django's defaults."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A rejected form, shown in the site's layout (Django's own page has no request context)."""
    return render(request, "403_csrf.html", status=403)
