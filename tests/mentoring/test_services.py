"""The mentoring rules a learner or a mentor runs into: invitations, the relationship's
state machine, feedback, endorsements, sign-offs and invitations that wait for sign-up."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ladder.models import Proficiency
from mentoring import services
from mentoring.models import (
    INVITATION_DAYS,
    Endorsement,
    Feedback,
    Mentorship,
    Notification,
    SignOff,
    Status,
)
from mentoring.services import (
    ALREADY_OPEN,
    INVITATION_EXPIRED,
    NO_ACCESS,
    NOT_INVITEE,
    NOT_LEARNER,
    NOT_PARTY,
    NOT_THEIR_PROJECT,
    NOTHING_TO_ENDORSE,
    PROJECT_NOT_DONE,
    SELF_INVITE,
    WRONG_STATE,
    MentoringError,
)
from profiles.models import ProjectStatus
from profiles.services import skill_rating_set
from tests.ladder.factories import SkillFactory
from tests.mentoring.factories import MentorshipFactory
from tests.mentoring.support import long_email, wants_mail_at_once
from tests.profiles.factories import (
    EmailAddressFactory,
    ProjectFactory,
    SkillRatingFactory,
    VerifiedUserFactory,
)

pytestmark = pytest.mark.django_db

BASE_URL = "https://careerpath.example/"


def refused(message):
    """Expect a MentoringError carrying exactly this message."""
    return pytest.raises(MentoringError, match=f"^{re.escape(message)}$")


# Invitations


def test_invitation_is_pending_and_expires_after_fourteen_days(learner):
    before = timezone.now()

    mentorship = services.invitation_create(learner=learner, email="new.mentor@example.org")

    assert mentorship.status == Status.PENDING
    assert mentorship.mentor is None
    expected = before + timedelta(days=INVITATION_DAYS)
    assert expected <= mentorship.expires_at <= expected + timedelta(minutes=1)


def test_invitation_email_carries_the_link_and_the_personal_note(committed, learner):
    with committed():
        mentorship = services.invitation_create(
            learner=learner,
            email="new.mentor@example.org",
            message="You reviewed my first model.",
            base_url=BASE_URL,
        )

    [email] = mail.outbox
    assert email.to == ["new.mentor@example.org"]
    assert "Ada Learner" in email.subject
    assert f"https://careerpath.example/mentoring/invitations/{mentorship.token}/" in email.body
    assert "You reviewed my first model." in email.body


def test_a_name_with_a_line_break_still_sends_the_invitation_on_one_subject_line(
    committed, learner
):
    learner.profile.display_name = "Ada\nBcc: victim@example.org"
    learner.profile.save()

    with committed():
        services.invitation_create(learner=learner, email="new.mentor@example.org")

    [email] = mail.outbox
    assert email.subject == "[careerpath] Ada Bcc: victim@example.org asks you to be their mentor"
    assert email.message()["Bcc"] is None


def test_invitee_without_an_account_is_told_to_sign_up_with_the_invited_address(committed, learner):
    with committed():
        services.invitation_create(learner=learner, email="new.mentor@example.org")

    assert "sign up with this email address (new.mentor@example.org)" in mail.outbox[0].body


def test_invitee_with_an_account_is_attached_and_notified_in_the_app(committed, learner, mentor):
    with committed():
        mentorship = services.invitation_create(learner=learner, email="Grace@Example.com")

    assert mentorship.mentor == mentor
    assert mentorship.invitee_email == "grace@example.com"
    assert "sign up" not in mail.outbox[0].body
    [note] = Notification.objects.filter(user=mentor)
    assert note.text == "Ada Learner invited you to be their mentor."
    assert note.url == mentorship.get_absolute_url()


def test_invitations_get_distinct_unguessable_tokens(learner):
    first = services.invitation_create(learner=learner, email="one@example.org")
    second = services.invitation_create(learner=learner, email="two@example.org")

    assert first.token != second.token
    assert len(first.token) >= 40


@pytest.mark.parametrize(
    "email",
    ["ada@example.com", " ADA@example.com ", "ada.work@example.org"],
    ids=["own address", "own address in capitals", "own second address"],
)
def test_inviting_yourself_is_refused(committed, learner, email):
    EmailAddressFactory(user=learner, email="ada.work@example.org", primary=False)

    with committed(), refused(SELF_INVITE):
        services.invitation_create(learner=learner, email=email)

    assert not Mentorship.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("status", [Status.PENDING, Status.ACCEPTED])
@pytest.mark.parametrize("email", ["grace@example.com", "GRACE@example.COM"])
def test_inviting_the_same_address_twice_while_open_is_refused(
    committed, learner, mentor, status, email
):
    MentorshipFactory(learner=learner, mentor=mentor, status=status)

    with committed(), refused(ALREADY_OPEN.format(email="grace@example.com")):
        services.invitation_create(learner=learner, email=email)

    assert Mentorship.objects.count() == 1
    assert mail.outbox == []


def test_inviting_another_address_of_your_mentor_is_refused(learner, mentor, mentorship):
    EmailAddressFactory(user=mentor, email="grace.home@example.org", primary=False)

    with refused(ALREADY_OPEN.format(email="grace.home@example.org")):
        services.invitation_create(learner=learner, email="grace.home@example.org")


def test_another_learner_may_invite_the_same_mentor(learner, mentor, mentorship):
    other_learner = VerifiedUserFactory()

    invitation = services.invitation_create(learner=other_learner, email=mentor.email)

    assert invitation.mentor == mentor


@pytest.mark.parametrize(
    "status", [Status.DECLINED, Status.CANCELLED, Status.ENDED, Status.EXPIRED]
)
def test_a_mentor_can_be_invited_again_once_the_last_invitation_is_over(learner, mentor, status):
    MentorshipFactory(learner=learner, mentor=mentor, status=status)

    again = services.invitation_create(learner=learner, email=mentor.email)

    assert again.status == Status.PENDING


def test_an_invitation_past_its_expiry_does_not_block_a_new_one(learner):
    old = MentorshipFactory(
        learner=learner,
        mentor=None,
        invitee_email="slow@example.org",
        expires_at=timezone.now() - timedelta(minutes=1),
    )

    services.invitation_create(learner=learner, email="slow@example.org")

    old.refresh_from_db()
    assert old.status == Status.EXPIRED


# The state machine: who may move a mentorship from which status, and where to.

ACTORS = ("learner", "invitee", "stranger")
# (action, status it starts from, actor) -> status it ends in. Anything not listed with the
# right actor is refused with WRONG_STATE.
ALLOWED = {
    ("accept", Status.PENDING, "invitee"): Status.ACCEPTED,
    ("decline", Status.PENDING, "invitee"): Status.DECLINED,
    ("cancel", Status.PENDING, "learner"): Status.CANCELLED,
    ("end", Status.ACCEPTED, "learner"): Status.ENDED,
    ("end", Status.ACCEPTED, "invitee"): Status.ENDED,
}
# Who may try each action at all; everyone else is refused with the action's own message.
MAY_TRY = {
    "accept": ({"invitee"}, NOT_INVITEE),
    "decline": ({"invitee"}, NOT_INVITEE),
    "cancel": ({"learner"}, NOT_LEARNER),
    "end": ({"learner", "invitee"}, NOT_PARTY),
}
STATE_CASES = [
    (action, status, actor)
    for action, (actors, _) in MAY_TRY.items()
    for status in Status
    for actor in sorted(actors)
]
ROLE_CASES = [
    (action, actor, error)
    for action, (actors, error) in MAY_TRY.items()
    for actor in ACTORS
    if actor not in actors
]


@pytest.fixture
def people(learner, mentor, stranger):
    return {"learner": learner, "invitee": mentor, "stranger": stranger}


@pytest.mark.parametrize(("action", "status", "actor"), STATE_CASES)
def test_transition_table(people, action, status, actor):
    mentorship = MentorshipFactory(
        learner=people["learner"], mentor=people["invitee"], status=status
    )
    target = ALLOWED.get((action, status, actor))

    if target is None:
        with refused(WRONG_STATE.format(status=status.label.lower())):
            services.mentorship_transition(mentorship=mentorship, action=action, user=people[actor])
        mentorship.refresh_from_db()
        assert mentorship.status == status
    else:
        services.mentorship_transition(mentorship=mentorship, action=action, user=people[actor])
        mentorship.refresh_from_db()
        assert mentorship.status == target


@pytest.mark.parametrize("status", [Status.PENDING, Status.ACCEPTED])
@pytest.mark.parametrize(("action", "actor", "error"), ROLE_CASES)
def test_only_the_right_person_may_act(people, status, action, actor, error):
    mentorship = MentorshipFactory(
        learner=people["learner"], mentor=people["invitee"], status=status
    )

    with refused(error):
        services.mentorship_transition(mentorship=mentorship, action=action, user=people[actor])

    mentorship.refresh_from_db()
    assert mentorship.status == status
    assert not Notification.objects.exists()


def test_invitee_without_account_at_invitation_accepts_with_a_confirmed_address(learner):
    mentorship = MentorshipFactory(learner=learner, mentor=None, invitee_email="New@Example.org")
    newcomer = VerifiedUserFactory(email="new@example.org")

    services.mentorship_transition(mentorship=mentorship, action="accept", user=newcomer)

    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACCEPTED
    assert mentorship.mentor == newcomer
    assert mentorship.responded_at is not None


def test_an_unconfirmed_address_does_not_make_you_the_invitee(learner):
    mentorship = MentorshipFactory(learner=learner, mentor=None, invitee_email="new@example.org")
    claimant = VerifiedUserFactory()
    EmailAddressFactory(user=claimant, email="new@example.org", verified=False, primary=False)

    with refused(NOT_INVITEE):
        services.mentorship_transition(mentorship=mentorship, action="accept", user=claimant)

    mentorship.refresh_from_db()
    assert mentorship.mentor is None


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_an_expired_invitation_cannot_be_answered_and_is_recorded_as_expired(
    pending, mentor, action
):
    Mentorship.objects.filter(pk=pending.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    with refused(INVITATION_EXPIRED):
        services.mentorship_transition(mentorship=pending, action=action, user=mentor)

    pending.refresh_from_db()
    assert pending.status == Status.EXPIRED


def test_expiry_marks_only_pending_invitations_past_their_date(learner):
    past = timezone.now() - timedelta(seconds=1)
    overdue = MentorshipFactory(learner=learner, expires_at=past)
    fresh = MentorshipFactory(learner=learner)
    accepted_long_ago = MentorshipFactory(learner=learner, status=Status.ACCEPTED, expires_at=past)

    assert services.mentorships_expire() == 1

    statuses = dict(Mentorship.objects.values_list("pk", "status"))
    assert statuses == {
        overdue.pk: Status.EXPIRED,
        fresh.pk: Status.PENDING,
        accepted_long_ago.pk: Status.ACCEPTED,
    }


def test_expired_invitation_cannot_be_accepted_once_expiry_has_run(pending, mentor):
    services.mentorships_expire(now=pending.expires_at)

    with refused(WRONG_STATE.format(status="expired")):
        services.mentorship_transition(mentorship=pending, action="accept", user=mentor)


def test_ending_records_who_ended_it_when_and_why(mentorship, learner):
    services.mentorship_transition(
        mentorship=mentorship, action="end", user=learner, reason="I changed teams."
    )

    mentorship.refresh_from_db()
    assert mentorship.ended_by == learner
    assert mentorship.ended_at is not None
    assert mentorship.end_reason == "I changed teams."


# Each transition tells the other side, in the app and by email.

NOTIFIED = [
    # action, status it starts from, who acts, who is told, what they read
    ("accept", Status.PENDING, "mentor", "learner", "Grace Mentor accepted your invitation"),
    ("decline", Status.PENDING, "mentor", "learner", "Grace Mentor declined your invitation"),
    ("cancel", Status.PENDING, "learner", "mentor", "Ada Learner cancelled their invitation"),
    ("end", Status.ACCEPTED, "learner", "mentor", "Ada Learner ended your mentorship."),
    ("end", Status.ACCEPTED, "mentor", "learner", "Grace Mentor ended your mentorship."),
]


@pytest.mark.parametrize(("action", "status", "actor", "told", "text"), NOTIFIED)
def test_each_transition_notifies_the_other_side(
    mail_at_once, committed, learner, mentor, action, status, actor, told, text
):
    people = {"learner": learner, "mentor": mentor}
    mentorship = MentorshipFactory(learner=learner, mentor=mentor, status=status)

    with committed():
        services.mentorship_transition(
            mentorship=mentorship, action=action, user=people[actor], base_url=BASE_URL
        )

    [note] = Notification.objects.all()
    assert note.user == people[told]
    assert note.text.startswith(text)
    [email] = mail.outbox
    assert email.to == [people[told].email]
    assert email.subject == f"[careerpath] Mentorship {Mentorship.objects.get().status}"
    assert text in email.body
    assert "https://careerpath.example/mentoring/" in email.body


def test_end_reason_is_passed_on_to_the_other_side(mentorship, mentor, learner):
    services.mentorship_transition(
        mentorship=mentorship, action="end", user=mentor, reason="I am moving abroad."
    )

    note = Notification.objects.get(user=learner)
    assert note.text == "Grace Mentor ended your mentorship. Reason: I am moving abroad."


def test_the_longest_end_reason_reaches_the_other_side_whole(
    mail_at_once, committed, mentorship, mentor, learner
):
    reason = "I am moving abroad. " * 50  # the form allows 1000 characters

    with committed():
        services.mentorship_transition(
            mentorship=mentorship, action="end", user=mentor, reason=reason, base_url=BASE_URL
        )

    note = Notification.objects.get(user=learner)
    note.full_clean()  # every stored part fits its column
    assert note.text == f"Grace Mentor ended your mentorship. Reason: {reason}"
    assert note.text in mail.outbox[0].body


def test_cancelling_an_invitation_to_an_address_without_account_tells_nobody(committed, learner):
    mentorship = MentorshipFactory(learner=learner, mentor=None)

    with committed():
        services.mentorship_transition(mentorship=mentorship, action="cancel", user=learner)

    assert not Notification.objects.exists()
    assert mail.outbox == []


# Feedback, endorsements and sign-offs: only the accepted mentor, only about the mentee.


@pytest.fixture
def mentors_by_role(learner, mentor, stranger):
    def make(role):
        if role == "stranger":
            return MentorshipFactory(learner=learner, status=Status.ACCEPTED), stranger
        if role == "learner":
            return MentorshipFactory(
                learner=learner, mentor=mentor, status=Status.ACCEPTED
            ), learner
        status = {"pending": Status.PENDING, "ended": Status.ENDED, "declined": Status.DECLINED}
        return MentorshipFactory(learner=learner, mentor=mentor, status=status[role]), mentor

    return make


NOT_MENTORS = ["pending", "ended", "declined", "stranger", "learner"]


@pytest.mark.parametrize("role", NOT_MENTORS)
def test_only_the_accepted_mentor_may_leave_feedback(mentors_by_role, role):
    mentorship, user = mentors_by_role(role)

    with refused(NO_ACCESS):
        services.feedback_add(mentorship=mentorship, mentor=user, body="Nice work.")

    assert not mentorship.feedback.exists()


@pytest.mark.parametrize("role", NOT_MENTORS)
def test_only_the_accepted_mentor_may_endorse(mentors_by_role, learner, role):
    mentorship, user = mentors_by_role(role)
    rating = SkillRatingFactory(user=learner, proficiency=Proficiency.PRACTICING)

    with refused(NO_ACCESS):
        services.endorsement_give(mentorship=mentorship, mentor=user, skill=rating.skill)

    assert not Endorsement.objects.exists()


@pytest.mark.parametrize("role", NOT_MENTORS)
def test_only_the_accepted_mentor_may_sign_off(mentors_by_role, learner, role):
    mentorship, user = mentors_by_role(role)
    project = ProjectFactory(user=learner, status=ProjectStatus.DONE)

    with refused(NO_ACCESS):
        services.project_sign_off(mentorship=mentorship, mentor=user, project=project)

    assert not SignOff.objects.exists()


def test_feedback_reaches_the_learner_in_the_app_and_by_email(
    mail_at_once, committed, mentorship, mentor, learner
):
    skill = SkillFactory(name="Feature engineering")

    with committed():
        feedback = services.feedback_add(
            mentorship=mentorship, mentor=mentor, body="Try target encoding.", skill=skill
        )

    assert feedback.body == "Try target encoding."
    note = Notification.objects.get(user=learner)
    assert note.text == "Grace Mentor left you feedback on Feature engineering."
    assert mail.outbox[0].to == [learner.email]


def test_the_same_feedback_sent_again_soon_is_kept_and_told_once(
    mail_at_once, committed, mentorship, mentor, learner
):
    with committed():
        first = services.feedback_add(mentorship=mentorship, mentor=mentor, body="Add tests.")
        again = services.feedback_add(mentorship=mentorship, mentor=mentor, body="Add tests.")
        other = services.feedback_add(mentorship=mentorship, mentor=mentor, body="Add docs.")

    assert again == first
    assert other != first
    assert Notification.objects.filter(user=learner).count() == 2
    assert len(mail.outbox) == 2


def test_the_same_feedback_sent_again_later_is_new_feedback(mentorship, mentor, learner):
    first = services.feedback_add(mentorship=mentorship, mentor=mentor, body="Add tests.")
    first.created_at -= services.REPEAT_WINDOW
    first.save()

    later = services.feedback_add(mentorship=mentorship, mentor=mentor, body="Add tests.")

    assert later != first
    assert Notification.objects.filter(user=learner).count() == 2


@pytest.fixture
def mentor_with_a_long_address(learner):
    """An accepted mentor with no display name and the longest address there can be."""
    mentor = VerifiedUserFactory(email=long_email(254))
    wants_mail_at_once(mentor)
    return MentorshipFactory(learner=learner, mentor=mentor, status=Status.ACCEPTED), mentor


def test_feedback_from_a_long_address_about_a_long_title_reaches_the_learner_whole(
    mail_at_once, committed, mentor_with_a_long_address, learner
):
    mentorship, mentor = mentor_with_a_long_address
    project = ProjectFactory(user=learner, title="T" * 160, status=ProjectStatus.DONE)
    body = "b" * 4000

    with committed():
        feedback = services.feedback_add(
            mentorship=mentorship, mentor=mentor, body=body, project=project, base_url=BASE_URL
        )

    assert Feedback.objects.get() == feedback
    assert feedback.body == body
    note = Notification.objects.get(user=learner)
    note.full_clean()
    assert note.text == f"{mentor.email} left you feedback on “{project.title}”."
    assert note.text in mail.outbox[0].body


def test_sign_off_by_a_long_address_of_a_long_title_reaches_the_learner_whole(
    mentor_with_a_long_address, learner
):
    mentorship, mentor = mentor_with_a_long_address
    project = ProjectFactory(user=learner, title="T" * 160, status=ProjectStatus.DONE)

    services.project_sign_off(mentorship=mentorship, mentor=mentor, project=project)

    assert SignOff.objects.get().project == project
    note = Notification.objects.get(user=learner)
    note.full_clean()
    assert note.text == f"{mentor.email} signed off your project “{project.title}”."


def test_endorsement_by_a_long_address_of_a_long_skill_name_reaches_the_learner_whole(
    mentor_with_a_long_address, learner
):
    mentorship, mentor = mentor_with_a_long_address
    skill = SkillFactory(name="S" * 120)
    SkillRatingFactory(user=learner, skill=skill, proficiency=Proficiency.EXPERT)

    services.endorsement_give(mentorship=mentorship, mentor=mentor, skill=skill)

    note = Notification.objects.get(user=learner)
    note.full_clean()
    assert note.text == f"{mentor.email} endorsed your {skill.name} at Expert."


def test_an_invitation_from_a_long_address_reaches_the_mentor_whole(mentor):
    learner = VerifiedUserFactory(email=long_email(254))

    services.invitation_create(learner=learner, email=mentor.email, message="m" * 1000)

    note = Notification.objects.get(user=mentor)
    note.full_clean()
    assert note.text == f"{learner.email} invited you to be their mentor."


def test_feedback_about_someone_elses_project_is_refused(mentorship, mentor):
    project = ProjectFactory()

    with refused(NOT_THEIR_PROJECT):
        services.feedback_add(mentorship=mentorship, mentor=mentor, body="Hm.", project=project)


def test_endorsement_records_the_rating_at_the_time(mentorship, mentor, learner):
    rating = SkillRatingFactory(user=learner, proficiency=Proficiency.PROFICIENT)

    endorsement = services.endorsement_give(
        mentorship=mentorship, mentor=mentor, skill=rating.skill
    )

    assert endorsement.proficiency == Proficiency.PROFICIENT
    note = Notification.objects.get(user=learner)
    assert note.text == f"Grace Mentor endorsed your {rating.skill.name} at Proficient."


def test_endorsing_again_replaces_the_earlier_endorsement(mentorship, mentor, learner):
    rating = SkillRatingFactory(user=learner, proficiency=Proficiency.LEARNING)
    services.endorsement_give(mentorship=mentorship, mentor=mentor, skill=rating.skill)
    skill_rating_set(user=learner, skill=rating.skill, proficiency=Proficiency.EXPERT)

    services.endorsement_give(mentorship=mentorship, mentor=mentor, skill=rating.skill)

    assert list(Endorsement.objects.values_list("proficiency", flat=True)) == [Proficiency.EXPERT]


def test_endorsing_the_same_rating_again_keeps_one_endorsement_and_tells_once(
    mail_at_once, committed, mentorship, mentor, learner
):
    rating = SkillRatingFactory(user=learner, proficiency=Proficiency.PRACTICING)

    with committed():
        first = services.endorsement_give(mentorship=mentorship, mentor=mentor, skill=rating.skill)
        second = services.endorsement_give(mentorship=mentorship, mentor=mentor, skill=rating.skill)

    assert first == second
    assert Notification.objects.filter(user=learner).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("rated", [False, True], ids=["never rated", "rated not started"])
def test_a_skill_not_started_has_nothing_to_endorse(mentorship, mentor, learner, rated):
    skill = SkillFactory()
    if rated:
        SkillRatingFactory(user=learner, skill=skill, proficiency=Proficiency.NOT_STARTED)

    with refused(NOTHING_TO_ENDORSE):
        services.endorsement_give(mentorship=mentorship, mentor=mentor, skill=skill)

    assert not Endorsement.objects.exists()


def test_endorsement_is_of_the_mentees_rating_not_someone_elses(mentorship, mentor):
    rating_of_someone_else = SkillRatingFactory(proficiency=Proficiency.EXPERT)

    with refused(NOTHING_TO_ENDORSE):
        services.endorsement_give(
            mentorship=mentorship, mentor=mentor, skill=rating_of_someone_else.skill
        )


@pytest.mark.parametrize("status", [ProjectStatus.PLANNED, ProjectStatus.IN_PROGRESS])
def test_only_done_projects_can_be_signed_off(mentorship, mentor, learner, status):
    project = ProjectFactory(user=learner, status=status)

    with refused(PROJECT_NOT_DONE):
        services.project_sign_off(mentorship=mentorship, mentor=mentor, project=project)

    assert not SignOff.objects.exists()


def test_only_the_mentees_projects_can_be_signed_off(mentorship, mentor):
    project = ProjectFactory(status=ProjectStatus.DONE)

    with refused(NOT_THEIR_PROJECT):
        services.project_sign_off(mentorship=mentorship, mentor=mentor, project=project)

    assert not SignOff.objects.exists()


def test_signing_off_twice_keeps_one_sign_off_and_one_notification(
    mail_at_once, committed, mentorship, mentor, learner
):
    project = ProjectFactory(user=learner, title="Churn model", status=ProjectStatus.DONE)

    with committed():
        first = services.project_sign_off(mentorship=mentorship, mentor=mentor, project=project)
        second = services.project_sign_off(mentorship=mentorship, mentor=mentor, project=project)

    assert first == second
    [note] = Notification.objects.filter(user=learner)
    assert note.text == "Grace Mentor signed off your project “Churn model”."
    assert len(mail.outbox) == 1


# An invitation to an address with no account waits for the person who confirms it.


def test_invitation_is_attached_to_the_user_who_confirms_the_address(learner):
    mentorship = MentorshipFactory(learner=learner, mentor=None, invitee_email="New@Example.org")
    newcomer = VerifiedUserFactory(email="new@example.org")

    services.invitations_attach_on_email_confirmed(email_address=newcomer.emailaddress_set.get())

    mentorship.refresh_from_db()
    assert mentorship.mentor == newcomer
    [note] = Notification.objects.filter(user=newcomer)
    assert note.text == "Ada Learner invited you to be their mentor."


@pytest.mark.parametrize("status", [Status.CANCELLED, Status.EXPIRED, Status.DECLINED])
def test_invitations_no_longer_pending_are_not_attached(learner, status):
    mentorship = MentorshipFactory(
        learner=learner, mentor=None, invitee_email="new@example.org", status=status
    )
    newcomer = VerifiedUserFactory(email="new@example.org")

    services.invitations_attach_on_email_confirmed(email_address=newcomer.emailaddress_set.get())

    mentorship.refresh_from_db()
    assert mentorship.mentor is None
    assert not Notification.objects.exists()
