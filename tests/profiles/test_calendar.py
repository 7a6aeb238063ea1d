"""The private calendar feed of the plan, read as a calendar app reads it: parsed with
icalendar. The token writes run on PostgreSQL too (make test-postgres)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from profiles import extras
from profiles.extras import CheckInInfo
from profiles.models import Profile
from profiles.plan import plan_of
from profiles.services import calendar_token_reset
from tests.profiles.factories import ProfileFactory, VerifiedUserFactory

pytestmark = pytest.mark.usefixtures("ladder")


def feed_url(token):
    return reverse("profiles:calendar_feed", args=[token])


def parsed(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_turning_the_feed_on_asks_first_then_gives_a_private_address(owner_client, user):
    page = owner_client.get(reverse("profiles:calendar_reset"))
    assert "Turn on your calendar feed?" in page.content.decode()
    assert Profile.objects.get(user=user).calendar_token is None
    response = owner_client.post(reverse("profiles:calendar_reset"))
    assert response.status_code == 302
    token = Profile.objects.get(user=user).calendar_token
    assert token and len(token) >= 40
    assert feed_url(token) in owner_client.get(reverse("profiles:plan")).content.decode()


def test_the_feed_has_an_all_day_event_over_each_dated_items_week(user):
    token = calendar_token_reset(user=user)
    calendar = parsed(Client().get(feed_url(token)))  # no session: a calendar app
    assert str(calendar["X-WR-CALNAME"]) == "careerpath: your plan"
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=6)
    assert "X-PUBLISHED-TTL" in calendar
    plan = plan_of(user, today=timezone.localdate())
    found = events(calendar)
    assert len(found) == len(plan.items)
    for item in plan.items:
        event = next(e for uid, e in found.items() if item.key.replace(":", "-") in uid)
        assert event["DTSTART"].dt == item.planned_week  # a date: all day
        assert event["DTEND"].dt == item.planned_week + timedelta(days=7)
        assert item.title in str(event["SUMMARY"])


def test_event_uids_stay_the_same_from_one_fetch_to_the_next(user):
    token = calendar_token_reset(user=user)
    first = set(events(parsed(Client().get(feed_url(token)))))
    second = set(events(parsed(Client().get(feed_url(token)))))
    assert first == second
    assert all(uid.startswith(f"careerpath-{user.pk}-") for uid in first)


def test_the_feed_is_private_to_its_address_and_never_kept_by_a_shared_cache(user):
    token = calendar_token_reset(user=user)
    response = Client().get(feed_url(token))
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "public" not in cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_reset_stops_the_old_address_at_once(owner_client, user):
    old = calendar_token_reset(user=user)
    assert Client().get(feed_url(old)).status_code == 200
    assert "Give your calendar a new address?" in (
        owner_client.get(reverse("profiles:calendar_reset")).content.decode()
    )
    owner_client.post(reverse("profiles:calendar_reset"))
    new = Profile.objects.get(user=user).calendar_token
    assert new != old
    assert Client().get(feed_url(old)).status_code == 404
    assert Client().get(feed_url(new)).status_code == 200


def test_an_unknown_address_is_a_404_and_each_address_shows_its_own_persons_plan(user):
    other = VerifiedUserFactory()
    mine, theirs = calendar_token_reset(user=user), calendar_token_reset(user=other)
    assert Client().get(feed_url("not-a-token-anybody-has")).status_code == 404
    assert all(f"-{user.pk}-" in uid for uid in events(parsed(Client().get(feed_url(mine)))))
    assert all(f"-{other.pk}-" in uid for uid in events(parsed(Client().get(feed_url(theirs)))))


class CheckInsExtras(extras.NoExtras):
    def __init__(self, check_ins):
        self._check_ins = check_ins

    def check_ins(self, user_id):
        return self._check_ins


def test_check_ins_are_all_day_events_on_their_day(user, monkeypatch):
    today = timezone.localdate()
    due = CheckInInfo(
        id=7,
        due_on=today + timedelta(days=9),
        held_on=None,
        mentor_name="Grace",
        url="/mentoring/check-ins/7/",
    )
    held = CheckInInfo(
        id=8,
        due_on=today - timedelta(days=30),
        held_on=today - timedelta(days=28),
        mentor_name="Grace",
        url="/mentoring/check-ins/8/",
    )
    monkeypatch.setattr(extras, "_provided", CheckInsExtras([due, held]))
    token = calendar_token_reset(user=user)
    found = events(parsed(Client().get(feed_url(token))))
    upcoming = found[next(uid for uid in found if "check-in-7" in uid)]
    assert upcoming["DTSTART"].dt == due.due_on
    assert str(upcoming["SUMMARY"]) == "Check-in with Grace (due)"
    assert str(upcoming["URL"]).endswith("/mentoring/check-ins/7/")
    past = found[next(uid for uid in found if "check-in-8" in uid)]
    assert past["DTSTART"].dt == held.held_on


def test_without_weekly_hours_the_feed_has_no_plan_events(user):
    ProfileFactory(user=user, weekly_hours=0)
    token = calendar_token_reset(user=user)
    assert events(parsed(Client().get(feed_url(token)))) == {}
