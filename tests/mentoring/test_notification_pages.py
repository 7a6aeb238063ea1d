"""The pages of what reaches a person: their notifications (and the navigation bar's count
of the unread ones) and their notification settings."""

import pytest
from django.urls import reverse

from mentoring.forms import NotificationSettingsForm
from mentoring.models import Notification, NotificationKind, NotificationSettings
from mentoring.notification_views import NOTIFICATIONS_PER_PAGE, SETTINGS_SAVED
from mentoring.preferences import DEFAULTS, Delivery, delivery_for, digest_day, digest_wanted
from tests.mentoring.factories import NotificationFactory, NotificationSettingsFactory
from tests.mentoring.support import client_for, messages_of
from tests.profiles.factories import ProfileFactory, VerifiedUserFactory
from tests.profiles.html import parse
from tests.queries import assert_max_queries, count_queries

K = NotificationKind
SETTINGS = reverse("notifications:settings")
LIST = reverse("notifications:list")


@pytest.fixture
def person(db):
    person = VerifiedUserFactory()
    ProfileFactory(user=person, display_name="Ada Learner")
    return person


@pytest.fixture
def browser(person):
    return client_for(person)


def _settings_data(**changes):
    form = NotificationSettingsForm(preferences=DEFAULTS)
    data = {name: field.initial for name, field in form.fields.items()}
    data.update({name: form.initial[name] for name in form.initial})
    data.update(changes)
    return {key: value for key, value in data.items() if value not in (None, False)}


def _checked(page, name, value):
    return "checked" in page.find("input", name=name, value=value).attrs


# The settings page


def test_the_settings_page_shows_a_choice_per_topic_in_words_and_the_defaults(browser):
    page = parse(browser.get(SETTINGS))
    main = page.find("main")
    legends = [legend.text.rstrip(" *") for legend in main.find_all("legend")]
    assert "Feedback from your mentors" in legends
    assert "A mentee's project waits for your sign-off" in legends
    assert _checked(main, "topic_feedback", "digest")
    assert _checked(main, "topic_mentee_projects", "immediate")
    assert "checked" in main.find("input", name="digest").attrs
    day = main.find("select", name="digest_day")
    assert [o.text for o in day.find_all("option") if "selected" in o.attrs] == ["Monday"]
    assert "In the weekly digest" in main.text and "Only on the site" in main.text


def test_saving_the_settings_keeps_every_choice(browser, person):
    data = _settings_data(topic_feedback="immediate", topic_replies="off", digest_day="4")
    data.pop("digest")

    response = browser.post(SETTINGS, data)

    assert response.status_code == 302
    assert messages_of(response) == [SETTINGS_SAVED]
    for kind in (K.FEEDBACK, K.FEEDBACK_ON_SKILL, K.FEEDBACK_ON_PROJECT):
        assert delivery_for(person, kind) == Delivery.IMMEDIATE
    assert delivery_for(person, K.REPLY) == Delivery.OFF
    assert delivery_for(person, K.ENDORSED) == Delivery.DIGEST
    assert digest_wanted(person) is False
    assert digest_day(person) == 4
    page = parse(browser.get(SETTINGS)).find("main")
    assert _checked(page, "topic_replies", "off")
    assert "checked" not in page.find("input", name="digest").attrs


def test_an_invalid_choice_shows_the_form_again_with_what_was_sent(browser, person):
    data = _settings_data(topic_feedback="sometimes", topic_replies="off", digest_day="9")

    response = browser.post(SETTINGS, data)

    assert response.status_code == 200
    page = parse(response).find("main")
    assert "Select a valid choice" in page.text
    assert _checked(page, "topic_replies", "off")
    assert not NotificationSettings.objects.exists()


def test_the_settings_page_stays_within_its_query_limit(browser, person):
    NotificationSettingsFactory(user=person)
    with assert_max_queries(2, info="settings page"):  # the session, the settings
        assert browser.get(SETTINGS).status_code == 200


