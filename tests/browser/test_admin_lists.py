"""The ladder's admin lists fit a 1280 px screen beside the admin's menu and filters: no
column (the last one is "retired") hides past the right edge."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ladder.admin import LevelAdmin
from ladder.groups import CONTENT_EDITOR_GROUP
from ladder.models import Level, Skill
from tests.profiles.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.sweep, pytest.mark.django_db(transaction=True)]

CHANGELISTS = sorted(
    reverse(f"admin:ladder_{model._meta.model_name}_changelist")
    for model in admin.site._registry
    if model._meta.app_label == "ladder"
)


def test_every_ladder_list_fits_1280_px_beside_the_menu_and_the_filters(browser, live_server):
    call_command("load_ladder", verbosity=0)
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name=CONTENT_EDITOR_GROUP))
    client = Client()
    client.force_login(editor)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    too_wide = []
    for url in CHANGELISTS:
        page.goto(url)
        scroll, width = page.evaluate(
            "(() => { const r = document.querySelector('#changelist .results');"
            " return [r.scrollWidth, r.clientWidth]; })()"
        )
        if scroll > width:
            too_wide.append(f"{url}: {scroll} px of columns in {width} px")
    context.close()

    assert Level.objects.exists() and Skill.objects.exists()
    assert "retired" in LevelAdmin.list_display
    assert not too_wide, "\n".join(too_wide)
