"""The root URLconf. Apps and the composition are included by name, so this module imports
none of them (careerpath/ is the ground floor: docs/architecture.md)."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from careerpath import health

# Staff log in through the site's log-in page, so the admin shares its rate limits
# (failed attempts per address and per account, then a cool-off) instead of Django's
# unthrottled admin form.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "careerpath content"
admin.site.site_title = "careerpath admin"
admin.site.index_title = "Career ladder content"

# allauth answers a refused rate-limited action with ROOT_URLCONF.handler429.
handler429 = "careerpath.errors.too_many_requests"

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("", include("composition.urls")),
    path("", include("careerpath.credentials.urls")),
    path("", include("profiles.urls")),
    path("accounts/", include("allauth.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("", include("mentoring.notification_urls")),
    path("", include("ladder.urls")),
]
