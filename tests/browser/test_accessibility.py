"""The accessibility sweep: axe-core (node_modules/axe-core, pinned in package-lock.json)
on every page of tests/browser/pages.py, as each role, at 1280 and 390 px, in light and
dark mode. No critical or serious violation, and no horizontal scrolling on a phone.

Runs once per CI run: marked `sweep`, deselected on PostgreSQL (tests/conftest.py), since
the pages render the same on both databases."""

from datetime import date
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from careerpath.credentials.services import credential_publish
from ladder.groups import CONTENT_EDITOR_GROUP
from ladder.models import Level, Proficiency, ProjectTemplate, Skill
from ladder.services import content_retire
from mentoring.models import FeedbackReply, Status
from mentoring.services import SkillReviewInput, skills_review
from profiles.models import Profile, ProjectStatus
from profiles.services import skill_rating_set
from tests.browser.pages import NOT_SWEPT, PAGES
from tests.credentials.factories import CredentialFactory
from tests.ladder.factories import SkillFactory
from tests.mentoring.factories import FeedbackFactory, MentorshipFactory, SignOffFactory
from tests.profiles.factories import (
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    UserFactory,
    VerifiedUserFactory,
)
from tests.test_access_matrix import MATRIX

pytestmark = [pytest.mark.browser, pytest.mark.sweep, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)
MODES = ("light", "dark")
REFUSED = {"critical", "serious"}


def test_every_page_of_the_access_matrix_is_swept_or_says_why_not():
    swept = {name for name, _, _ in PAGES}
    assert sorted(set(MATRIX) - swept - set(NOT_SWEPT)) == []
    assert sorted(swept & set(NOT_SWEPT)) == []


class Scenario:
    """A learner with ratings, a role, a project and a public profile; their mentor; a
    content editor; an open invitation."""

    def __init__(self):
        call_command("load_ladder", verbosity=0)
        self.learner = VerifiedUserFactory(email="ada.lovelace.with.a.long.address@example.com")
        ProfileFactory(user=self.learner, display_name="Ada Learner", visibility="public")
        for slug, value in (("python", 3), ("scikit-learn", 2), ("tensorflow-pytorch", 1)):
            skill_rating_set(
                user=self.learner, skill=Skill.objects.get(slug=slug), proficiency=value
            )
        skill_rating_set(
            user=self.learner,
            skill=Skill.objects.get(slug="python"),
            proficiency=Proficiency.EXPERT,
        )
        experience = ExperienceFactory(
            user=self.learner, start_month=date(2021, 1, 1), end_month=None
        )
        # a skill the learner rated, retired since: the dashboard's note and its page
        retired = SkillFactory(
            name="Python 2", slug="python-2", level=Level.objects.get(slug="junior-ml-engineer")
        )
        skill_rating_set(user=self.learner, skill=retired, proficiency=Proficiency.PROFICIENT)
        content_retire(objects=[retired])
        project = ProjectFactory(
            user=self.learner, template=ProjectTemplate.objects.first(), status=ProjectStatus.DONE
        )
        self.mentor = VerifiedUserFactory()
        ProfileFactory(user=self.mentor, display_name="Grace Mentor")
        self.mentorship = MentorshipFactory(
            learner=self.learner, mentor=self.mentor, status=Status.ACCEPTED
        )
        # a review (one agreement, one disagreement), a sign-off and a feedback thread
        python, sklearn = Skill.objects.get(slug="python"), Skill.objects.get(slug="scikit-learn")
        skills_review(
            mentorship=self.mentorship,
            mentor=self.mentor,
            reviews=[
                SkillReviewInput(skill=python, proficiency=4, seen=4),
                SkillReviewInput(skill=sklearn, proficiency=1, seen=2, comment="More practice"),
            ],
        )
        SignOffFactory(mentorship=self.mentorship, project=project)
        # the credential a sign-off issues, shown on the public profile
        self.credential = CredentialFactory(
            holder=self.learner, confirmed_by=self.mentor, achievement_name=project.title
        )
        credential_publish(credential=self.credential, holder=self.learner, public=True)
        self.feedback = FeedbackFactory(mentorship=self.mentorship, body="Add tests next.")
        FeedbackReply.objects.create(feedback=self.feedback, author=self.learner, body="Will do!")
        Profile.objects.filter(user=self.learner).update(public_endorsements=True)
        pending = MentorshipFactory(learner=self.learner, status=Status.PENDING)
        self.invitation_url = reverse("mentoring:invitation", args=[pending.token])
        self.editor = UserFactory(is_staff=True)
        EmailAddress.objects.create(
            user=self.editor, email=self.editor.email, verified=True, primary=True
        )
        self.editor.groups.add(Group.objects.get(name=CONTENT_EDITOR_GROUP))
        self.experience_edit_url = reverse("profiles:experience_edit", args=[experience.pk])
        self.experience_delete_url = reverse("profiles:experience_delete", args=[experience.pk])
        self.project_edit_url = reverse("profiles:project_edit", args=[project.pk])
        self.project_delete_url = reverse("profiles:project_delete", args=[project.pk])

    def user(self, role):
        return {"learner": self.learner, "mentor": self.mentor, "editor": self.editor}.get(role)


def _session_cookie(user, base_url):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}


def _problems(page, path, width, mode):
    found = []
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    for violation in result:
        if violation["impact"] in REFUSED:
            found.append(
                f"{path} @{width}px {mode}: {violation['impact']} {violation['id']}"
                f" ({violation['help']}) at {violation['nodes']}"
            )
    if width < 576:
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            found.append(f"{path} @{width}px {mode}: scrolls sideways ({scroll} > {inner} px)")
    return found


ROLES = sorted({role for _, role, _ in PAGES})


# One test per role and width, so that pytest-xdist shares the sweep between its workers.
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_no_serious_accessibility_violation_and_fits_a_phone(
    browser, live_server, role, width
):
    scenario = Scenario()
    problems = []
    paths = [path(scenario) for _, page_role, path in PAGES if page_role == role]
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
        bypass_csp=True,  # to inject axe; the pages themselves are served with the CSP
    )
    user = scenario.user(role)
    if user is not None:
        context.add_cookies([_session_cookie(user, live_server.url)])
    page = context.new_page()
    for path in paths:
        page.emulate_media(color_scheme="light")
        response = page.goto(path)
        assert response.status < 400, f"{path} as {role}: {response.status}"
        page.add_script_tag(path=str(AXE))
        # colours are checked as they settle, not halfway through a transition
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        for mode in MODES:
            # the site follows the system's mode (theme.js), the admin its own CSS
            page.emulate_media(color_scheme=mode)
            page.evaluate(
                "mode => document.documentElement.hasAttribute('data-bs-theme')"
                " && document.documentElement.setAttribute('data-bs-theme', mode)",
                mode,
            )
            problems += _problems(page, f"{path} ({role})", width, mode)
    context.close()
    assert not problems, "\n".join(problems)
