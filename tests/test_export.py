"""The data export is complete: every model that holds a person's data has its entries in
it, as many as the person has rows, whichever side of a mentorship they are on. A model
added later that holds people's data and has no export entry fails here."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from careerpath.credentials.models import Credential
from careerpath.outbox.models import Mail
from ladder.models import Skill
from ladder.services import content_retire
from mentoring.digest import week_start_of
from mentoring.models import (
    CheckIn,
    DigestDelivery,
    Endorsement,
    Feedback,
    FeedbackReply,
    Mentorship,
    Notification,
    NotificationSettings,
    SignOff,
    Status,
)
from profiles.models import (
    AccountSession,
    CourseProgress,
    Evidence,
    Experience,
    PathStepDone,
    Profile,
    Project,
    ProjectStatus,
    SkillRating,
    SkillRatingChange,
)
from tests.credentials.factories import CredentialFactory
from tests.ladder.factories import PathStepFactory, SkillFactory
from tests.mentoring.factories import (
    CheckInFactory,
    CheckInRatingFactory,
    DigestDeliveryFactory,
    EndorsementFactory,
    FeedbackFactory,
    FeedbackReplyFactory,
    MentorshipFactory,
    NotificationFactory,
    NotificationSettingsFactory,
    SignOffFactory,
)
from tests.outbox.factories import FailedMailFactory, MailFactory
from tests.profiles.factories import (
    CourseProgressFactory,
    EmailAddressFactory,
    EvidenceFactory,
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingChangeFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.queries import committed

User = get_user_model()
WEEK = timedelta(days=7)
EmailAddress = apps.get_model("account", "EmailAddress")

# model -> [(lookup from its rows to the person, where the export lists them)]
EXPORTED = {
    EmailAddress: [("user", "account.email_addresses")],
    Profile: [("user", "profile")],
    Experience: [("user", "experience")],
    SkillRating: [("user", "skill_ratings")],
    SkillRatingChange: [("user", "skill_rating_history")],
    Project: [("user", "projects")],
    PathStepDone: [("user", "path_steps_done")],
    CourseProgress: [("user", "course_progress")],
    Evidence: [("user", "evidence")],
    Mentorship: [
        ("learner", "mentoring.invitations_sent"),
        ("mentor", "mentoring.mentoring_others"),
    ],
    Feedback: [
        ("mentorship__learner", "mentoring.feedback_received"),
        ("mentorship__mentor", "mentoring.feedback_given"),
    ],
    Endorsement: [
        ("mentorship__learner", "mentoring.endorsements_received"),
        ("mentorship__mentor", "mentoring.endorsements_given"),
    ],
    SignOff: [
        ("mentorship__learner", "mentoring.project_sign_offs_received"),
        ("mentorship__mentor", "mentoring.project_sign_offs_given"),
    ],
    FeedbackReply: [
        ("feedback__mentorship__learner", "mentoring.feedback_replies_received"),
        ("feedback__mentorship__mentor", "mentoring.feedback_replies_given"),
    ],
    Notification: [("user", "mentoring.notifications")],
    CheckIn: [
        ("mentorship__learner", "mentoring.check_ins"),
        ("mentorship__mentor", "mentoring.check_ins_as_mentor"),
    ],
    DigestDelivery: [("user", "mentoring.digests")],
    NotificationSettings: [("user", "mentoring.notification_settings")],
    Mail: [("recipient", "mail")],
    Credential: [("holder", "credentials")],
}
# Models that point at a person but hold nothing of theirs to give back, and why.
NOT_EXPORTED = {
    AccountSession: "a signed-in browser's session: a key, not the person's data",
    apps.get_model("account", "EmailConfirmation"): "a pending confirmation key",
    apps.get_model("admin", "LogEntry"): "the admin's log of staff actions",
    User.groups.through: "staff groups",
    User.user_permissions.through: "staff permissions",
    Profile.specialisations.through: "listed in the profile (profile.specialisations)",
    Project.skills.through: "listed with each project (projects[].skills)",
}


def points_at_people(model) -> bool:
    """Whether rows of `model` name a person, directly or through a mentorship or project."""
    relations = [f for f in model._meta.concrete_fields if f.is_relation]
    return any(f.related_model in (User, Mentorship, Project, Profile) for f in relations)


def test_every_model_that_names_a_person_is_exported_or_says_why_not():
    named = {
        model
        for model in apps.get_models(include_auto_created=True)
        if points_at_people(model) and not model.__name__.startswith("Historical")
    }
    assert named - set(EXPORTED) - set(NOT_EXPORTED) == set()


def entries(data, where):
    for step in where.split("."):
        data = data[step]
    return 1 if isinstance(data, dict) else len(data)


@pytest.fixture
def busy_person(db):
    """A person with rows in every model that holds people's data, as a learner and as a
    mentor, beside somebody else's."""
    person = VerifiedUserFactory()
    ProfileFactory(user=person)
    EmailAddressFactory(user=person, email="second@example.org", primary=False)
    ExperienceFactory.create_batch(2, user=person)
    for skill in SkillFactory.create_batch(3):
        SkillRatingFactory(user=person, skill=skill)
        SkillRatingChangeFactory(user=person, skill=skill)
    PathStepDone.objects.create(user=person, step=PathStepFactory())
    CourseProgressFactory.create_batch(2, user=person)
    CourseProgressFactory()  # somebody else's
    projects = ProjectFactory.create_batch(2, user=person, status=ProjectStatus.DONE)
    EvidenceFactory.create_batch(2, user=person)
    EvidenceFactory(user=person, skill=None, project=projects[0])
    EvidenceFactory()  # somebody else's
    mentor, mentee = VerifiedUserFactory(), VerifiedUserFactory()
    as_learner = MentorshipFactory(learner=person, mentor=mentor, status=Status.ACCEPTED)
    as_mentor = MentorshipFactory(learner=mentee, mentor=person, status=Status.ACCEPTED)
    MentorshipFactory(learner=person, mentor=None, invitee_email="someone@example.org")
    FeedbackFactory.create_batch(2, mentorship=as_learner, project=projects[0])
    theirs = FeedbackFactory.create_batch(3, mentorship=as_mentor)
    FeedbackReplyFactory(feedback=theirs[0], author=mentee)
    FeedbackReplyFactory(feedback=theirs[0], author=person)
    FeedbackReplyFactory(feedback=Feedback.objects.filter(mentorship=as_learner).first())
    EndorsementFactory(mentorship=as_learner)
    EndorsementFactory.create_batch(2, mentorship=as_mentor)
    SignOffFactory(mentorship=as_learner, project=projects[1])
    SignOffFactory(mentorship=as_mentor, project=ProjectFactory(user=mentee))
    CheckInRatingFactory(check_in=CheckInFactory(mentorship=as_learner))
    CheckInFactory(mentorship=as_mentor, started_by=person)
    NotificationFactory.create_batch(4, user=person)
    NotificationFactory(user=mentee, actor=person)  # somebody else's
    DigestDeliveryFactory(user=person)
    DigestDeliveryFactory(user=person, week_start=week_start_of(timezone.localdate()) - WEEK)
    DigestDeliveryFactory(user=mentee)  # somebody else's
    NotificationSettingsFactory(user=person, digest_day=2)
    NotificationSettingsFactory(user=mentee)  # somebody else's
    MailFactory(recipient=person)
    FailedMailFactory(recipient=person)
    MailFactory(recipient=mentee)  # somebody else's
    CredentialFactory.create_batch(2, holder=person, confirmed_by=mentor)
    CredentialFactory(holder=mentee, confirmed_by=person)  # the mentee's, confirmed by them
    return person


