"""What crawlers and browsers ask every site for: /robots.txt, /sitemap.xml, /favicon.ico.

The sitemap lists the public pages: home, the ladder, every active level and skill, the
FAQ, and the profiles their owners made public (no others: a private profile is a 404)."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView

from careerpath.cache import DAY
from ladder.snapshot import ladder_snapshot
from profiles.models import Profile, Visibility


class PageSitemap(Sitemap):
    def items(self):
        return ["ladder:home", "ladder:levels", "ladder:skills", "ladder:faq"]

    def location(self, item):
        return reverse(item)


class LevelSitemap(Sitemap):
    def items(self):
        return list(ladder_snapshot().levels)


class SkillSitemap(Sitemap):
    def items(self):
        return list(ladder_snapshot().skills)


class PublicProfileSitemap(Sitemap):
    def items(self):
        return Profile.objects.filter(visibility=Visibility.PUBLIC).order_by("pk")

    def location(self, item):
        return item.get_public_url()


SITEMAPS = {
    "pages": PageSitemap,
    "levels": LevelSitemap,
    "skills": SkillSitemap,
    "people": PublicProfileSitemap,
}


@require_GET
@cache_control(max_age=DAY, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        # private pages answer a log-in redirect anyway; keep crawlers off them
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /dashboard/",
        "Disallow: /profile/",
        "Disallow: /mentoring/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page's <link rel=icon> says."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")  # at request time: the hashed name once collected


favicon = FaviconView.as_view()
