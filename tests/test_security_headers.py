"""Headers every response carries: Content-Security-Policy, no-store for signed-in
people, and HSTS in production; and pages that need nothing the policy forbids."""

import re
from html.parser import HTMLParser

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from ladder.models import Course, Level, Skill
from mentoring.models import Status
from tests.mentoring.factories import MentorshipFactory
from tests.profiles.factories import SkillRatingFactory, VerifiedUserFactory
from tests.profiles.html import parse
from tests.settings_modules import fresh_settings

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 60 * 60
SIZES_CSS = settings.BASE_DIR / "static" / "css" / "sizes.css"


def policy(response):
    """Return the response's Content-Security-Policy as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


class _InlineCodeParser(HTMLParser):
    """Collects what a policy without 'unsafe-inline' refuses to run or apply."""

    DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocked = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        nonce = "nonce" in attrs
        if tag == "script" and "src" not in attrs and not nonce:
            if attrs.get("type") not in self.DATA_SCRIPT_TYPES:
                self.blocked.append("inline <script>")
        if tag == "style" and not nonce:
            self.blocked.append("<style> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=...> handler")
            if name == "style":
                self.blocked.append(f'<{tag} style="{value}">')
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}=javascript:...>")


def blocked_by_the_policy(html):
    parser = _InlineCodeParser()
    parser.feed(html)
    parser.close()
    return parser.blocked


@pytest.fixture
def world(ladder, user):
    """The user learning from the real ladder, with a rating, a mentor and a mentee."""
    SkillRatingFactory(user=user, skill=Skill.objects.first(), proficiency=2)
    MentorshipFactory(learner=user, mentor=VerifiedUserFactory(), status=Status.ACCEPTED)
    mentee = VerifiedUserFactory()
    SkillRatingFactory(user=mentee, skill=Skill.objects.first(), proficiency=1)
    return {
        "mentee_mentorship": MentorshipFactory(learner=mentee, mentor=user, status=Status.ACCEPTED),
        "level": Level.objects.main().order_by("order").first(),
        "skill": Skill.objects.first(),
        "course": Course.objects.first(),
    }


def test_every_kind_of_response_carries_the_policy(client, user, content_editor):
    anonymous = [
        reverse("ladder:home"),
        reverse("account_login"),
        "/no-such-page/",
        "/ladder/%00/",  # the NUL-byte 400 page
        "/static/css/careerpath.css",
    ]
    signed_in = [reverse("profiles:dashboard"), reverse("account_export")]
    responses = [client.get(url) for url in anonymous]
    client.force_login(user)
    responses += [client.get(url) for url in signed_in]
    client.force_login(content_editor)
    responses.append(client.get(reverse("admin:index")))

    assert [r.status_code for r in responses] == [200, 200, 404, 400, 200, 200, 200, 200]
    for response in responses:
        assert policy(response) == {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }, response.request["PATH_INFO"]


def test_an_inline_script_runs_only_with_the_nonce_of_its_response(rf):
    request = rf.get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse(f"nonce={request.csp_nonce}"))
    response = middleware(request)

    nonce = response.content.decode().removeprefix("nonce=")
    assert policy(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]


def _pages(world, user, content_editor):
    """(client role, url) of the site's pages, signed out, signed in and in the admin."""
    level, skill, course = world["level"], world["skill"], world["course"]
    public = [
        reverse("ladder:home"),
        reverse("ladder:levels"),
        level.get_absolute_url(),
        reverse("ladder:skills"),
        skill.get_absolute_url(),
        reverse("ladder:faq"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        "/no-such-page/",
    ]
    private = [
        reverse("profiles:dashboard"),
        reverse("profiles:profile"),
        reverse("profiles:experience"),
        reverse("profiles:skills"),
        reverse("profiles:projects"),
        reverse("profiles:project_create"),
        reverse("profiles:account_delete"),
        reverse("mentoring:home"),
        reverse("mentoring:invite"),
        reverse("mentoring:mentee", args=[world["mentee_mentorship"].pk]),
        reverse("account_email"),
        reverse("account_change_password"),
    ]
    admin = [
        reverse("admin:index"),
        reverse("admin:ladder_level_changelist"),
        reverse("admin:ladder_level_change", args=[level.pk]),
        reverse("admin:ladder_skill_change", args=[skill.pk]),
        reverse("admin:ladder_course_change", args=[course.pk]),
        reverse("admin:ladder_requirement_add"),
        reverse("admin:ladder_projecttemplate_add"),
    ]
    return (
        [(None, url) for url in public]
        + [(user, url) for url in private]
        + [(content_editor, url) for url in admin]
    )


def test_no_page_needs_an_inline_script_handler_or_style_the_policy_blocks(
    client, world, user, content_editor
):
    blocked = {}
    for person, url in _pages(world, user, content_editor):
        client.logout()
        if person:
            client.force_login(person)
        response = client.get(url)
        assert response.status_code == (404 if url == "/no-such-page/" else 200), url
        if found := blocked_by_the_policy(response.content.decode()):
            blocked[url] = found

    assert blocked == {}


def test_the_server_error_page_needs_no_inline_style():
    assert blocked_by_the_policy(render_to_string("500.html")) == []


def test_the_readiness_bars_get_their_width_from_a_class(client, world, user):
    client.force_login(user)

    for url in (reverse("profiles:dashboard"), reverse("mentoring:home")):
        bars = parse(client.get(url)).find_all(role="progressbar")
        assert bars, url
        for bar in bars:
            fill = bar.children[0]
            assert f"pct-{bar.attrs['aria-valuenow']}" in fill.attrs["class"].split()


def test_every_whole_percent_has_a_width_class():
    widths = dict(re.findall(r"\.pct-(\d+) \{ width: (\d+)%; \}", SIZES_CSS.read_text()))

    assert widths == {str(n): str(n) for n in range(101)}


@pytest.mark.parametrize(
    "url_name",
    ["ladder:home", "profiles:dashboard", "account_export", "mentoring:home"],
)
def test_every_response_to_a_signed_in_user_is_not_stored(owner_client, url_name):
    response = owner_client.get(reverse(url_name))

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_the_admin_is_not_stored(editor_client):
    response = editor_client.get(reverse("admin:index"))

    assert "no-store" in response.headers["Cache-Control"]


def test_the_data_export_is_not_stored(owner_client):
    response = owner_client.get(reverse("account_export"))

    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response.headers["Cache-Control"]


def test_a_public_page_for_a_signed_out_visitor_may_be_cached(client):
    response = client.get(reverse("ladder:home"))

    assert "no-store" not in response.headers.get("Cache-Control", "")


@pytest.fixture
def production_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 64)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "example.com")
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/1")
    monkeypatch.setenv("CREDENTIAL_SIGNING_KEYS", settings.CREDENTIAL_SIGNING_KEYS)
    monkeypatch.delenv("DJANGO_SECURE_HSTS_SECONDS", raising=False)
    return monkeypatch


