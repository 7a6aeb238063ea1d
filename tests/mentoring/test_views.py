"""The mentoring pages as a learner and a mentor use them."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ladder.models import Level, Proficiency, Skill
from mentoring import models as mentoring_models
from mentoring.models import Endorsement, Feedback, Mentorship, Notification, SignOff, Status
from mentoring.services import (
    ALREADY_OPEN,
    INVITATION_EXPIRED,
    NOT_INVITEE,
    NOTHING_TO_ENDORSE,
    PROJECT_NOT_DONE,
    SELF_INVITE,
    WRONG_STATE,
)
from mentoring.views import INVITATION_SENT, INVITE_ACTION, INVITE_LIMIT_REACHED
from profiles.models import ProjectStatus
from profiles.services import skill_rating_set
from tests.ladder.pages import page_text
from tests.mentoring.factories import (
    EndorsementFactory,
    FeedbackFactory,
    MentorshipFactory,
    NotificationFactory,
    SignOffFactory,
)
from tests.mentoring.support import client_for, long_email, messages_of, wants_mail_at_once
from tests.profiles.factories import (
    PASSWORD,
    ExperienceFactory,
    ProfileFactory,
    ProjectFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)
from tests.profiles.html import parse, section

pytestmark = pytest.mark.django_db


def main_of(response):
    return parse(response).find("main")


# Inviting a mentor


def test_the_invitation_message_and_email_give_the_days_the_invitation_lasts(
    committed, learner_client, monkeypatch
):
    monkeypatch.setattr(mentoring_models, "INVITATION_DAYS", 7)

    with committed():
        response = learner_client.post(
            reverse("mentoring:invite"), {"invitee_email": "new.mentor@example.org"}
        )

    assert messages_of(response) == [INVITATION_SENT.format(email="new.mentor@example.org", days=7)]
    assert "It expires in 7 days." in messages_of(response)[0]
    assert "the link works for 7 days" in mail.outbox[0].body
    lasts = Mentorship.objects.get().expires_at - timezone.now()
    assert timedelta(days=6, hours=23) < lasts <= timedelta(days=7)


def test_invitation_sends_an_email_with_the_link_and_lists_it_as_pending(committed, learner_client):
    with committed():
        response = learner_client.post(
            reverse("mentoring:invite"),
            {"invitee_email": "new.mentor@example.org", "message": "Please review my portfolio."},
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:home")
    mentorship = Mentorship.objects.get()
    assert mentorship.status == Status.PENDING
    [email] = mail.outbox
    assert email.to == ["new.mentor@example.org"]
    assert f"http://testserver/mentoring/invitations/{mentorship.token}/" in email.body
    assert messages_of(response) == [
        "Invitation sent to new.mentor@example.org. It expires in 14 days."
    ]
    mentors = section(parse(learner_client.get(reverse("mentoring:home"))), "mentors-heading")
    assert "new.mentor@example.org Invitation pending" in mentors.text


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("ADA@example.com", SELF_INVITE),
        ("Grace@Example.com", ALREADY_OPEN.format(email="grace@example.com")),
    ],
    ids=["self", "already open"],
)
def test_refused_invitation_is_shown_with_the_input_kept(
    committed, learner_client, pending, email, error
):
    with committed():
        response = learner_client.post(
            reverse("mentoring:invite"), {"invitee_email": email, "message": "My note to you."}
        )

    assert response.status_code == 200
    page = main_of(response)
    assert error in page.text
    assert page.find("input", name="invitee_email").attrs["value"] == email
    assert page.find("textarea", name="message").text == "My note to you."
    assert Mentorship.objects.count() == 1
    assert mail.outbox == []


def test_invitation_with_an_invalid_address_is_shown_again(learner_client):
    response = learner_client.post(reverse("mentoring:invite"), {"invitee_email": "not-an-email"})

    assert response.status_code == 200
    assert "Enter a valid email address." in main_of(response).text
    assert not Mentorship.objects.exists()


def invite(client, email, message=""):
    return client.post(reverse("mentoring:invite"), {"invitee_email": email, "message": message})


def test_invitations_are_limited_per_day_and_the_refused_one_keeps_its_input(
    committed, learner_client, settings
):
    allowed = int(settings.ACCOUNT_RATE_LIMITS[INVITE_ACTION].split("/")[0])
    with committed():
        for number in range(allowed):
            assert invite(learner_client, f"mentor{number}@example.org").status_code == 302

        response = invite(learner_client, "one.more@example.org", "Would you mentor me?")

    assert response.status_code == 200
    page = main_of(response)
    assert INVITE_LIMIT_REACHED in page.text
    assert page.find("input", name="invitee_email").attrs["value"] == "one.more@example.org"
    assert page.find("textarea", name="message").text == "Would you mentor me?"
    assert not Mentorship.objects.filter(invitee_email="one.more@example.org").exists()
    assert len(mail.outbox) == allowed


def test_refused_invitations_do_not_count_towards_the_limit(learner_client, pending, settings):
    settings.ACCOUNT_RATE_LIMITS = {INVITE_ACTION: "1/d/user"}
    for _ in range(3):
        assert invite(learner_client, "grace@example.com").status_code == 200  # already open

    assert invite(learner_client, "someone.else@example.org").status_code == 302
    assert INVITE_LIMIT_REACHED in main_of(invite(learner_client, "third@example.org")).text


def test_one_learners_limit_does_not_stop_another(learner_client, stranger, settings):
    settings.ACCOUNT_RATE_LIMITS = {INVITE_ACTION: "1/d/user"}
    invite(learner_client, "first@example.org")
    assert INVITE_LIMIT_REACHED in main_of(invite(learner_client, "second@example.org")).text

    assert invite(client_for(stranger), "second@example.org").status_code == 302


# The invitation page and answering it


def test_invitation_link_asks_anonymous_visitors_to_log_in_without_naming_the_learner(
    client, pending
):
    response = client.get(pending.get_absolute_url())

    assert response.status_code == 200
    text = main_of(response).text
    assert "Log in" in text
    assert "Ada Learner" not in text


def test_invitation_link_with_an_unknown_token_is_not_found(client, mentor_client):
    url = reverse("mentoring:invitation", args=["no-such-token"])

    assert client.get(url).status_code == 404
    assert mentor_client.get(url).status_code == 404


def test_invitee_sees_who_invited_them_and_can_answer(mentor_client, pending):
    response = mentor_client.get(pending.get_absolute_url())

    page = main_of(response)
    assert "Ada Learner asks you to be their mentor." in page.text
    actions = {form.attrs["action"] for form in page.find_all("form")}
    assert actions == {
        reverse("mentoring:accept", args=[pending.token]),
        reverse("mentoring:decline", args=[pending.token]),
    }


def test_somebody_else_opening_the_invitation_link_is_told_it_is_not_theirs(pending, stranger):
    response = client_for(stranger).get(pending.get_absolute_url())

    assert response.status_code == 404
    assert "Invitation not found" in main_of(response).text
    assert "Ada Learner" not in main_of(response).text


def test_accepting_makes_the_learner_a_mentee_and_tells_the_learner(
    mail_at_once, committed, ladder, mentor_client, pending, learner, learner_client
):
    with committed():
        response = mentor_client.post(reverse("mentoring:accept", args=[pending.token]))

    assert messages_of(response) == ["You are now mentoring Ada Learner."]
    pending.refresh_from_db()
    assert pending.status == Status.ACCEPTED
    mentees = section(parse(mentor_client.get(reverse("mentoring:home"))), "mentees-heading")
    assert mentees.find("a", href=reverse("mentoring:mentee", args=[pending.pk])).text == (
        "Ada Learner"
    )
    assert mail.outbox[0].to == [learner.email]
    notes = section(parse(learner_client.get(reverse("mentoring:home"))), "notes-heading")
    assert "Grace Mentor accepted your invitation and is now your mentor." in notes.text


def test_declining_tells_the_learner_and_closes_the_invitation(mentor_client, pending, learner):
    response = mentor_client.post(reverse("mentoring:decline", args=[pending.token]))

    assert messages_of(response) == ["Invitation declined."]
    pending.refresh_from_db()
    assert pending.status == Status.DECLINED
    assert Notification.objects.get().user == learner


def test_the_learner_cannot_accept_their_own_invitation(learner_client, pending):
    response = learner_client.post(reverse("mentoring:accept", args=[pending.token]))

    assert messages_of(response) == [NOT_INVITEE]
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_accepting_twice_says_it_is_already_accepted(mentor_client, mentorship):
    response = mentor_client.post(reverse("mentoring:accept", args=[mentorship.token]))

    assert messages_of(response) == [WRONG_STATE.format(status="accepted")]


def test_an_expired_invitation_shows_as_expired_and_cannot_be_accepted(
    mentor_client, learner_client, pending
):
    Mentorship.objects.filter(pk=pending.pk).update(expires_at=timezone.now() - timedelta(days=1))

    page = main_of(mentor_client.get(pending.get_absolute_url()))
    assert "This invitation has expired." in page.text
    assert page.find_all("form") == []

    response = mentor_client.post(reverse("mentoring:accept", args=[pending.token]))

    assert messages_of(response) == [INVITATION_EXPIRED]
    history = section(parse(learner_client.get(reverse("mentoring:home"))), "history-heading")
    assert "You invited Grace Mentor" in history.text
    assert "Expired" in history.text
    assert mentor_client.get(reverse("mentoring:mentee", args=[pending.pk])).status_code == 404


def test_learner_cancels_a_pending_invitation(learner_client, pending, mentor):
    response = learner_client.post(reverse("mentoring:cancel", args=[pending.pk]))

    assert messages_of(response) == ["Invitation cancelled."]
    pending.refresh_from_db()
    assert pending.status == Status.CANCELLED
    assert Notification.objects.get().user == mentor


def test_the_invitee_cannot_cancel_the_learners_invitation(mentor_client, pending):
    response = mentor_client.post(reverse("mentoring:cancel", args=[pending.pk]))

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


@pytest.mark.parametrize("side", ["learner", "mentor"])
def test_either_side_ends_an_accepted_mentorship_with_a_reason(
    mail_at_once, committed, side, mentorship, learner, mentor, learner_client, mentor_client
):
    clients = {"learner": learner_client, "mentor": mentor_client}
    other = {"learner": mentor, "mentor": learner}[side]
    url = reverse("mentoring:end", args=[mentorship.pk])
    assert clients[side].get(url).status_code == 200

    with committed():
        response = clients[side].post(url, {"reason": "Time to move on."})

    assert messages_of(response) == ["Mentorship ended."]
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ENDED
    note = Notification.objects.get()
    assert note.user == other
    assert note.text.endswith("ended your mentorship. Reason: Time to move on.")
    assert mail.outbox[0].to == [other.email]


def test_a_pending_invitation_cannot_be_ended(learner_client, pending):
    response = learner_client.post(reverse("mentoring:end", args=[pending.pk]))

    assert response.status_code == 302
    assert messages_of(response) == ["Only an accepted mentorship can be ended."]
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


# What an accepted mentor sees of the mentee


@pytest.fixture
def mentee_data(ladder, learner):
    """The learner has rated two skills, added experience and two projects."""
    skills = list(Skill.objects.filter(level__order=1)[:2])
    for skill, proficiency in zip(
        skills, (Proficiency.PRACTICING, Proficiency.LEARNING), strict=True
    ):
        skill_rating_set(user=learner, skill=skill, proficiency=proficiency)
    ProfileFactory(user=learner, display_name="Ada Learner", headline="Analyst moving into ML")
    return {
        "skills": skills,
        "experience": ExperienceFactory(user=learner, organisation="Acme Analytics"),
        "done": ProjectFactory(user=learner, title="Churn model", status=ProjectStatus.DONE),
        "planned": ProjectFactory(
            user=learner, title="Fraud detector", status=ProjectStatus.PLANNED
        ),
    }


def mentee_url(mentorship):
    return reverse("mentoring:mentee", args=[mentorship.pk])


def test_accepted_mentor_sees_the_mentees_profile_level_skills_and_projects(
    mentor_client, mentorship, mentee_data
):
    response = mentor_client.get(mentee_url(mentorship))

    assert response.status_code == 200
    page = main_of(response)
    assert page.find("h1").text == "Ada Learner"
    assert "Analyst moving into ML" in page.text
    level = Level.objects.main().get(order=1)
    assert level.title in section(page, "level-heading").text
    skills = section(page, "skills-heading").text
    first, second = mentee_data["skills"]
    assert f"{first.name} Practicing" in skills
    assert f"{second.name} Learning" in skills
    projects = section(page, "projects-heading").text
    assert "Churn model Done" in projects
    assert "Fraud detector Planned" in projects
    assert "Acme Analytics" in section(page, "experience-heading").text


def test_mentee_page_is_read_only(mentor_client, mentorship, mentee_data):
    page = main_of(mentor_client.get(mentee_url(mentorship)))

    links = {link.attrs.get("href", "") for link in page.find_all("a")}
    assert not {link for link in links if link.startswith(("/profile/", "/accounts/"))}
    # The only forms are the mentor's own: feedback, the review and sign-offs.
    own = re.compile(rf"^/mentoring/{mentorship.pk}/(feedback|review|sign-off/\d+)/$")
    actions = [form.attrs["action"] for form in page.find_all("form")]
    assert actions
    assert [action for action in actions if not own.match(action)] == []


@pytest.mark.parametrize("status", [Status.PENDING, Status.DECLINED, Status.ENDED, Status.EXPIRED])
def test_a_mentor_who_is_not_accepted_gets_not_found(
    ladder, learner, mentor, mentor_client, status
):
    mentorship = MentorshipFactory(learner=learner, mentor=mentor, status=status)

    assert mentor_client.get(mentee_url(mentorship)).status_code == 404


@pytest.mark.parametrize("who", ["stranger", "learner"])
def test_nobody_but_the_mentor_sees_the_mentee_page(
    ladder, mentorship, stranger, learner_client, who
):
    client = {"stranger": client_for(stranger), "learner": learner_client}[who]

    assert client.get(mentee_url(mentorship)).status_code == 404


def test_another_learners_mentor_cannot_see_this_mentee(ladder, mentorship, stranger):
    theirs = MentorshipFactory(mentor=stranger, status=Status.ACCEPTED)

    assert client_for(stranger).get(mentee_url(theirs)).status_code == 200
    assert client_for(stranger).get(mentee_url(mentorship)).status_code == 404


def test_mentor_loses_access_as_soon_as_the_learner_ends_it(
    ladder, mentorship, learner_client, mentor_client
):
    assert mentor_client.get(mentee_url(mentorship)).status_code == 200

    learner_client.post(reverse("mentoring:end", args=[mentorship.pk]), {"reason": ""})

    assert mentor_client.get(mentee_url(mentorship)).status_code == 404
    feedback = mentor_client.post(
        reverse("mentoring:feedback", args=[mentorship.pk]), {"body": "Still here?"}
    )
    assert feedback.status_code == 404
    assert not Feedback.objects.exists()


# Feedback


def test_mentor_feedback_reaches_the_learners_dashboard_and_mentoring_page(
    mentor_client, learner_client, mentorship, mentee_data
):
    response = mentor_client.post(
        reverse("mentoring:feedback", args=[mentorship.pk]),
        {"body": "Add a baseline to the churn model.", "project": mentee_data["done"].pk},
    )

    assert response.status_code == 302
    assert messages_of(response) == ["Feedback sent."]
    dashboard = page_text(learner_client.get(reverse("profiles:dashboard")))
    assert "Grace Mentor left you feedback on “Churn model”." in dashboard
    received = section(parse(learner_client.get(reverse("mentoring:home"))), "feedback")
    assert "Add a baseline to the churn model." in received.text
    assert "Grace Mentor" in received.text
    mentor_page = section(main_of(mentor_client.get(mentee_url(mentorship))), "feedback-heading")
    assert "Add a baseline to the churn model." in mentor_page.text


def test_empty_feedback_is_shown_again_with_an_error(mentor_client, mentorship, mentee_data):
    skill = mentee_data["skills"][0]

    response = mentor_client.post(
        reverse("mentoring:feedback", args=[mentorship.pk]), {"body": "", "skill": skill.pk}
    )

    assert response.status_code == 200
    form = section(main_of(response), "feedback-heading")
    assert "This field is required." in form.text
    assert form.find("option", value=str(skill.pk)).attrs.get("selected") is not None
    assert "Your feedback could not be sent. Check the form below." in page_text(response)
    assert not Feedback.objects.exists()


def test_feedback_cannot_be_about_another_persons_project(mentor_client, mentorship, mentee_data):
    someone_elses = ProjectFactory(title="Not Ada's")

    response = mentor_client.post(
        reverse("mentoring:feedback", args=[mentorship.pk]),
        {"body": "Looks good.", "project": someone_elses.pk},
    )

    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_feedback_from_one_mentor_is_not_shown_to_another(ladder, mentorship, learner):
    other_mentor = VerifiedUserFactory()
    other = MentorshipFactory(learner=learner, mentor=other_mentor, status=Status.ACCEPTED)
    FeedbackFactory(mentorship=mentorship, body="Only between Grace and Ada.")

    page = main_of(client_for(other_mentor).get(mentee_url(other)))

    assert "Only between Grace and Ada." not in page.text


# Endorsements


def endorse_url(mentorship, skill):
    return reverse("mentoring:endorse", args=[mentorship.pk, skill.slug])


def test_mentor_endorses_a_rated_skill_and_the_learner_sees_it(
    mentor_client, learner_client, mentorship, mentee_data
):
    skill = mentee_data["skills"][0]

    response = mentor_client.post(endorse_url(mentorship, skill))

    assert messages_of(response) == [f"You endorsed {skill.name} at Practicing."]
    assert Endorsement.objects.get().proficiency == Proficiency.PRACTICING
    skills_page = page_text(learner_client.get(reverse("profiles:skills")))
    assert "Endorsed by Grace Mentor on" in skills_page
    mentor_view = section(main_of(mentor_client.get(mentee_url(mentorship))), "skills-heading")
    assert "Agreed " in mentor_view.text


def test_an_unrated_skill_cannot_be_endorsed(mentor_client, mentorship, mentee_data):
    unrated = Skill.objects.exclude(pk__in=[s.pk for s in mentee_data["skills"]]).first()

    response = mentor_client.post(endorse_url(mentorship, unrated))

    assert messages_of(response) == [NOTHING_TO_ENDORSE]
    assert not Endorsement.objects.exists()


def test_the_review_form_offers_every_rated_skill_and_no_unstarted_one(
    mentor_client, mentorship, mentee_data, learner
):
    not_started = Skill.objects.filter(level__order=2).first()
    SkillRatingFactory(user=learner, skill=not_started, proficiency=Proficiency.NOT_STARTED)

    page = section(main_of(mentor_client.get(mentee_url(mentorship))), "skills-heading")

    (form,) = page.find_all("form")
    assert form.attrs["action"] == reverse("mentoring:review", args=[mentorship.pk])
    selects = {select.attrs["name"] for select in page.find_all("select")}
    assert selects == {f"skill-{skill.pk}" for skill in mentee_data["skills"]}


def test_an_endorsement_shows_as_earlier_after_the_learner_changes_the_rating(
    mentor_client, learner_client, mentorship, mentee_data, learner
):
    skill = mentee_data["skills"][0]
    mentor_client.post(endorse_url(mentorship, skill))

    skill_rating_set(user=learner, skill=skill, proficiency=Proficiency.PROFICIENT)

    mentor_view = section(main_of(mentor_client.get(mentee_url(mentorship))), "skills-heading")
    assert "Changed since your review you rated it Practicing" in mentor_view.text
    assert "Agree: Proficient" in mentor_view.text
    skills_page = page_text(learner_client.get(reverse("profiles:skills")))
    assert "Reviewed an earlier rating by Grace Mentor on" in skills_page
    assert "Practicing when you had Practicing" in skills_page
    assert Endorsement.objects.get().proficiency == Proficiency.PRACTICING


# Sign-offs


def sign_off_url(mentorship, project):
    return reverse("mentoring:sign_off", args=[mentorship.pk, project.pk])


def test_mentor_signs_off_a_done_project_and_the_learner_is_told(
    mentor_client, mentorship, mentee_data, learner
):
    project = mentee_data["done"]

    response = mentor_client.post(sign_off_url(mentorship, project))

    assert messages_of(response) == ["You signed off “Churn model”."]
    assert SignOff.objects.get().project == project
    assert Notification.objects.get(user=learner).text == (
        "Grace Mentor signed off your project “Churn model”."
    )
    projects = section(main_of(mentor_client.get(mentee_url(mentorship))), "projects-heading")
    assert "Signed off by you" in projects.text


def test_a_project_not_done_cannot_be_signed_off(mentor_client, mentorship, mentee_data):
    project = mentee_data["planned"]

    page = section(main_of(mentor_client.get(mentee_url(mentorship))), "projects-heading")
    actions = {form.attrs["action"] for form in page.find_all("form")}
    assert actions == {sign_off_url(mentorship, mentee_data["done"])}

    response = mentor_client.post(sign_off_url(mentorship, project))

    assert messages_of(response) == [PROJECT_NOT_DONE]
    assert not SignOff.objects.exists()


def test_another_persons_project_cannot_be_signed_off(mentor_client, mentorship, ladder):
    someone_elses = ProjectFactory(status=ProjectStatus.DONE)

    response = mentor_client.post(sign_off_url(mentorship, someone_elses))

    assert response.status_code == 404
    assert not SignOff.objects.exists()


def test_learner_sees_the_sign_off_on_their_portfolio_checklist(
    ladder, learner, learner_client, mentorship
):
    template = Level.objects.main().get(order=1).project_templates.first()
    project = ProjectFactory(user=learner, template=template, status=ProjectStatus.DONE)
    SignOffFactory(mentorship=mentorship, project=project)

    page = page_text(learner_client.get(reverse("profiles:dashboard")))

    assert f"{template.title} · done as “{project.title}” Signed off by Grace Mentor" in page


# The sign-up journey of an invitee with no account yet


def test_invitation_waits_for_the_person_who_signs_up_with_the_address(client, learner, committed):
    invitation = MentorshipFactory(learner=learner, mentor=None, invitee_email="new@example.org")

    with committed():
        client.post(
            reverse("account_signup"),
            {
                "display_name": "New Mentor",
                "email": "New@Example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    [confirmation] = [m for m in mail.outbox if "confirm-email" in m.body]
    key_path = re.search(r"http://testserver(/accounts/confirm-email/\S+)", confirmation.body)
    client.post(key_path.group(1))

    invitation.refresh_from_db()
    assert invitation.mentor is not None
    assert invitation.mentor.email.lower() == "new@example.org"
    home = parse(client.get(reverse("mentoring:home")))
    received = section(home, "received-heading")
    assert "Ada Learner asks you to be their mentor" in received.text
    client.post(reverse("mentoring:accept", args=[invitation.token]))
    invitation.refresh_from_db()
    assert invitation.status == Status.ACCEPTED


def test_signed_in_user_with_another_address_cannot_take_the_invitation(learner, stranger):
    invitation = MentorshipFactory(learner=learner, mentor=None, invitee_email="new@example.org")
    client = client_for(stranger)

    response = client.post(reverse("mentoring:accept", args=[invitation.token]))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Status.PENDING


# The mentoring page


def test_mentoring_page_splits_mentors_invitations_and_history(learner, learner_client, mentor):
    MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED)
    MentorshipFactory(learner=learner, mentor=None, invitee_email="waiting@example.org")
    MentorshipFactory(
        learner=learner, mentor=None, invitee_email="no@example.org", status="declined"
    )
    MentorshipFactory(mentor=learner, learner=VerifiedUserFactory(email="bob@example.com"))

    page = parse(learner_client.get(reverse("mentoring:home")))

    mentors = section(page, "mentors-heading").text
    assert "Grace Mentor Can see your profile" in mentors
    assert "waiting@example.org Invitation pending" in mentors
    assert "no@example.org" not in mentors
    assert "bob@example.com asks you to be their mentor" in section(page, "received-heading").text
    assert "You invited no@example.org" in section(page, "history-heading").text


# The longest input the forms allow goes through whole, on every database


@pytest.fixture
def long_mentor(ladder, learner):
    """An accepted mentor with no display name and the longest address there can be, and
    a done project of the learner with the longest title."""
    mentor = VerifiedUserFactory(email=long_email(254))
    wants_mail_at_once(mentor)
    return {
        "mentor": mentor,
        "client": client_for(mentor),
        "mentorship": MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED),
        "project": ProjectFactory(user=learner, title="T" * 160, status=ProjectStatus.DONE),
    }


def test_an_invitation_to_the_longest_address_with_the_longest_note_is_sent(
    committed, learner_client
):
    address, note = long_email(254), "n" * 1000

    with committed():
        response = invite(learner_client, address, note)

    assert response.status_code == 302
    mentorship = Mentorship.objects.get()
    assert (mentorship.invitee_email, mentorship.message) == (address, note)
    [email] = mail.outbox
    assert email.to == [address]
    assert note in email.body


def test_ending_with_the_longest_reason_tells_the_other_side_whole(
    mail_at_once, committed, long_mentor, learner, learner_client
):
    reason = "r" * 1000

    with committed():
        response = long_mentor["client"].post(
            reverse("mentoring:end", args=[long_mentor["mentorship"].pk]), {"reason": reason}
        )

    assert messages_of(response) == ["Mentorship ended."]
    text = f"{long_mentor['mentor'].email} ended your mentorship. Reason: {reason}"
    notes = section(parse(learner_client.get(reverse("mentoring:home"))), "notes-heading")
    assert text in notes.text
    assert text in page_text(learner_client.get(reverse("profiles:dashboard")))
    assert text in mail.outbox[0].body


def test_the_longest_feedback_on_the_longest_title_reaches_the_learner_whole(
    long_mentor, learner_client
):
    body = "b" * 4000

    response = long_mentor["client"].post(
        reverse("mentoring:feedback", args=[long_mentor["mentorship"].pk]),
        {"body": body, "project": long_mentor["project"].pk},
    )

    assert messages_of(response) == ["Feedback sent."]
    assert Feedback.objects.get().body == body
    page = parse(learner_client.get(reverse("mentoring:home")))
    assert body in section(page, "feedback").text
    text = f"{long_mentor['mentor'].email} left you feedback on “{'T' * 160}”."
    assert text in section(page, "notes-heading").text


def test_signing_off_the_longest_title_tells_the_learner_whole(long_mentor, learner_client):
    project = long_mentor["project"]

    response = long_mentor["client"].post(sign_off_url(long_mentor["mentorship"], project))

    assert messages_of(response) == [f"You signed off “{project.title}”."]
    notes = section(parse(learner_client.get(reverse("mentoring:home"))), "notes-heading")
    assert f"{long_mentor['mentor'].email} signed off your project “{project.title}”." in (
        notes.text
    )


def test_feedback_longer_than_allowed_is_shown_again_with_the_input_kept(long_mentor):
    body = "b" * 4001

    response = long_mentor["client"].post(
        reverse("mentoring:feedback", args=[long_mentor["mentorship"].pk]), {"body": body}
    )

    assert response.status_code == 200
    form = section(main_of(response), "feedback-heading")
    assert "Ensure this value has at most 4000 characters (it has 4001)." in form.text
    assert form.find("textarea", name="body").text == body
    assert not Feedback.objects.exists()


def test_a_reason_longer_than_allowed_is_shown_again_with_the_input_kept(long_mentor):
    reason = "r" * 1001
    url = reverse("mentoring:end", args=[long_mentor["mentorship"].pk])

    response = long_mentor["client"].post(url, {"reason": reason})

    assert response.status_code == 200
    page = main_of(response)
    assert "Ensure this value has at most 1000 characters (it has 1001)." in page.text
    assert page.find("textarea", name="reason").text == reason
    assert Mentorship.objects.get().status == Status.ACCEPTED


# Notifications


def test_mark_all_read_marks_only_your_own_notifications(learner, learner_client, mentor):
    mine = NotificationFactory.create_batch(2, user=learner)
    theirs = NotificationFactory(user=mentor)

    response = learner_client.post(reverse("mentoring:notifications_read"))

    assert response.status_code == 302
    assert messages_of(response) == ["All notifications marked as read."]
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert (
        "New"
        not in section(parse(learner_client.get(reverse("mentoring:home"))), "notes-heading").text
    )


def test_marking_notifications_read_needs_a_post(learner_client, learner):
    note = NotificationFactory(user=learner)

    assert learner_client.get(reverse("mentoring:notifications_read")).status_code == 405
    note.refresh_from_db()
    assert note.read_at is None


def test_unread_notifications_are_marked_new(learner, learner_client):
    an_hour_ago = timezone.now() - timedelta(hours=1)
    NotificationFactory(
        user=learner, detail="An old one.", created_at=an_hour_ago, read_at=an_hour_ago
    )
    NotificationFactory(user=learner, detail="Grace Mentor endorsed your Python at Expert.")

    notes = section(parse(learner_client.get(reverse("mentoring:home"))), "notes-heading")

    items = [item.text for item in notes.find_all("li")]
    assert items[0].startswith("New Grace Mentor endorsed your Python at Expert.")
    assert items[1].startswith("An old one.")


# Export


def test_learners_export_includes_their_mentoring(learner, learner_client, mentorship):
    skill = SkillRatingFactory(user=learner, proficiency=3).skill
    FeedbackFactory(mentorship=mentorship, body="Great progress.", skill=skill)
    EndorsementFactory(mentorship=mentorship, skill=skill, proficiency=3)
    SignOffFactory(mentorship=mentorship, project__title="Churn model")
    NotificationFactory(user=learner, detail="Grace Mentor left you feedback.")
    MentorshipFactory(
        learner=learner, mentor=None, invitee_email="old@example.org", status=Status.DECLINED
    )

    response = learner_client.get(reverse("account_export"))

    data = json.loads(response.content)["mentoring"]
    sent = {m["invited_email"]: m["status"] for m in data["invitations_sent"]}
    assert sent == {"grace@example.com": "accepted", "old@example.org": "declined"}
    assert [(f["from"], f["body"], f["skill"]) for f in data["feedback_received"]] == [
        ("grace@example.com", "Great progress.", skill.name)
    ]
    assert [(e["skill"], e["proficiency"]) for e in data["endorsements_received"]] == [
        (skill.name, 3)
    ]
    assert [s["project"] for s in data["project_sign_offs_received"]] == ["Churn model"]
    assert [n["text"] for n in data["notifications"]] == ["Grace Mentor left you feedback."]
    assert data["mentoring_others"] == []


def test_mentors_export_lists_their_mentoring_and_feedback_given(mentor, mentorship):
    FeedbackFactory(mentorship=mentorship, body="Keep going.")

    response = client_for(mentor).get(reverse("account_export"))

    data = json.loads(response.content)["mentoring"]
    assert [m["status"] for m in data["mentoring_others"]] == ["accepted"]
    assert [f["body"] for f in data["feedback_given"]] == ["Keep going."]
    assert data["invitations_sent"] == []
    assert data["feedback_received"] == []


def test_export_keeps_only_the_end_reason_you_wrote(learner, mentor, learner_client):
    MentorshipFactory(
        learner=learner,
        mentor=mentor,
        status=Status.ENDED,
        ended_by=mentor,
        end_reason="Grace's private reason.",
    )
    MentorshipFactory(
        learner=learner, status=Status.ENDED, ended_by=learner, end_reason="My own reason."
    )

    data = json.loads(learner_client.get(reverse("account_export")).content)

    reasons = sorted(m["end_reason"] for m in data["mentoring"]["invitations_sent"])
    assert reasons == ["", "My own reason."]
