"""Rendered parts of pages kept in the cache, so a page whose data has not changed is not
rebuilt on every visit.

Two ways in, both keyed by the versions of what the part was rendered from
(careerpath/versions.py), so a write makes the old copy unreachable at once:

- `{% cachedpart key [seconds] %}…{% endcachedpart %}` (this module as the template
  library "fragments"): renders its contents once per `key`, kept for `seconds` (resolved
  after rendering, so it may come from the data rendered: e.g. until the first invitation
  shown expires; at most a day). A falsy key (the cache is down, or this request's
  transaction has uncommitted changes) renders without the cache. The view passes its
  data lazily (`django.utils.functional.SimpleLazyObject`), so a hit does not even read
  the database.
- `public_page`: a view decorator for pages whose signed-out answer depends only on the
  URL and the ladder content: signed-out visitors get the stored response.

Never stored: a response or part that used a CSRF token (the token reveals the visitor's
CSRF secret; `cachedpart` keys include the secret's digest instead, and a visitor without
a secret yet gets their part rendered), anything while the visitor has flash messages
waiting, and any answer but a plain 200.
"""

import hashlib
import logging
from functools import wraps

from django import template
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse

logger = logging.getLogger(__name__)

PART_TIMEOUT = 60 * 60 * 24  # keys name the day, so nothing is kept longer than that
PAGE_TIMEOUT = 60 * 60 * 24

register = template.Library()


def csrf_digest(request, *more) -> str | None:
    """Return a short digest of the visitor's CSRF secret (and of `more`), for the key of a
    part that holds a form's CSRF token: the part is then theirs alone. None before the
    visitor has a secret: the part must be rendered for them (rendering gives them one)."""
    secret = request.META.get("CSRF_COOKIE", "")
    if not secret:
        return None
    return hashlib.sha256(":".join([secret, *map(str, more)]).encode()).hexdigest()[:16]


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
            timeout = PART_TIMEOUT if self.timeout is None else self.timeout.resolve(context)
            if timeout and timeout > 0:
                cache.set(key, html, min(timeout, PART_TIMEOUT))
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


def public_page(key_version):
    """Serve signed-out GETs of the decorated view from the cache, keyed by the URL and by
    `key_version()` (e.g. the ladder's content version; None means "do not use the cache")."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                request.method not in ("GET", "HEAD")
                or request.user.is_authenticated
                or _has_messages(request)
            ):
                return view(request, *args, **kwargs)
            try:
                version = key_version()
            except Exception:
                version = None
            if version is None:
                return view(request, *args, **kwargs)
            key = (
                "page:"
                + hashlib.sha256(f"{version}:{request.get_full_path()}".encode()).hexdigest()
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
                cache.set(key, (response["Content-Type"], response.content), PAGE_TIMEOUT)
            return response

        return wrapper

    return decorator
