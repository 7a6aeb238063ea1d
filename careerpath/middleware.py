"""Rules for every request and response of the site."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

NUL = "\x00"


def request_has_nul_byte(request):
    """Return whether the path, the query string, a submitted form field or a cookie
    holds a NUL byte."""
    fields = [
        *request.GET.lists(),
        *request.POST.lists(),
        *((name, [value]) for name, value in request.COOKIES.items()),
    ]
    return NUL in request.path_info or any(
        NUL in name or any(NUL in value for value in values) for name, values in fields
    )


class RejectNulBytesMiddleware:
    """Answer 400 to a request carrying a NUL byte anywhere a view could read it.

    PostgreSQL refuses NUL in text, so such a value reaching a query (an invitation
    token in the URL, a session cookie) would otherwise end in a 500. It sits before the
    session and authentication middleware so that nothing has queried the database yet;
    the error page is therefore rendered as for a signed-out visitor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_nul_byte(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    """Keep every response to a signed-in user out of browser and proxy caches.

    Their pages show private data (ratings, mentees, the data export); with no-store a
    shared computer's back button or a proxy can't show them to the next person.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