def test_production_refuses_to_start_without_a_shared_cache(production_environment):
    production_environment.delenv("CACHE_URL")

    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        fresh_settings("production")


def test_production_refuses_to_start_without_a_key_to_sign_credentials(production_environment):
    production_environment.delenv("CREDENTIAL_SIGNING_KEYS")

    with pytest.raises(ImproperlyConfigured, match="CREDENTIAL_SIGNING_KEYS"):
        fresh_settings("production")


def test_production_asks_browsers_for_https_for_a_year_by_default(production_environment):
    assert fresh_settings("production").SECURE_HSTS_SECONDS == ONE_YEAR


def test_the_hsts_lifetime_can_be_set_from_the_environment(production_environment):
    production_environment.setenv("DJANGO_SECURE_HSTS_SECONDS", "300")

    assert fresh_settings("production").SECURE_HSTS_SECONDS == 300


def test_production_sends_hsts_on_public_and_private_pages(production_environment, client, user):
    production = fresh_settings("production")
    hsts = {
        name: getattr(production, name)
        for name in ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD")
    }
    with override_settings(**hsts):
        public = client.get(reverse("ladder:home"), secure=True)
        client.force_login(user)
        private = client.get(reverse("profiles:dashboard"), secure=True)

    for response in (public, private):
        assert response.headers["Strict-Transport-Security"] == (
            f"max-age={ONE_YEAR}; includeSubDomains"
        )
