import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from ladder.models import ProjectTemplate
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-Long-browser-passw0rd"
LINK = re.compile(r"http://\S+")


@pytest.fixture
def shipped_ladder(transactional_db):
    call_command("load_ladder", verbosity=0)


def _links_in(message):
    return LINK.findall(message.body)


def sign_up_and_confirm(page, mailoutbox, email, *, start="/accounts/signup/"):
    page.goto(start)
    page.get_by_label("Your name").fill(email.split("@")[0].title())
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    confirmation = next(m for m in reversed(mailoutbox) if email in m.to)
    link = next(url for url in _links_in(confirmation) if "/confirm-email/" in url)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()


def test_learner_signs_up_rates_skills_adds_experience_and_project_and_reaches_ml_engineer(
    shipped_ladder, new_page, mailoutbox
):
    page = new_page()
    sign_up_and_confirm(page, mailoutbox, "ada@example.com")
    page.wait_for_url("**/dashboard/")
    expect(page.get_by_role("heading", name="Hello, Ada")).to_be_visible()

    page.get_by_role("link", name="My skills").first.click()
    page.get_by_text("Level 2: Machine Learning Engineer").click()  # opens the closed group
    for skill in ("Python", "Linear Algebra/Statistics", "Scikit-learn"):
        page.get_by_role("radiogroup", name=f"Proficiency in {skill}").get_by_label(
            "Proficient"
        ).check()
    for skill in ("TensorFlow/PyTorch", "NLP/Computer Vision"):
        page.get_by_role("radiogroup", name=f"Proficiency in {skill}").get_by_label(
            "Learning"
        ).check()
    page.get_by_role("button", name="Save all ratings").click()
    page.wait_for_url("**/dashboard/")
    expect(page.get_by_text("5 proficiency changes recorded")).to_be_visible()

    page.goto("/profile/experience/")
    page.get_by_role("textbox", name="Role").fill("ML engineer")
    page.get_by_role("textbox", name="Organisation").fill("Acme")
    page.locator("#id_start_month").fill("2020-01")
    page.get_by_role("radio", name="Yes").check()  # was this machine learning work?
    page.get_by_role("button", name="Add role").click()
    expect(page.get_by_text("Added ML engineer, Acme.")).to_be_visible()

    page.goto("/profile/projects/new/")
    page.get_by_role("textbox", name="Title").fill("Churn model served with MLflow")
    page.get_by_label("Status").select_option("done")
    template = ProjectTemplate.objects.get(slug="deploy-model-with-mlflow")
    page.get_by_label("Ladder project it fulfils").select_option(str(template.pk))
    page.get_by_role("button", name="Add project").click()
    expect(page.get_by_role("heading", name="Churn model served with MLflow")).to_be_visible()

    page.get_by_role("link", name="Dashboard").click()
    level = page.locator("#level-heading").locator("..")
    assert "Machine Learning Engineer" in level.inner_text()
    assert "Level 2 of 4" in level.inner_text()
    expect(page.get_by_role("heading", name=re.compile("Next: Senior ML Engineer"))).to_be_visible()
    checklist = page.locator("#checklist-heading").locator("..").inner_text()
    assert "done as “Churn model served with MLflow”" in checklist
    screenshot(page, "dashboard")


def test_a_beginner_answers_not_started_and_gets_one_named_next_step_with_a_free_course(
    shipped_ladder, new_page, mailoutbox
):
    page = new_page()
    sign_up_and_confirm(page, mailoutbox, "ben@example.com")
    page.wait_for_url("**/dashboard/")
    step = page.locator("#step-heading").locator("..")
    assert step.locator("p.fs-5").inner_text() == "Python"
    assert page.get_by_text("Rate your skills").count() == 0

    page.get_by_role("link", name="Answer them on My skills").click()
    page.wait_for_url("**/profile/skills/")
    python = page.get_by_role("radiogroup", name="Proficiency in Python")
    assert not python.get_by_label("Not started").is_checked()  # nothing chosen for them
    total = page.locator(".skill-row").count()
    assert page.locator("#rated-count").inner_text() == f"Rated 0 of {total}"
    expect(page.get_by_text("Not rated yet", exact=True).first).to_be_visible()

    for group in page.locator("details.skill-group").all():  # every group, closed ones too
        group.evaluate("node => node.open = true")
    for radiogroup in page.get_by_role("radiogroup").all():
        radiogroup.get_by_label("Not started").check()
    page.get_by_role("button", name="Save all ratings").click()
    page.wait_for_url("**/dashboard/")

    expect(page.get_by_text(f"You have rated {total} of {total} skills.")).to_be_visible()
    assert page.get_by_text("Rate your skills").count() == 0
    assert page.get_by_text("not rated yet").count() == 0
    step = page.locator("#step-heading").locator("..")
    assert step.locator("p.fs-5").inner_text() == "Python"
    assert "From Not started to Proficient." in step.inner_text()
    course = step.get_by_role("link", name="Python", exact=True).nth(1)
    assert course.get_attribute("href") == "https://www.kaggle.com/learn/python"
    assert "Why this course: free · introductory · about 5 hours." in step.inner_text()
    path = page.locator("#path-heading").locator("..")
    assert "Your next step, Python, is part of" in path.inner_text()
    screenshot(page, "beginner-dashboard")

    page.get_by_role("link", name="My skills").first.click()
    assert page.locator("#rated-count").inner_text() == f"Rated {total} of {total}"


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


