"""Every page the accessibility sweep visits is valid HTML: the W3C Nu HTML Checker
(node_modules/vnu-jar, pinned in package-lock.json, run by the machine's Java) finds no
error on any of them.

The pages are those of tests/browser/pages.py, rendered as each role by the Django test
client for the sweep's scenario (far faster than a browser), written to a temporary folder
and checked in one Java run, since the checker takes seconds to start. Like the sweep it runs
once per CI run (`sweep`: on SQLite), since the pages render the same on both databases."""

import datetime
import json
import shutil
import subprocess  # noqa: S404 (runs the pinned checker on files this test wrote)
from pathlib import Path

import pytest
from django.test import Client

from profiles.models import SkillRatingChange
from tests.browser.pages import PAGES
from tests.browser.test_accessibility import Scenario

pytestmark = [pytest.mark.sweep, pytest.mark.django_db]

# The checker needs a deep stack; stopping at the first compiler tier halves its start-up.
JAVA_OPTIONS = ["-Xss2m", "-XX:TieredStopAtLevel=1"]
VNU = (
    Path(__file__).resolve().parents[1] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


class ScenarioWithHistory(Scenario):
    """The sweep's scenario, the learner's first rating a month old: the dashboard and the
    mentee page then draw the progress chart, with its table of points."""

    def __init__(self):
        super().__init__()
        first = SkillRatingChange.objects.filter(user=self.learner).order_by("pk").first()
        first.changed_at -= datetime.timedelta(days=30)
        first.save(update_fields=["changed_at"])


def _rendered_pages(scenario) -> dict[str, bytes]:
    """Return each swept page's HTML as its role gets it, by "path (role)"."""
    clients: dict[str, Client] = {}
    pages = {}
    for _, role, path_of in PAGES:
        if role not in clients:
            clients[role] = Client()
            user = scenario.user(role)
            if user is not None:
                clients[role].force_login(user)
        path = path_of(scenario)
        response = clients[role].get(path)
        assert response.status_code < 400, f"{path} as {role}: {response.status_code}"
        pages[f"{path} ({role})"] = response.content
    return pages


def _vnu_errors(files: dict[str, Path]) -> list[str]:
    """Run the checker once over every file; return its errors, each naming its page."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: run `make browser` (apt-get install default-jre-headless).")
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `make install` (npm ci).")
    names = [str(path) for path in files.values()]
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own files)
        [java, *JAVA_OPTIONS, "-jar", str(VNU), "--errors-only", "--format", "json", *names],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    page_of = {path.name: page for page, path in files.items()}
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{page_of.get(message.get('url', '').rpartition('/')[2], message.get('url'))}"
        f" line {message.get('lastLine', '?')}: {message['message']}"
        f" «{(message.get('extract') or '').strip()}»"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


def test_every_swept_page_is_valid_html(tmp_path):
    pages = _rendered_pages(ScenarioWithHistory())
    files = {}
    for number, (page, html) in enumerate(pages.items()):
        files[page] = tmp_path / f"page-{number:03}.html"
        files[page].write_bytes(html)

    errors = _vnu_errors(files)

    assert len(files) == len(PAGES)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
