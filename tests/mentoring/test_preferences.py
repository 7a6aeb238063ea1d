"""What reaches a person: the rules on plain data, then saving and reading them."""

import pytest

from mentoring import preferences
from mentoring.models import NotificationKind, NotificationSettings
from mentoring.preferences import (
    DEFAULTS,
    DIGEST,
    Delivery,
    Preferences,
    delivery_for,
    digest_day,
    digest_readers_q,
    digest_wanted,
    preferences_for,
    preferences_set,
    preferences_turn_off,
    topic_of,
)
from tests.mentoring.factories import NotificationSettingsFactory
from tests.profiles.factories import UserFactory

K = NotificationKind


def test_what_needs_an_answer_comes_at_once_and_the_rest_waits_for_the_digest():
    assert DEFAULTS.delivery(K.MENTEE_PROJECT_DONE) == Delivery.IMMEDIATE
    assert DEFAULTS.delivery(K.INVITED) == Delivery.IMMEDIATE
    for kind in (K.FEEDBACK, K.ENDORSED, K.ACCEPTED, K.REPLY, K.MENTEE_RATINGS_CHANGED):
        assert DEFAULTS.delivery(kind) == Delivery.DIGEST
    assert DEFAULTS.digest is True
    assert DEFAULTS.digest_day == 0  # Monday


def test_an_invitation_comes_at_once_whatever_was_chosen():
    chosen = Preferences({K.INVITED: Delivery.OFF})
    assert chosen.delivery(K.INVITED) == Delivery.IMMEDIATE
    assert topic_of(K.INVITED) is None


def test_a_choice_overrides_the_default_and_an_unknown_value_is_ignored():
    chosen = Preferences({K.FEEDBACK: Delivery.IMMEDIATE, K.ENDORSED: "sometimes"})
    assert chosen.delivery(K.FEEDBACK) == Delivery.IMMEDIATE
    assert chosen.delivery(K.ENDORSED) == Delivery.DIGEST


def test_every_kind_but_the_invitation_is_in_exactly_one_topic():
    for kind in NotificationKind.values:
        holding = [t for t in preferences.topics() if kind in t.kinds]
        assert len(holding) == (0 if kind == K.INVITED else 1), kind


def test_turning_off_a_kind_turns_off_its_whole_topic_and_keeps_the_rest():
    off = DEFAULTS.turned_off(K.FEEDBACK_ON_SKILL)
    for kind in (K.FEEDBACK, K.FEEDBACK_ON_SKILL, K.FEEDBACK_ON_PROJECT):
        assert off.delivery(kind) == Delivery.OFF
    assert off.delivery(K.ENDORSED) == Delivery.DIGEST
    assert off.is_off(K.FEEDBACK) and not off.is_off(K.ENDORSED)
    assert off.digest is True


def test_turning_off_the_digest_keeps_the_kinds():
    off = DEFAULTS.turned_off(DIGEST)
    assert off.digest is False and off.is_off(DIGEST)
    assert off.delivery(K.MENTEE_PROJECT_DONE) == Delivery.IMMEDIATE


def test_the_digest_kinds_are_those_that_wait_for_it():
    chosen = Preferences({K.FEEDBACK: Delivery.IMMEDIATE, K.ENDORSED: Delivery.OFF})
    kinds = chosen.digest_kinds
    assert K.FEEDBACK not in kinds and K.ENDORSED not in kinds
    assert K.REVIEWED in kinds and K.MENTEE_PROJECT_DONE not in kinds


@pytest.mark.django_db
def test_a_person_who_never_chose_has_the_defaults():
    user = UserFactory()
    assert delivery_for(user, K.FEEDBACK) == Delivery.DIGEST
    assert delivery_for(user, K.MENTEE_PROJECT_DONE) == Delivery.IMMEDIATE
    assert digest_wanted(user) is True
    assert digest_day(user) == 0
    assert not NotificationSettings.objects.exists()


@pytest.mark.django_db
def test_saved_choices_are_read_back_and_only_departures_from_defaults_are_stored():
    user = UserFactory()
    preferences_set(
        user=user,
        preferences=Preferences(
            {K.FEEDBACK: Delivery.IMMEDIATE, K.ENDORSED: Delivery.DIGEST, "nonsense": "off"},
            digest=False,
            digest_day=4,
        ),
    )
    row = NotificationSettings.objects.get(user=user)
    assert row.deliveries == {K.FEEDBACK: Delivery.IMMEDIATE}
    assert delivery_for(user, K.FEEDBACK) == Delivery.IMMEDIATE
    assert digest_wanted(user) is False
    assert digest_day(user) == 4


@pytest.mark.django_db
def test_many_peoples_choices_are_read_in_one_query(django_assert_num_queries):
    chose = NotificationSettingsFactory(digest_day=3, deliveries={K.REPLY: Delivery.OFF})
    never = UserFactory()
    with django_assert_num_queries(1):
        found = preferences_for([chose.user_id, never.pk])
    assert found[chose.user_id].digest_day == 3
    assert found[chose.user_id].delivery(K.REPLY) == Delivery.OFF
    assert found[never.pk] == DEFAULTS


@pytest.mark.django_db
def test_the_digest_readers_of_a_day_are_those_who_chose_it_with_the_digest_on():
    from django.contrib.auth import get_user_model

    never = UserFactory()
    friday = NotificationSettingsFactory(digest_day=4).user
    monday = NotificationSettingsFactory(digest_day=0).user
    off = NotificationSettingsFactory(digest_day=0, digest=False).user
    users = get_user_model().objects
    assert set(users.filter(digest_readers_q(0))) == {never, monday}
    assert set(users.filter(digest_readers_q(4))) == {friday}
    assert off not in users.filter(digest_readers_q(0))


@pytest.mark.django_db
def test_turning_off_twice_changes_something_once():
    user = UserFactory()
    assert preferences_turn_off(user=user, what=K.REPLY) is True
    assert preferences_turn_off(user=user, what=K.REPLY) is False
    assert delivery_for(user, K.REPLY) == Delivery.OFF
    assert preferences_turn_off(user=user, what=DIGEST) is True
    assert preferences_turn_off(user=user, what=DIGEST) is False
    assert digest_wanted(user) is False


@pytest.mark.django_db
def test_the_invitation_cannot_be_turned_off():
    user = UserFactory()
    assert preferences_turn_off(user=user, what=K.INVITED) is False
    assert delivery_for(user, K.INVITED) == Delivery.IMMEDIATE
