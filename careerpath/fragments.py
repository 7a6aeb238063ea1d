"""Rendered parts of pages kept in the cache, so a page whose data has not changed is not
rebuilt on every visit. Keys name the data versions the part was rendered from
(careerpath/versions.py): a committed write makes the old copy unreachable at once.

Two ways in:

- `{% cachedpart key [seconds] %}…{% endcachedpart %}` (this module as the template library
  "fragments") renders its contents once per `key`, kept for `seconds` (resolved after
  rendering, so it may come from the data rendered: e.g. until the first invitation shown
  expires; at most a day). Build `key` with `part_key`; a falsy key renders without the
  cache. The view passes its data lazily (`django.utils.functional.SimpleLazyObject`), so a
  stored part costs no query.
- `public_page(version)`: a view decorator for pages whose signed-out answer depends only on
  the URL and the data at `version()` (the ladder's content version): signed-out visitors
  get the stored response.

Never stored: a response or part that holds a CSRF token is never shared (the token reveals
the visitor's CSRF secret: `part_key` names the secret's digest, and a visitor without a
secret yet gets their part rendered), nothing is stored while the visitor has flash messages
waiting, nor for a request that is not a GET, nor any answer but a plain 200.
"""

import hashlib
from functools import wraps

from django import template
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from .cache import DAY

register = template.Library()

PART_PREFIX = "part:"  # part:<user id>:<digest of what it was rendered from>


def csrf_digest(request) -> str | None:
    """Return a short digest of the visitor's CSRF secret, or None before they have one."""
    secret = request.META.get("CSRF_COOKIE", "")
    if not secret:
        return None
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


def part_key(request, name: str, *versions) -> str | None:
    """Return the cache key of the part `name` of a page, rendered for this browser today
    from data at `versions`; or None when it must be rendered afresh: the request is not a
    GET (its writes are not committed yet), a version is unknown (None), or the browser has
    no CSRF secret yet.

    The key names the day, since the years of experience a page shows grow daily."""
    digest = csrf_digest(request)
    if request.method not in ("GET", "HEAD") or digest is None or None in versions:
        return None
    parts = (name, *versions, timezone.localdate().isoformat(), digest)
    # Named by whose browser it is for, so deleting an account can delete its parts.
    return f"{PART_PREFIX}{request.user.pk}:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _has_messages(request) -> bool:
    return bool(len(get_messages(request)))


class CachedPartNode(template.Node):
    def __init__(self, nodelist, key, timeout=None):
        self.nodelist = nodelist
        self.key = key
        self.timeout = timeout

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            timeout = DAY if self.timeout is None else self.timeout.resolve(context)
            if timeout and timeout > 0:
                cache.set(key, html, min(timeout, DAY))
        return html


@register.tag
def cachedpart(parser, token):
    """{% cachedpart key [seconds] %}…{% endcachedpart %}: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(
            "{% cachedpart %} takes the key and, optionally, how many seconds to keep it."
        )
    nodelist = parser.parse(("endcachedpart",))
    parser.delete_first_token()
    return CachedPartNode(nodelist, *(parser.compile_filter(bit) for bit in bits[1:]))


def public_page(version, *, params=()):
    """Serve signed-out GETs of the decorated view from the cache, keyed by the path, the
    query parameters named in `params` (the only ones the view reads) and `version()` (e.g.
    the ladder's content version). Other parameters (?utm_source=…) neither change the page
    nor make a new copy: a visitor can't fill the cache by varying the query string.
    The decorated views only read, so they run without the request's transaction: no
    BEGIN/COMMIT round trips around the one query a stored page costs."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method not in ("GET", "HEAD")
                or request.user.is_authenticated
                or _has_messages(request)
            ):
                return view(request, *args, **kwargs)
            read = [(name, request.GET.getlist(name)) for name in params]
            key = (
                "page:" + hashlib.sha256(repr((version(), request.path, read)).encode()).hexdigest()
            )
            stored = cache.get(key)
            if stored is not None:
                content_type, content = stored
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                cache.set(key, (response["Content-Type"], response.content), DAY)
            return response

        return transaction.non_atomic_requests(wrapper)

    return decorator
