"""What every template may know about the site itself."""

from django.conf import settings


def site_url(request):
    """`site_url`: the site's own address (settings.SITE_URL), never the request's Host
    header, which may be one this site does not serve (the 400 page is rendered for those)."""
    return {"site_url": settings.SITE_URL}
