"""Check-ins from start to agreement, as the learner and the mentor see them; a frozen
check-in keeps its figures whatever happens to the ladder or the ratings later."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from careerpath.outbox.models import Mail
from ladder.models import Level, Proficiency, Requirement, Skill
from ladder.services import content_retire
from mentoring import check_in_services as services
from mentoring.check_ins import check_in_infos
from mentoring.models import (
    CheckIn,
    CheckInStatus,
    Endorsement,
    Notification,
    NotificationKind,
    Status,
)
from mentoring.services import MentoringError, mentorship_transition
from mentoring.signals import level_confirmed
from profiles.services import skill_rating_set
from tests.mentoring.factories import CheckInFactory, MentorshipFactory
from tests.mentoring.support import client_for, messages_of
from tests.profiles.factories import SkillRatingChangeFactory, VerifiedUserFactory
from tests.profiles.html import parse


@pytest.fixture
def skills(ladder):
    return list(Skill.objects.active().order_by("pk")[:3])


@pytest.fixture
def started(mentorship, learner, skills):
    check_in, created = services.check_in_start(
        mentorship=mentorship, by=learner, skills=skills, base_url="https://example.org/"
    )
    assert created
    return check_in


def rate_all(check_in, by, value):
    return services.check_in_rate(
        check_in=check_in, by=by, ratings={s.pk: value for s in check_in.skills.all()}
    )


@pytest.fixture
def agreeing(started, learner, mentor):
    rate_all(started, learner, Proficiency.PRACTICING)
    return rate_all(started, mentor, Proficiency.PROFICIENT)


@pytest.fixture
def received():
    """The level_confirmed signals sent during the test."""
    sent = []

    def receiver(sender, **kwargs):
        sent.append(kwargs)

    level_confirmed.connect(receiver)
    yield sent
    level_confirmed.disconnect(receiver)


def confirm(check_in, mentor, *, level=None, value=Proficiency.PROFICIENT, note="Well done"):
    return services.check_in_confirm(
        check_in=check_in,
        mentor=mentor,
        agreed={s.pk: value for s in check_in.skills.all()},
        level=level,
        note=note,
        base_url="https://example.org/",
    )


def page_text(client, check_in):
    response = client.get(reverse("mentoring:check_in", args=[check_in.pk]))
    assert response.status_code == 200
    return " ".join(parse(response).find("main").text.split())


def test_starting_a_check_in_tells_the_mentor_and_a_second_start_returns_the_first(
    started, mentorship, learner, mentor, skills
):
    assert started.due_on == timezone.localdate() + timedelta(days=7)
    note = Notification.objects.get(user=mentor)
    assert note.kind == NotificationKind.CHECK_IN_STARTED
    assert note.url == started.get_absolute_url()

    again, created = services.check_in_start(mentorship=mentorship, by=mentor, skills=skills)

    assert (again, created) == (started, False)
    assert CheckIn.objects.count() == 1


def test_a_person_outside_the_mentorship_cannot_start_or_rate(started, mentorship, stranger):
    with pytest.raises(MentoringError, match="take part"):
        services.check_in_start(mentorship=mentorship, by=stranger, skills=[])
    with pytest.raises(MentoringError, match="take part"):
        rate_all(started, stranger, 2)


def test_neither_side_sees_the_others_ratings_until_both_have_rated(
    started, learner, mentor, skills
):
    rate_all(started, learner, Proficiency.EXPERT)
    mentor_client = client_for(mentor)

    response = mentor_client.get(started.get_absolute_url())
    page = parse(response).find("main")
    assert not page.find_all("table")
    assert not [o for o in page.find_all("option") if "selected" in o.attrs and o.attrs["value"]]
    assert "has rated already" in page.text

    rate_all(started, mentor, Proficiency.LEARNING)

    for client in (mentor_client, client_for(learner)):
        table = parse(client.get(started.get_absolute_url())).find("table")
        assert "Expert" in table.text and "Learning" in table.text
    started.refresh_from_db()
    assert started.status == CheckInStatus.AGREEING
    assert Notification.objects.filter(user=learner, kind=NotificationKind.CHECK_IN_RATED).exists()


def test_a_side_may_rate_again_until_both_have_rated(started, learner, mentor):
    rate_all(started, learner, 1)
    rate_all(started, learner, 2)
    rate_all(started, mentor, 3)

    assert set(started.ratings.filter(side="learner").values_list("proficiency", flat=True)) == {2}
    with pytest.raises(MentoringError, match="both rated already"):
        rate_all(started, learner, 4)


def test_the_result_cannot_be_agreed_before_both_have_rated(started, learner, mentor):
    rate_all(started, learner, 1)
    with pytest.raises(MentoringError, match="both rated"):
        confirm(started, mentor)


def test_only_the_mentor_confirms_the_learner_proposes(agreeing, learner, mentor, skills):
    with pytest.raises(MentoringError, match="Only the mentor"):
        confirm(agreeing, learner)

    services.check_in_propose(
        check_in=agreeing,
        by=learner,
        agreed={s.pk: 3 for s in skills},
        level=None,
        note="Ready for more",
    )

    assert Notification.objects.filter(
        user=mentor, kind=NotificationKind.CHECK_IN_PROPOSED
    ).exists()
    text = page_text(client_for(mentor), agreeing)
    assert "A result was proposed" in text


def test_confirming_freezes_the_check_in_tells_the_learner_and_confirms_the_level(
    agreeing, learner, mentor, skills, received
):
    level = Level.objects.active().order_by("track__pk", "order")[1]

    confirm(agreeing, mentor, level=level)

    agreeing.refresh_from_db()
    assert agreeing.status == CheckInStatus.FROZEN
    assert agreeing.frozen["agreed_level"] == level.title
    assert [line["agreed"] for line in agreeing.frozen["skills"]] == [3, 3, 3]
    note = Notification.objects.get(user=learner, kind=NotificationKind.CHECK_IN_AGREED)
    assert level.title in note.text
    assert Mail.objects.filter(recipient=learner).exists()
    assert len(received) == 1
    assert received[0]["check_in"] == agreeing
    assert received[0]["level"] == level
    assert received[0]["mentor"] == mentor
    # the agreed ratings are the mentor's ratings now: verified on the learner's pages
    assert set(
        Endorsement.objects.filter(mentorship=agreeing.mentorship).values_list(
            "skill_id", "proficiency"
        )
    ) == {(s.pk, 3) for s in skills}


def test_a_second_confirmation_is_refused_and_confirms_nothing_again(agreeing, mentor, received):
    level = Level.objects.active().order_by("track__pk", "order")[1]
    confirm(agreeing, mentor, level=level)

    with pytest.raises(MentoringError, match="agreed already"):
        confirm(agreeing, mentor, level=level)

    assert len(received) == 1


def test_no_level_confirmed_sends_no_signal(agreeing, mentor, received):
    confirm(agreeing, mentor)
    assert received == []


def test_a_frozen_check_in_shows_the_same_figures_after_the_ladder_and_ratings_change(
    agreeing, learner, mentor, skills
):
    level = Level.objects.active().order_by("track__pk", "order")[1]
    confirm(agreeing, mentor, level=level)
    client = client_for(learner)
    before = page_text(client, agreeing)

    # the ladder changes: a renamed level, a retired skill, a changed requirement...
    level.title = "Renamed level"
    level.save()
    content_retire(objects=[skills[0]])
    requirement = Requirement.objects.filter(level=level).first()
    requirement.min_proficiency = Proficiency.EXPERT
    requirement.save()
    renamed = Skill.objects.get(pk=skills[1].pk)
    renamed.name = "Renamed skill"
    renamed.save()
    # ... and so do the learner's ratings
    skill_rating_set(user=learner, skill=skills[2], proficiency=Proficiency.EXPERT)

    assert page_text(client, agreeing) == before
    assert "Renamed" not in before


def test_cancelling_asks_first_then_tells_the_other_side(started, learner, mentor):
    client = client_for(mentor)
    url = reverse("mentoring:check_in_cancel", args=[started.pk])

    assert "Cancel this check-in?" in parse(client.get(url)).find("h1").text
    response = client.post(url)

    started.refresh_from_db()
    assert started.status == CheckInStatus.CANCELLED
    assert messages_of(response) == ["The check-in is cancelled."]
    assert Notification.objects.filter(
        user=learner, kind=NotificationKind.CHECK_IN_CANCELLED
    ).exists()
    with pytest.raises(MentoringError, match="cancelled"):
        rate_all(started, learner, 1)


def test_after_the_mentorship_ends_the_learner_keeps_the_agreed_check_ins_only(
    agreeing, mentorship, learner, mentor, skills
):
    confirm(agreeing, mentor)
    unfinished = CheckInFactory(mentorship=mentorship, skills=skills)
    mentorship_transition(mentorship=mentorship, action="end", user=learner)

    learner_client, mentor_client = client_for(learner), client_for(mentor)
    assert learner_client.get(agreeing.get_absolute_url()).status_code == 200
    assert mentor_client.get(agreeing.get_absolute_url()).status_code == 404
    assert learner_client.get(unfinished.get_absolute_url()).status_code == 404
    assert [info.id for info in check_in_infos(learner.pk)] == [agreeing.pk]
    assert check_in_infos(learner.pk)[0].held_on == timezone.localdate()


def test_the_calendar_file_is_one_all_day_event_on_the_planned_day(started, learner):
    response = client_for(learner).get(reverse("mentoring:check_in_ics", args=[started.pk]))

    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == started.due_on
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert event["DTEND"].dt == started.due_on + timedelta(days=1)
    assert str(event["UID"]).startswith(f"check-in-{started.pk}@")
    assert "Grace Mentor" in str(event["SUMMARY"])


def test_the_learner_plans_a_check_in_with_the_target_levels_key_skills_chosen(
    mentorship, learner, mentor, ladder
):
    client = client_for(learner)
    page = parse(client.get(reverse("mentoring:check_in_start"))).find("main")
    form = page.find("form", method="post")
    boxes = form.find_all("input", name="skills")
    checked = [box.attrs["value"] for box in boxes if "checked" in box.attrs]
    assert checked

    due = timezone.localdate() + timedelta(days=3)
    response = client.post(
        reverse("mentoring:check_in_start"),
        {"mentorship": mentorship.pk, "due_on": due.isoformat(), "skills": checked},
    )

    check_in = CheckIn.objects.get()
    assert response.url == check_in.get_absolute_url()
    assert check_in.due_on == due
    assert sorted(str(pk) for pk in check_in.skills.values_list("pk", flat=True)) == sorted(checked)


def test_a_day_in_the_past_is_refused_and_the_form_keeps_what_was_typed(
    mentorship, learner, ladder
):
    skill = Skill.objects.active().first()
    response = client_for(learner).post(
        reverse("mentoring:check_in_start"),
        {
            "mentorship": mentorship.pk,
            "due_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "skills": [skill.pk],
        },
    )

    assert response.status_code == 200
    page = parse(response).find("main")
    assert "Choose today or a later day." in page.text
    assert (
        page.find("input", name="due_on").attrs["value"]
        == (timezone.localdate() - timedelta(days=1)).isoformat()
    )
    assert not CheckIn.objects.exists()


def test_the_whole_flow_through_the_pages(mentorship, learner, mentor, skills):
    learner_client, mentor_client = client_for(learner), client_for(mentor)
    check_in = CheckInFactory(mentorship=mentorship, skills=skills)
    rate_url = reverse("mentoring:check_in_rate", args=[check_in.pk])
    result_url = reverse("mentoring:check_in_result", args=[check_in.pk])
    ratings = {f"skill-{s.pk}": "2" for s in skills}

    assert messages_of(learner_client.post(rate_url, ratings)) == ["Your ratings are saved."]
    mentor_client.post(rate_url, {f"skill-{s.pk}": "3" for s in skills})
    learner_client.post(result_url, {**ratings, "level": "", "note": "Close"})
    level = Level.objects.active().order_by("track__pk", "order")[1]
    response = mentor_client.post(
        result_url, {**ratings, "level": str(level.pk), "note": "Agreed", "confirm": "1"}
    )

    assert "The check-in is agreed and kept as it is today." in messages_of(response)
    text = page_text(learner_client, check_in)
    assert f"{level.title}" in text and "Agreed" in text


def test_an_invalid_rating_reshows_the_page_with_an_error(started, learner, skills):
    response = client_for(learner).post(
        reverse("mentoring:check_in_rate", args=[started.pk]), {f"skill-{skills[0].pk}": "9"}
    )

    assert response.status_code == 200
    assert "could not be saved" in response.content.decode()
    assert not started.ratings.exists()


def two_agreed_check_ins(mentorship, learner, mentor, skills):
    first = CheckInFactory(mentorship=mentorship, skills=skills)
    rate_all(first, learner, 1)
    rate_all(first, mentor, 1)
    confirm(first, mentor, value=1)
    second = CheckInFactory(mentorship=mentorship, skills=skills)
    rate_all(second, learner, 3)
    rate_all(second, mentor, 3)
    confirm(second, mentor, value=3)
    return first, second


def test_two_agreed_check_ins_compare(mentorship, learner, mentor, skills):
    first, second = two_agreed_check_ins(mentorship, learner, mentor, skills)
    client = client_for(learner)

    response = client.get(reverse("mentoring:check_in_compare") + f"?a={first.pk}&b={second.pk}")

    text = " ".join(parse(response).find("main").text.split())
    assert "Since the check-in of" in text and "+3 skills" in text
    listing = " ".join(parse(client.get(reverse("mentoring:check_ins"))).find("main").text.split())
    assert "+3 skills" in listing
    mentors = parse(client_for(mentor).get(reverse("mentoring:check_ins"))).find("main")
    assert "With Ada Learner, agreed on" in mentors.text
    assert client.get(reverse("mentoring:check_in_compare") + "?a=1&b=x").status_code == 404
    assert (
        client_for(VerifiedUserFactory())
        .get(reverse("mentoring:check_in_compare") + f"?a={first.pk}&b={second.pk}")
        .status_code
        == 404
    )


def test_the_mentor_sees_overdue_and_upcoming_check_ins_on_their_page(mentorship, mentor, skills):
    CheckInFactory(
        mentorship=mentorship, skills=skills, due_on=timezone.localdate() - timedelta(days=2)
    )
    other = MentorshipFactory(mentor=mentor, status=Status.ACCEPTED)
    CheckInFactory(mentorship=other, skills=skills)

    text = " ".join(
        parse(client_for(mentor).get(reverse("mentoring:home"))).find("main").text.split()
    )

    assert "Overdue Check-in with Ada Learner" in text
    assert "Upcoming Check-in with" in text


def test_the_dashboard_chart_marks_the_check_ins(mentorship, learner, mentor, skills):
    today = timezone.localdate()
    for days in (20, 10, 0):
        SkillRatingChangeFactory(
            user=learner,
            skill=skills[0],
            new_proficiency=2,
            changed_at=timezone.now() - timedelta(days=days),
        )
    CheckInFactory(mentorship=mentorship, skills=skills, due_on=today - timedelta(days=5))

    response = client_for(learner).get(reverse("profiles:dashboard"))

    (chart,) = [
        f for f in parse(response).find_all("figure") if f.find_all("svg", class_="line-chart-plot")
    ]
    assert chart.find_all("line", class_="chart-mark")
    assert "Check-in with Grace Mentor (planned)" in chart.text


def test_when_the_mentor_deletes_their_account_the_learner_keeps_the_agreed_check_in(
    agreeing, learner, mentor
):
    confirm(agreeing, mentor)
    before = page_text(client_for(learner), agreeing)

    mentor.delete()

    text = page_text(client_for(learner), agreeing)
    assert "a former mentor" in text
    assert text.replace("a former mentor", "Grace Mentor") == before


def test_when_the_learner_deletes_their_account_their_check_ins_go_with_it(agreeing, learner):
    learner.delete()

    assert not CheckIn.objects.exists()


def test_a_level_the_mentor_confirms_gives_the_learner_a_credential_once(agreeing, learner, mentor):
    from careerpath.credentials.models import Credential

    level = Level.objects.active().order_by("track__pk", "order")[1]
    confirm(agreeing, mentor, level=level)
    with pytest.raises(MentoringError):
        confirm(agreeing, mentor, level=level)

    (credential,) = Credential.objects.filter(holder=learner)
    assert credential.source == f"check-in:{agreeing.pk}"
    assert credential.confirmed_by == mentor
    assert level.title in credential.achievement["name"]
