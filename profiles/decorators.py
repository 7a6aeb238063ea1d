"""View decorators shared by the pages built on a person's assessment."""

from functools import wraps

from django.shortcuts import render

from ladder.snapshot import ladder_snapshot


def ladder_required(view):
    """Answer with the "no ladder yet" page while the ladder has no levels: nobody can be
    assessed before a content editor adds them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not ladder_snapshot().levels:
            return render(request, "profiles/ladder_empty.html")
        return view(request, *args, **kwargs)

    return wrapper
