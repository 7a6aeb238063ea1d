"""Bytes on the wire: pages go out compressed, scripts never block rendering, and every main
page with all its assets stays within 100 KB transferred.

Assets are counted as whitenoise serves them in production (gzip-compressed), measured here
by compressing the file the static finders serve.
"""

import gzip
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from ladder.models import Skill
from mentoring.models import Status
from tests.mentoring.factories import MentorshipFactory
from tests.profiles.factories import (
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024  # bytes transferred for a page and everything it loads
GZIP = {"accept-encoding": "gzip, deflate, br"}
PUBLIC_PAGES = ["/", "/ladder/", "/ladder/ml-engineer/", "/skills/", "/skills/python/", "/faq/"]


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.assets.append(attrs["href"])
        if tag == "script":
            self.scripts.append(attrs)
            if attrs.get("src"):
                self.assets.append(attrs["src"])


def _parse(html):
    parser = _Assets()
    parser.feed(html)
    return parser


def _asset_bytes(url):
    """The gzip size of a static file, as whitenoise sends it."""
    assert url.startswith(settings.STATIC_URL), url
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, url
    with open(path, "rb") as file:
        return len(gzip.compress(file.read()))


def _transferred(client, url):
    """Bytes of the compressed page plus its stylesheets and scripts."""
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200, url
    assert response["Content-Encoding"] == "gzip", url
    html = gzip.decompress(response.content).decode()
    return len(response.content) + sum(_asset_bytes(asset) for asset in _parse(html).assets)


@pytest.fixture
def busy_learner(ladder):
    """A learner with every skill rated, experience, projects and an accepted mentor: the
    heaviest version of each signed-in page."""
    learner = VerifiedUserFactory()
    ProfileFactory(user=learner, display_name="Ada Learner")
    for skill in Skill.objects.all():
        SkillRatingFactory(user=learner, skill=skill, proficiency=3)
    ExperienceFactory.create_batch(3, user=learner)
    ProjectFactory.create_batch(4, user=learner)
    mentor = VerifiedUserFactory()
    ProfileFactory(user=mentor, display_name="Grace Mentor")
    mentorship = MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)
    return learner, mentor, mentorship


def test_pages_are_sent_compressed_to_browsers_that_accept_it(client, ladder):
    response = client.get("/ladder/", headers=GZIP)

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"career ladder" in gzip.decompress(response.content)


# The one script that must run before the first paint: it sets the colour mode (light or
# dark), which a deferred script would set only after the page showed in the wrong one.
COLOUR_MODE_SCRIPT = "js/theme.js"


def test_every_script_is_deferred_so_none_blocks_rendering(client, ladder):
    scripts = _parse(client.get("/").content.decode()).scripts

    assert scripts
    blocking = [s["src"] for s in scripts if s.get("src") and "defer" not in s]
    assert [src.rsplit("/static/", 1)[-1] for src in blocking] == [COLOUR_MODE_SCRIPT]
    assert (settings.BASE_DIR / "static" / COLOUR_MODE_SCRIPT).stat().st_size < 2048


def test_every_public_page_with_its_assets_is_within_100_kb(client, ladder):
    for url in PUBLIC_PAGES:
        assert _transferred(client, url) <= BUDGET, url


def test_every_signed_in_main_page_with_its_assets_is_within_100_kb(client, busy_learner):
    learner, mentor, mentorship = busy_learner

    client.force_login(learner)
    for name in ["profiles:dashboard", "profiles:skills", "profiles:projects", "mentoring:home"]:
        assert _transferred(client, reverse(name)) <= BUDGET, name
    client.force_login(mentor)
    for url in [reverse("mentoring:home"), reverse("mentoring:mentee", args=[mentorship.pk])]:
        assert _transferred(client, url) <= BUDGET, url
