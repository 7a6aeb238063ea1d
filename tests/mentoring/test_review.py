"""A mentor's review of a mentee in a few clicks, what needs their attention, the threads
of feedback, and what the learner and the public see of it (issue 17)."""

import pytest
from django.core import mail
from django.urls import reverse

from careerpath.outbox.models import Mail
from ladder.models import Proficiency, Skill
from mentoring.models import (
    Endorsement,
    FeedbackReply,
    Notification,
    NotificationKind,
    Status,
)
from mentoring.services import NOTHING_REVIEWED, RATING_MOVED
from mentoring.views import REVIEW_SAVED
from profiles.models import ProjectStatus, Visibility
from profiles.services import (
    RatingInput,
    project_create,
    skill_rating_set,
    skill_ratings_save,
    user_delete,
)
from tests.ladder.pages import page_text
from tests.mentoring.factories import FeedbackFactory, MentorshipFactory, SignOffFactory
from tests.mentoring.support import client_for, messages_of, wants_mail_at_once
from tests.profiles.factories import ProjectFactory, SkillRatingFactory, VerifiedUserFactory
from tests.profiles.html import parse, section

pytestmark = pytest.mark.django_db


def main_of(response):
    return parse(response).find("main")


def mentee_url(mentorship):
    return reverse("mentoring:mentee", args=[mentorship.pk])


def review_url(mentorship):
    return reverse("mentoring:review", args=[mentorship.pk])


@pytest.fixture
def rated(ladder, learner):
    """Five skills the learner rated Practicing."""
    skills = list(Skill.objects.active()[:5])
    for skill in skills:
        SkillRatingFactory(user=learner, skill=skill, proficiency=Proficiency.PRACTICING)
    return skills


def review_data(skills, *, agree=(), differ=None, comment=""):
    """The form as a mentor fills it: agree with `agree`, say `differ` = (skill, level)."""
    data = {}
    for skill in skills:
        data[f"seen-{skill.pk}"] = Proficiency.PRACTICING
        data[f"skill-{skill.pk}"] = "agree" if skill in agree else ""
        data[f"comment-{skill.pk}"] = ""
    if differ:
        skill, level = differ
        data[f"skill-{skill.pk}"] = str(level)
        data[f"comment-{skill.pk}"] = comment
    return data


def test_a_mentor_reviews_five_skills_at_once_and_the_learner_is_told_once(
    mail_at_once, mentor_client, mentorship, rated, learner
):
    data = review_data(
        rated,
        agree=rated[:4],
        differ=(rated[4], Proficiency.LEARNING),
        comment="Only seen it with help so far.",
    )

    response = mentor_client.post(review_url(mentorship), data)

    assert response.status_code == 302
    assert messages_of(response) == [REVIEW_SAVED.format(count=5, s="s")]
    reviews = {e.skill_id: e for e in Endorsement.objects.filter(mentorship=mentorship)}
    assert len(reviews) == 5
    assert all(reviews[s.pk].agrees for s in rated[:4])
    disagreement = reviews[rated[4].pk]
    assert (disagreement.proficiency, disagreement.rated_proficiency) == (
        Proficiency.LEARNING,
        Proficiency.PRACTICING,
    )
    assert disagreement.comment == "Only seen it with help so far."
    (note,) = Notification.objects.filter(user=learner)
    assert note.kind == NotificationKind.REVIEWED
    assert "rates" in note.text and rated[4].name in note.text
    assert Mail.objects.filter(recipient=learner).count() == 1


def test_the_learner_sees_the_mentors_different_rating_next_to_their_own(
    mentor_client, learner_client, mentorship, rated
):
    mentor_client.post(
        review_url(mentorship),
        review_data(rated, agree=rated[:4], differ=(rated[4], 1), comment="More practice"),
    )

    text = page_text(learner_client.get(reverse("profiles:skills")))

    assert "Grace Mentor would say Learning, not Practicing" in text
    assert "“More practice”" in text
    assert text.count("Endorsed by Grace Mentor") == 4


def test_submitting_the_same_review_twice_keeps_one_review_per_skill_and_tells_once(
    mentor_client, mentorship, rated, learner
):
    data = review_data(rated, agree=rated)
    mentor_client.post(review_url(mentorship), data)
    mentor_client.post(review_url(mentorship), data)

    assert Endorsement.objects.filter(mentorship=mentorship).count() == 5
    assert Notification.objects.filter(user=learner).count() == 1