@pytest.fixture
def learner(shipped_ladder):
    from allauth.account.models import EmailAddress

    from ladder.models import Skill
    from profiles.services import skill_rating_set
    from tests.profiles.factories import ProfileFactory, UserFactory

    user = UserFactory(username="ada", email="ada@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ProfileFactory(user=user, display_name="Ada Learner")
    skill_rating_set(user=user, skill=Skill.objects.get(slug="python"), proficiency=3)
    return user


def test_mentor_signs_up_from_the_invitation_endorses_and_gives_feedback_until_the_learner_ends_it(
    learner, new_page, mailoutbox
):
    ada = new_page()
    log_in(ada, "ada@example.com")
    ada.get_by_role("link", name="Mentoring").click()
    ada.get_by_label("Mentor's email address").fill("grace@example.com")
    ada.get_by_label("Personal note").fill("Would you review my progress?")
    ada.get_by_role("button", name="Send invitation").click()
    expect(ada.get_by_text("Invitation sent to grace@example.com")).to_be_visible()

    invitation = next(m for m in mailoutbox if "grace@example.com" in m.to)
    link = next(url for url in _links_in(invitation) if "/mentoring/invitations/" in url)

    grace = new_page()
    grace.goto(link)
    assert "Ada" not in grace.content()  # nothing about the learner before logging in
    grace.get_by_role("link", name="Sign up").last.click()
    sign_up_and_confirm(grace, mailoutbox, "grace@example.com", start=grace.url)
    grace.goto(link)
    expect(grace.get_by_text("Ada Learner asks you to be their mentor")).to_be_visible()
    grace.get_by_role("button", name="Accept").click()
    expect(grace.get_by_text("You are now mentoring Ada Learner")).to_be_visible()

    grace.get_by_role("link", name="Ada Learner", exact=True).click()
    grace.get_by_label("Your rating of Python").select_option(label="Agree: Proficient")
    grace.get_by_role("button", name="Save review").click()
    expect(grace.get_by_text("Your review of 1 skill is saved.")).to_be_visible()
    grace.get_by_role("textbox", name="Feedback").fill("Great feature pipeline: add tests next.")
    grace.get_by_role("button", name="Send feedback").click()
    expect(grace.get_by_text("Feedback sent.")).to_be_visible()
    mentee_url = grace.url
    screenshot(grace, "mentee")

    ada.goto("/profile/skills/")
    python = ada.locator("#skill-python")
    assert "Endorsed by Grace on" in python.inner_text()
    ada.get_by_role("link", name="Mentoring").click()
    expect(ada.get_by_text("Great feature pipeline: add tests next.")).to_be_visible()
    ada.get_by_role("link", name="End mentorship with grace@example.com").click()
    ada.get_by_label("Reason (optional)").fill("Thanks, I have what I need.")
    ada.get_by_role("button", name="End mentorship").click()
    expect(ada.get_by_text("Mentorship ended.")).to_be_visible()
    screenshot(ada, "mentoring-learner")

    response = grace.goto(mentee_url)
    assert response.status == 404
    expect(grace.get_by_role("heading", name="Page not found")).to_be_visible()


class Clicks:
    """Counts the clicks of a journey (choosing in a list or typing is not a click)."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        self.count += 1
        locator.click()


def test_a_mentor_reviews_five_skills_disagreeing_with_one_in_three_clicks(learner, new_page):
    from allauth.account.models import EmailAddress

    from ladder.models import Skill
    from mentoring.models import Status
    from profiles.services import RatingInput, skill_ratings_save
    from tests.mentoring.factories import MentorshipFactory
    from tests.profiles.factories import ProfileFactory, UserFactory

    grace_user = UserFactory(username="grace", email="grace@example.com", password=PASSWORD)
    EmailAddress.objects.create(
        user=grace_user, email=grace_user.email, verified=True, primary=True
    )
    ProfileFactory(user=grace_user, display_name="Grace Mentor")
    MentorshipFactory(learner=learner, mentor=grace_user, status=Status.ACCEPTED)
    names = [
        "Python",
        "Linear Algebra/Statistics",
        "Scikit-learn",
        "Data Preprocessing",
        "Jupyter Notebooks",
    ]
    skills = [Skill.objects.get(name=name) for name in names]
    skill_ratings_save(user=learner, ratings=[RatingInput(skill, 2) for skill in skills])

    grace = new_page()
    grace.goto("/accounts/login/")
    grace.get_by_label("Email").fill("grace@example.com")
    grace.get_by_label("Password").fill(PASSWORD)
    grace.get_by_role("button", name="Log in").click()
    grace.wait_for_url("**/mentoring/")
    attention = grace.get_by_role("region", name="Needs your attention")
    assert "5 ratings to review" in attention.inner_text()
    screenshot(grace, "mentoring-attention")

    click = Clicks()
    click(attention.get_by_role("link", name="5 ratings to review"))
    for name in names[:4]:
        grace.get_by_label(f"Your rating of {name}").select_option(label="Agree: Practicing")
    grace.get_by_label("Your rating of Jupyter Notebooks").select_option(label="I’d say Learning")
    grace.get_by_label("Comment on Jupyter Notebooks (optional)").fill(
        "Restart and run all before sharing."
    )
    screenshot(grace, "mentee-review")
    click(grace.get_by_role("button", name="Save review"))
    expect(grace.get_by_text("Your review of 5 skills is saved.")).to_be_visible()
    click(grace.get_by_role("link", name="Mentoring", exact=True).first)
    assert (
        "Nothing waits for you"
        in grace.get_by_role("region", name="Needs your attention").inner_text()
    )
    assert click.count <= 3

    ada = new_page()
    log_in(ada, "ada@example.com")
    ada.goto("/profile/skills/")
    assert (
        "Grace Mentor would say Learning, not Practicing"
        in ada.locator("#skill-jupyter-notebooks").inner_text()
    )
    assert (
        "Restart and run all before sharing."
        in ada.locator("#skill-jupyter-notebooks").inner_text()
    )
    ada.goto("/mentoring/")
    assert ada.locator("#waiting").count() == 0


def test_a_learner_reads_their_notifications_chooses_feedback_at_once_and_unsubscribes_from_a_mail(
    learner, new_page, mailoutbox
):
    from urllib.parse import urlsplit

    from mentoring.models import NotificationKind, Status
    from mentoring.notification_views import SETTINGS_SAVED
    from mentoring.preferences import Delivery, delivery_for
    from mentoring.services import feedback_add
    from tests.mentoring.factories import MentorshipFactory, NotificationFactory

    NotificationFactory.create_batch(2, user=learner, detail="Your mentor said hello.")
    ada = new_page()
    log_in(ada, "ada@example.com")

    ada.get_by_role("link", name="Notifications 2 unread notifications").click()
    expect(ada.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(ada.get_by_text("Your mentor said hello.").first).to_be_visible()
    expect(ada.get_by_role("link", name="Notifications", exact=True)).to_be_visible()  # read

    ada.get_by_role("link", name="Notification settings").click()
    ada.get_by_role("group", name="Feedback from your mentors").get_by_label(
        "By e-mail at once"
    ).check()
    ada.get_by_role("button", name="Save settings").click()
    expect(ada.get_by_text(SETTINGS_SAVED)).to_be_visible()
    screenshot(ada, "notification-settings")

    mentorship = MentorshipFactory(learner=learner, status=Status.ACCEPTED)
    feedback_add(mentorship=mentorship, mentor=mentorship.mentor, body="Add tests next.")
    [email] = [m for m in mailoutbox if m.to == ["ada@example.com"]]
    link = email.extra_headers["List-Unsubscribe"].strip("<>")

    reader = new_page()  # the mail's reader, not signed in
    reader.goto(urlsplit(link).path)
    reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert delivery_for(learner, NotificationKind.FEEDBACK) == Delivery.OFF


def test_a_signed_off_project_becomes_a_credential_anyone_can_check_until_the_mentor_revokes_it(
    learner, new_page, tmp_path
):
    from allauth.account.models import EmailAddress
    from django.core.management import call_command as manage

    from mentoring.models import Status
    from profiles.models import ProjectStatus
    from tests.mentoring.factories import MentorshipFactory
    from tests.profiles.factories import ProfileFactory, ProjectFactory, UserFactory

    grace_user = UserFactory(username="grace", email="grace@example.com", password=PASSWORD)
    EmailAddress.objects.create(
        user=grace_user, email=grace_user.email, verified=True, primary=True
    )
    ProfileFactory(user=grace_user, display_name="Grace Mentor")
    mentorship = MentorshipFactory(learner=learner, mentor=grace_user, status=Status.ACCEPTED)
    ProjectFactory(
        user=learner,
        title="Churn prediction service",
        link="https://github.com/example/churn",
        status=ProjectStatus.DONE,
    )

    grace = new_page()
    grace.goto("/accounts/login/")
    grace.get_by_label("Email").fill("grace@example.com")
    grace.get_by_label("Password").fill(PASSWORD)
    grace.get_by_role("button", name="Log in").click()
    grace.wait_for_url("**/mentoring/")
    grace.goto(f"/mentoring/{mentorship.pk}/mentee/")
    grace.get_by_role("button", name="Sign off Churn prediction service").click()

    ada = new_page()
    log_in(ada, "ada@example.com")
    ada.goto("/profile/")
    ada.get_by_role("link", name="Credentials").click()
    ada.get_by_role("button", name="Show on public profile Churn prediction service").click()
    expect(ada.get_by_text("shows on your public profile")).to_be_visible()
    with ada.expect_download() as download:
        ada.get_by_role("link", name="Download Churn prediction service").click()
    jwt = tmp_path / "credential.jwt"
    download.value.save_as(jwt)
    ada.get_by_role("link", name="Churn prediction service", exact=True).click()
    credential_url = ada.url
    expect(ada.get_by_role("status")).to_contain_text("Valid")
    screenshot(ada, "credential-valid")
    manage("verify_credential", str(jwt))  # exits 0: no SystemExit

    grace.goto("/credentials/confirmed/")
    grace.get_by_role("link", name="Revoke Churn prediction service").click()
    grace.get_by_label("Why is it revoked?").fill("Signed off by mistake: no monitoring yet.")
    grace.get_by_label("I understand").check()
    grace.get_by_role("button", name="Revoke it").click()
    expect(grace.get_by_role("status")).to_contain_text(
        "by Grace Mentor: Signed off by mistake: no monitoring yet."
    )

    visitor = new_page()
    visitor.goto(credential_url)
    expect(visitor.get_by_role("status")).to_contain_text("Revoked on")
    screenshot(visitor, "credential-revoked")
    with pytest.raises(SystemExit) as exit_:
        manage("verify_credential", str(jwt))
    assert exit_.value.code == 1


def test_a_learner_adds_evidence_to_a_skill_and_shows_it_on_their_public_profile(learner, new_page):
    from careerpath.fields import HTTPS_ONLY
    from profiles.models import Profile, Visibility

    Profile.objects.filter(user=learner).update(visibility=Visibility.PUBLIC)
    ada = new_page()
    log_in(ada, "ada@example.com")
    ada.goto("/profile/skills/")
    ada.get_by_role("link", name="evidence (0) of Python").click()
    expect(ada.get_by_role("heading", name="Evidence: Python")).to_be_visible()

    ada.get_by_label("What it is").select_option(label="Repository")
    ada.get_by_label("Link").fill("http://github.com/ada/churn")
    ada.get_by_label("Note (optional)").fill("Tests and packaging")
    ada.get_by_role("button", name="Add evidence").click()
    expect(ada.get_by_text(HTTPS_ONLY)).to_be_visible()
    expect(ada.get_by_label("Note (optional)")).to_have_value("Tests and packaging")

    ada.get_by_label("Link").fill("github.com/ada/churn")
    ada.get_by_role("button", name="Add evidence").click()
    expect(ada.get_by_text("Added repository as evidence.")).to_be_visible()
    expect(ada.get_by_role("link", name="https://github.com/ada/churn", exact=True)).to_be_visible()
    screenshot(ada, "evidence-skill")

    ada.goto("/profile/")
    ada.get_by_label("Show my evidence links on my public profile").check()
    ada.get_by_role("button", name="Save profile").click()
    expect(ada.get_by_text("Your profile is saved.")).to_be_visible()

    visitor = new_page()
    visitor.goto(Profile.objects.get(user=learner).get_public_url())
    link = visitor.get_by_role("link", name="https://github.com/ada/churn", exact=True)
    expect(link).to_have_attribute("rel", "nofollow ugc noopener")
    expect(visitor.locator('meta[property="og:type"]')).to_have_attribute("content", "profile")
    screenshot(visitor, "public-portfolio")


def test_evidence_a_check_in_the_mentor_confirms_a_verified_level_and_its_credential_until_revoked(
    learner, new_page, tmp_path
):
    """Issue 18's whole path: evidence, a check-in whose level the mentor confirms, pages
    that say "verified by a mentor", a credential that the page and verify_credential
    accept, then reject once the mentor revokes it."""
    from allauth.account.models import EmailAddress
    from django.core.management import call_command as manage

    from ladder.models import Level
    from mentoring.models import Status
    from profiles.models import EvidenceKind
    from profiles.services import evidence_add
    from tests.mentoring.factories import MentorshipFactory
    from tests.profiles.factories import ProfileFactory, UserFactory

    grace_user = UserFactory(username="grace", email="grace@example.com", password=PASSWORD)
    EmailAddress.objects.create(
        user=grace_user, email=grace_user.email, verified=True, primary=True
    )
    ProfileFactory(user=grace_user, display_name="Grace Mentor")
    MentorshipFactory(learner=learner, mentor=grace_user, status=Status.ACCEPTED)
    level = Level.objects.main().get(order=2)
    python = level.key_skills.first()
    evidence_add(
        user=learner,
        kind=EvidenceKind.REPOSITORY,
        url="https://github.com/ada/churn",
        skill=python,
    )

    ada = new_page()
    log_in(ada, "ada@example.com")
    ada.get_by_role("link", name="Mentoring").click()
    ada.get_by_role("link", name="Check-ins").first.click()
    ada.get_by_role("link", name="Plan a check-in").click()
    ada.get_by_role("button", name="Plan the check-in").click()
    expect(ada.get_by_text("Check-in planned for")).to_be_visible()
    for select in ada.locator("main form select").all():
        select.select_option(label="Practicing")
    ada.get_by_role("button", name="Save my ratings").click()
    expect(ada.get_by_text("Your ratings are saved.").first).to_be_visible()

    grace = new_page()
    grace.goto("/accounts/login/")
    grace.get_by_label("Email").fill("grace@example.com")
    grace.get_by_label("Password").fill(PASSWORD)
    grace.get_by_role("button", name="Log in").click()
    grace.wait_for_url("**/mentoring/")  # a mentor lands on their mentees
    grace.get_by_role("link", name="Check-in with Ada Learner").click()
    expect(grace.get_by_text("Ada Learner has rated already")).to_be_visible()
    for select in grace.locator("main form select").all():
        select.select_option(label="Proficient")
    grace.get_by_role("button", name="Save my ratings").click()
    expect(grace.get_by_role("heading", name="Both ratings, side by side")).to_be_visible()
    grace.get_by_label("Level confirmed").select_option(label=level.title)
    grace.get_by_label("The result in a few words").fill("Ready for the next step.")
    grace.get_by_role("button", name="Confirm and keep the result").click()
    expect(grace.get_by_text("The check-in is agreed")).to_be_visible()

    ada.reload()
    expect(ada.get_by_text("Ready for the next step.")).to_be_visible()
    expect(ada.locator("main dd").filter(has_text=level.title).first).to_be_visible()
    screenshot(ada, "check-in-agreed")

    ada.goto("/compare/")  # the level the mentor confirmed: its requirements verified
    expect(ada.get_by_text("verified by a mentor").first).to_be_visible()

    ada.goto("/credentials/")
    with ada.expect_download() as download:
        ada.get_by_role("link", name=f"Download {level.title}").click()
    jwt = tmp_path / "level.jwt"
    download.value.save_as(jwt)
    ada.get_by_role("link", name=level.title, exact=True).click()
    credential_url = ada.url
    expect(ada.get_by_role("status")).to_contain_text("Valid")
    manage("verify_credential", str(jwt))  # exits 0: no SystemExit

    grace.goto("/credentials/confirmed/")
    grace.get_by_role("link", name=f"Revoke {level.title}").click()
    grace.get_by_label("Why is it revoked?").fill("Confirmed too early.")
    grace.get_by_label("I understand").check()
    grace.get_by_role("button", name="Revoke it").click()
    visitor = new_page()
    visitor.goto(credential_url)
    expect(visitor.get_by_role("status")).to_contain_text("Revoked on")
    with pytest.raises(SystemExit) as exit_:
        manage("verify_credential", str(jwt))
    assert exit_.value.code == 1