def test_the_export_has_an_entry_for_every_row_of_the_persons_data(busy_person, client):
    client.force_login(busy_person)
    data = json.loads(client.get(reverse("account_export")).content)
    for model, places in EXPORTED.items():
        for lookup, where in places:
            rows = model._base_manager.filter(**{lookup: busy_person}).count()
            assert entries(data, where) == rows, f"{model._meta.label} in {where}"
            assert rows, f"the fixture gives the person no {model._meta.label} ({lookup})"


def test_feedback_says_which_project_or_skill_it_is_about_on_both_sides(busy_person, client):
    client.force_login(busy_person)
    mentoring = json.loads(client.get(reverse("account_export")).content)["mentoring"]
    assert all(item["project"] for item in mentoring["feedback_received"])
    assert all("skill" in item and "project" in item for item in mentoring["feedback_given"])
    assert all(item["project"] for item in mentoring["project_sign_offs_given"])


def test_evidence_says_what_it_shows_with_its_link_and_note(busy_person, client):
    client.force_login(busy_person)
    evidence = json.loads(client.get(reverse("account_export")).content)["evidence"]
    project_title = busy_person.projects.get(evidence__isnull=False).title
    assert [(item["skill"] is None, item["project"]) for item in evidence] == [
        (False, None),
        (False, None),
        (True, project_title),
    ]
    assert all(item["url"].startswith("https://") and item["note"] for item in evidence)
    assert {item["kind_label"] for item in evidence} == {"Repository"}


def test_evidence_of_a_retired_skill_stays_in_the_export_marked_retired(client, ladder):
    person = VerifiedUserFactory()
    evidence = EvidenceFactory(user=person, skill=Skill.objects.get(slug="python"))
    with committed():
        content_retire(objects=[evidence.skill])
    client.force_login(person)

    exported = json.loads(client.get(reverse("account_export")).content)["evidence"]

    assert [(item["skill"], item["skill_retired"], item["url"]) for item in exported] == [
        ("Python", True, evidence.url)
    ]