def test_a_review_of_a_rating_changed_meanwhile_is_not_saved_and_says_so(
    mentor_client, mentorship, rated, learner
):
    data = review_data(rated[:1], agree=rated[:1])
    skill_rating_set(user=learner, skill=rated[0], proficiency=Proficiency.EXPERT)

    response = mentor_client.post(review_url(mentorship), data)

    assert not Endorsement.objects.exists()
    assert messages_of(response) == [RATING_MOVED.format(name="Ada Learner", skill=rated[0].name)]


def test_a_review_with_no_choice_saves_nothing_and_says_what_to_do(
    mentor_client, mentorship, rated
):
    response = mentor_client.post(review_url(mentorship), review_data(rated))

    assert messages_of(response) == [NOTHING_REVIEWED]
    assert not Endorsement.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "learner"])
def test_nobody_but_the_mentor_can_review(ladder, mentorship, rated, stranger, learner_client, who):
    client = {"stranger": client_for(stranger), "learner": learner_client}[who]

    response = client.post(review_url(mentorship), review_data(rated, agree=rated))

    assert response.status_code == 404
    assert not Endorsement.objects.exists()


# Needs your attention


def attention_text(client):
    page = main_of(client.get(reverse("mentoring:home")))
    found = page.find_all("section", **{"aria-labelledby": "attention-heading"})
    return found[0].text if found else ""


def waiting_text(client):
    found = main_of(client.get(reverse("mentoring:home"))).find_all(id="waiting")
    return found[0].text if found else ""


def test_ratings_to_review_and_projects_to_sign_off_wait_until_the_mentor_acts(
    mentor_client, learner_client, mentorship, rated, learner
):
    project = ProjectFactory(user=learner, status=ProjectStatus.DONE, title="Churn model")

    assert "5 ratings to review" in attention_text(mentor_client)
    assert "“Churn model” waits for your sign-off" in attention_text(mentor_client)
    assert "5 ratings to review" in waiting_text(learner_client)

    mentor_client.post(review_url(mentorship), review_data(rated, agree=rated[:3]))
    assert "2 ratings to review" in attention_text(mentor_client)
    mentor_client.post(review_url(mentorship), review_data(rated, agree=rated[3:]))
    mentor_client.post(reverse("mentoring:sign_off", args=[mentorship.pk, project.pk]))

    assert "Nothing waits for you" in attention_text(mentor_client)
    assert waiting_text(learner_client) == ""


def test_a_rating_changed_after_the_review_needs_attention_again(
    mentor_client, mentorship, rated, learner
):
    mentor_client.post(review_url(mentorship), review_data(rated, agree=rated))

    skill_rating_set(user=learner, skill=rated[2], proficiency=Proficiency.PROFICIENT)

    assert "1 rating to review" in attention_text(mentor_client)
    assert rated[2].name in attention_text(mentor_client)


def test_another_mentors_sign_off_does_not_clear_this_mentors_item(
    mentor_client, mentorship, learner, ladder
):
    project = ProjectFactory(user=learner, status=ProjectStatus.DONE, title="Churn model")
    other = MentorshipFactory(learner=learner, status=Status.ACCEPTED)
    SignOffFactory(mentorship=other, project=project)

    assert "“Churn model” waits for your sign-off" in attention_text(mentor_client)


def test_a_mentor_sees_their_mentees_before_their_own_mentors(mentor_client, mentorship, ladder):
    page = main_of(mentor_client.get(reverse("mentoring:home")))
    headings = [h.attrs.get("id") for h in page.find_all("h2")]

    assert headings.index("mentees-heading") < headings.index("mentors-heading")


def test_a_learner_without_mentees_sees_their_mentors_first(learner_client, mentorship, ladder):
    page = main_of(learner_client.get(reverse("mentoring:home")))
    headings = [h.attrs.get("id") for h in page.find_all("h2")]

    assert headings.index("mentors-heading") < headings.index("mentees-heading")


def test_the_mentee_chart_names_the_mentee_not_you(mentor_client, mentorship, rated):
    page = main_of(mentor_client.get(mentee_url(mentorship)))

    assert "Your " not in section(page, "progress-heading").text
    assert "Ada Learner’s progress line" in section(page, "progress-heading").text