# The notifications page


def test_the_notifications_page_lists_the_persons_own_newest_first_and_marks_them_read(
    browser, person
):
    older = NotificationFactory(user=person, detail="Older news.")
    newer = NotificationFactory(user=person, detail="Newer news.")
    NotificationFactory(detail="Somebody else's news.")

    page = parse(browser.get(LIST)).find("main")

    items = [item.text for item in page.find("ul", class_="list-group mb-3").find_all("li")]
    assert len(items) == 2
    assert "Newer news." in items[0] and "Older news." in items[1]
    assert all(item.startswith("New ") for item in items)  # new as they are seen the first time
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.read_at and newer.read_at
    again = parse(browser.get(LIST)).find("ul", class_="list-group mb-3")
    assert not [item for item in again.find_all("li") if item.text.startswith("New ")]


def test_the_notifications_page_is_paginated_and_marks_only_the_page_seen_read(browser, person):
    NotificationFactory.create_batch(NOTIFICATIONS_PER_PAGE + 3, user=person)

    first = parse(browser.get(LIST))

    assert len(first.find("ul", class_="list-group mb-3").find_all("li")) == NOTIFICATIONS_PER_PAGE
    assert first.find("nav", **{"aria-label": "Pages"})
    assert Notification.objects.filter(user=person, read_at__isnull=True).count() == 3
    second = parse(browser.get(LIST + "?page=2"))
    assert len(second.find("ul", class_="list-group mb-3").find_all("li")) == 3
    assert not Notification.objects.filter(user=person, read_at__isnull=True).exists()


def test_the_notifications_page_says_when_there_are_none(browser):
    page = parse(browser.get(LIST)).find("main")
    assert "No notifications yet." in page.text


def test_the_notifications_page_stays_within_its_query_limit(browser, person):
    NotificationFactory.create_batch(NOTIFICATIONS_PER_PAGE + 3, user=person)
    # the session (with the count), the count for the pages, the page, and marking it read:
    # whose rows, their new data version, the rows
    with assert_max_queries(6, info="notifications page"):
        assert browser.get(LIST).status_code == 200


# The navigation bar


def _badge(response):
    """Return (what eyes see, what a screen reader reads) of the badge, or None."""
    link = parse(response).find("a", href=LIST)
    seen = link.find_all(**{"aria-hidden": "true"})
    read = link.find_all(class_="visually-hidden")
    if not seen and not read:
        return None
    return seen[0].text, read[0].text


def test_the_navigation_bar_shows_the_unread_count_to_eyes_and_screen_readers(browser, person):
    NotificationFactory.create_batch(3, user=person)
    NotificationFactory(user=person, read_at="2020-01-01T00:00Z")

    response = browser.get(reverse("profiles:profile"))

    assert _badge(response) == ("3", "3 unread notifications")
    assert parse(response).find("a", href=LIST).text == "Notifications 3 3 unread notifications"


def test_the_count_is_read_with_the_session_at_no_query_of_its_own(browser, person):
    NotificationFactory(user=person)
    browser.get(SETTINGS)  # warm up: the same page with and without the badge's count
    with_one = count_queries(lambda: browser.get(SETTINGS))
    Notification.objects.all().delete()
    with_none = count_queries(lambda: browser.get(SETTINGS))
    assert with_one == with_none == 2


def test_the_badge_goes_once_the_notifications_are_seen(browser, person):
    NotificationFactory.create_batch(2, user=person)

    assert _badge(browser.get(LIST)) is None
    assert _badge(browser.get(SETTINGS)) is None


def test_the_badge_says_99_plus_past_99(browser, person):
    NotificationFactory.create_batch(100, user=person)
    assert _badge(browser.get(SETTINGS)) == ("99+", "100 unread notifications")


def test_a_signed_out_visitor_has_no_notifications_link(client, db):
    assert parse(client.get(reverse("account_login"))).find_all("a", href=LIST) == []
