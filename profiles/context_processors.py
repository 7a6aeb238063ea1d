"""What every template may know about the signed-in person, computed only when used."""

from django.utils.functional import SimpleLazyObject

from .viewer import viewer_for


def viewer(request):
    """`viewer`: the signed-in person's level and ratings (profiles.viewer.Viewer). Lazy:
    a page that never reads it runs no query for it."""
    return {"viewer": SimpleLazyObject(lambda: viewer_for(request.user))}