# Mentors are told


def test_a_save_of_my_skills_tells_each_mentor_once_however_many_skills_moved(
    mail_at_once, mentorship, rated, learner, mentor
):
    second = MentorshipFactory(learner=learner, status=Status.ACCEPTED)
    wants_mail_at_once(second.mentor)
    mail.outbox.clear()

    skill_ratings_save(
        user=learner,
        ratings=[RatingInput(skill, Proficiency.PROFICIENT) for skill in rated],
    )

    for who in (mentor, second.mentor):
        (note,) = Notification.objects.filter(user=who)
        assert note.kind == NotificationKind.MENTEE_RATINGS_CHANGED
        assert "and 2 more" in note.text
        assert Mail.objects.filter(recipient=who).count() == 1


def test_a_save_that_changes_no_rating_tells_nobody(mentorship, rated, learner, mentor):
    skill_ratings_save(
        user=learner, ratings=[RatingInput(skill, Proficiency.PRACTICING) for skill in rated]
    )

    assert not Notification.objects.filter(user=mentor).exists()


def test_finishing_a_project_tells_the_mentor(mentorship, learner, mentor, ladder):
    project_create(
        user=learner,
        title="Churn model",
        description="",
        link="",
        status=ProjectStatus.DONE,
        template=None,
        skills=[],
    )

    (note,) = Notification.objects.filter(user=mentor)
    assert (
        note.text
        == "Ada Learner finished the project “Churn model”: it is waiting for your sign-off."
    )
    assert Mail.objects.filter(recipient=mentor).count() == 1


def test_an_ended_mentorship_is_not_told(learner, mentor, rated):
    MentorshipFactory(learner=learner, mentor=mentor, status=Status.ENDED)

    skill_rating_set(user=learner, skill=rated[0], proficiency=Proficiency.EXPERT)

    assert not Notification.objects.filter(user=mentor).exists()


# Feedback threads


def thread_url(feedback):
    return reverse("mentoring:thread", args=[feedback.pk])


def reply_url(feedback):
    return reverse("mentoring:reply", args=[feedback.pk])


def test_the_learner_replies_and_the_mentor_is_told_and_answers(
    learner_client, mentor_client, mentorship, learner, mentor, ladder
):
    feedback = FeedbackFactory(mentorship=mentorship, body="Try a baseline first.")

    learner_client.post(reply_url(feedback), {"body": "Which baseline would you use?"})
    (told,) = Notification.objects.filter(user=mentor)
    assert told.kind == NotificationKind.REPLY and told.url == thread_url(feedback)
    mentor_client.post(reply_url(feedback), {"body": "A majority-class one."})

    assert Notification.objects.filter(user=learner, kind=NotificationKind.REPLY).count() == 1
    for client in (learner_client, mentor_client):
        text = main_of(client.get(thread_url(feedback))).text
        assert text.index("Try a baseline first.") < text.index("Which baseline")
        assert text.index("Which baseline") < text.index("A majority-class one.")


def test_the_same_reply_sent_twice_is_kept_once(learner_client, mentorship, ladder):
    feedback = FeedbackFactory(mentorship=mentorship)

    for _ in range(2):
        learner_client.post(reply_url(feedback), {"body": "Thanks!"})

    assert FeedbackReply.objects.count() == 1


def test_a_stranger_cannot_read_or_reply_to_a_thread(mentorship, stranger, ladder):
    feedback = FeedbackFactory(mentorship=mentorship)
    client = client_for(stranger)

    assert client.get(thread_url(feedback)).status_code == 404
    assert client.post(reply_url(feedback), {"body": "hi"}).status_code == 404
    assert not FeedbackReply.objects.exists()


def test_after_the_mentorship_ends_the_learner_reads_the_thread_but_cannot_reply(
    learner_client, mentor_client, mentorship, ladder
):
    feedback = FeedbackFactory(mentorship=mentorship)
    mentorship.status = Status.ENDED
    mentorship.save()

    page = main_of(learner_client.get(thread_url(feedback)))
    assert "the thread is closed" in page.text
    assert mentor_client.get(thread_url(feedback)).status_code == 404
    learner_client.post(reply_url(feedback), {"body": "hello?"})
    assert not FeedbackReply.objects.exists()


def test_the_learners_feedback_links_to_its_thread_with_the_replies_counted(
    learner_client, mentorship, learner, ladder
):
    feedback = FeedbackFactory(mentorship=mentorship)
    FeedbackReply.objects.create(feedback=feedback, author=learner, body="Thanks")

    page = main_of(learner_client.get(reverse("mentoring:home")))

    link = page.find("a", href=thread_url(feedback))
    assert link.text.startswith("1 reply")


# A mentor's account deleted


def test_a_deleted_mentors_review_and_replies_stay_from_a_former_mentor(
    mentor_client, learner_client, mentorship, rated, mentor
):
    mentor_client.post(
        review_url(mentorship), review_data(rated, agree=rated[:4], differ=(rated[4], 1))
    )
    feedback = FeedbackFactory(mentorship=mentorship)
    mentor_client.post(reply_url(feedback), {"body": "One more thing."})

    user_delete(user=mentor)

    assert Endorsement.objects.count() == 5
    skills = page_text(learner_client.get(reverse("profiles:skills")))
    assert "a former mentor would say Learning, not Practicing" in skills
    thread = main_of(learner_client.get(thread_url(feedback))).text
    assert "One more thing." in thread and "A former mentor" in thread


# The public profile


def public_text(profile):
    return page_text(client_for(VerifiedUserFactory()).get(profile.get_public_url()))


@pytest.fixture
def public_learner(learner, mentorship, rated):
    profile = learner.profile
    profile.visibility = Visibility.PUBLIC
    profile.save()
    project = ProjectFactory(user=learner, status=ProjectStatus.DONE, title="Churn model")
    ProjectFactory(user=learner, status=ProjectStatus.PLANNED, title="Secret plan")
    SignOffFactory(mentorship=mentorship, project=project)
    Endorsement.objects.create(
        mentorship=mentorship,
        skill=rated[0],
        proficiency=Proficiency.PRACTICING,
        rated_proficiency=Proficiency.PRACTICING,
    )
    Endorsement.objects.create(
        mentorship=mentorship,
        skill=rated[1],
        proficiency=Proficiency.LEARNING,
        rated_proficiency=Proficiency.PRACTICING,
    )
    return profile


def test_the_public_profile_shows_done_projects_with_who_signed_them_off(public_learner):
    text = public_text(public_learner)

    assert "Churn model" in text and "Secret plan" not in text
    assert "Signed off by Grace Mentor" in text
    assert "grace@example.com" not in text


def test_mentors_ratings_show_only_when_the_person_chooses_it(public_learner, rated):
    assert "Skills reviewed by mentors" not in public_text(public_learner)

    public_learner.public_endorsements = True
    public_learner.save()
    text = public_text(public_learner)

    assert "Endorsed by Grace Mentor" in text
    assert "Grace Mentor rates it Learning" in text


def test_projects_and_sign_offs_hide_when_the_person_chooses_it(public_learner):
    public_learner.public_projects = False
    public_learner.public_sign_offs = False
    public_learner.save()

    text = public_text(public_learner)

    assert "Done projects" not in text
    assert "Signed off" not in text


def test_a_mentor_without_a_display_name_is_never_named_by_address_in_public(
    public_learner, mentor
):
    mentor.profile.display_name = ""
    mentor.profile.save()
    public_learner.public_endorsements = True
    public_learner.save()

    text = public_text(public_learner)

    assert "grace@example.com" not in text
    assert "Signed off by a mentor" in text


def test_the_person_chooses_what_their_public_profile_shows_in_their_profile_form(
    public_learner, learner_client
):
    form = {
        "display_name": "Ada Learner",
        "headline": "",
        "weekly_hours": "5",
        "github_url": "",
        "kaggle_url": "",
        "website_url": "",
        "visibility": Visibility.PUBLIC,
        "version": str(public_learner.version),
        "public_endorsements": "on",  # done projects and sign-offs left unticked
    }

    response = learner_client.post(reverse("profiles:profile"), form)

    assert response.status_code == 302
    public_learner.refresh_from_db()
    assert (
        public_learner.public_projects,
        public_learner.public_sign_offs,
        public_learner.public_endorsements,
    ) == (False, False, True)
    text = public_text(public_learner)
    assert "Done projects" not in text
    assert "Skills reviewed by mentors" in text
