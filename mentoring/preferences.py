"""What reaches a person: for each kind of notification, a delivery (by e-mail at once, in
the weekly digest, or only in the app), and whether and on which day the digest comes.

The rules, in words:
- A person who never changed anything has the defaults: what needs their answer (a mentee's
  project waiting for a sign-off, a request to review) comes by e-mail at once; everything
  else waits for the weekly digest, which comes on Mondays.
- An invitation to mentor goes to an address, which may have no account yet: it is always
  sent at once and is not a setting.
- "Off" stops the e-mail only: the notification is still in the app (the bell in the
  navigation bar).
- `delivery_for` is the one place that decides whether a notification's e-mail goes now
  (`mentoring.services.notify`) or waits for the digest.

Storage: one row per person (`NotificationSettings`), holding only the kinds they set, so
the digest reads everyone's choices with one query (`preferences_for(user_ids)`) and picks
its readers of the day with `digest_readers_q(weekday)`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .models import NotificationKind, NotificationSettings


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "By e-mail at once"
    DIGEST = "digest", "In the weekly digest"
    OFF = "off", "Only on the site"


MONDAY = 0
DIGEST = "digest"  # what an unsubscribe link turns off, beside the kinds

# Kinds that need an answer from the person told: e-mailed at once unless they choose
# otherwise. Every other kind waits for the digest by default.
ANSWER_NEEDED: frozenset[str] = frozenset(
    {
        NotificationKind.INVITED,
        NotificationKind.MENTEE_PROJECT_DONE,
        # a check-in waits for the other side's ratings, a proposal, or the mentor's confirmation
        NotificationKind.CHECK_IN_STARTED,
        NotificationKind.CHECK_IN_RATED,
        NotificationKind.CHECK_IN_PROPOSED,
    }
)
# Never a setting: the invitation e-mail goes to an address, at once
# (mentoring.mail.invitation_email).
ALWAYS_IMMEDIATE: frozenset[str] = frozenset({NotificationKind.INVITED})


@dataclass(frozen=True)
class Topic:
    """A group of kinds people choose for at once, named in their words."""

    key: str
    label: str
    help: str
    kinds: tuple[str, ...]


K = NotificationKind
# The settings page's radio groups, in the order it shows them. Each kind is in one topic;
# a kind added later and left out gets a group of its own (`topics()`).
TOPICS: tuple[Topic, ...] = (
    Topic(
        "answers",
        "Answers to your invitations",
        "A person you invited accepts or declines, or a learner cancels their invitation.",
        (K.ACCEPTED, K.DECLINED, K.CANCELLED),
    ),
    Topic(
        "ended",
        "Mentorships that end",
        "Your learner or mentor ends a mentorship, or a mentor deletes their account.",
        (K.ENDED, K.ENDED_WITH_REASON, K.MENTOR_LEFT),
    ),
    Topic(
        "feedback",
        "Feedback from your mentors",
        "A mentor leaves you feedback, on your profile, a skill or a project.",
        (K.FEEDBACK, K.FEEDBACK_ON_SKILL, K.FEEDBACK_ON_PROJECT),
    ),
    Topic(
        "reviews",
        "Reviews of your skills and projects",
        "A mentor endorses or reviews your skills, or signs off a project.",
        (K.ENDORSED, K.REVIEWED, K.SIGNED_OFF),
    ),
    Topic(
        "replies",
        "Replies in feedback threads",
        "Someone answers in a thread about feedback.",
        (K.REPLY,),
    ),
    Topic(
        "check_ins_to_answer",
        "Check-ins that wait for you",
        "The other side starts a check-in, both ratings are in, or a result is proposed.",
        (K.CHECK_IN_STARTED, K.CHECK_IN_RATED, K.CHECK_IN_PROPOSED),
    ),
    Topic(
        "check_ins_done",
        "Check-ins agreed or cancelled",
        "A check-in's result is agreed, or a check-in is cancelled.",
        (K.CHECK_IN_AGREED, K.CHECK_IN_CANCELLED),
    ),
    Topic(
        "mentee_projects",
        "A mentee's project waits for your sign-off",
        "A person you mentor marks a project done.",
        (K.MENTEE_PROJECT_DONE,),
    ),
    Topic(
        "mentee_ratings",
        "A mentee changes their skill ratings",
        "A person you mentor rates their skills anew; you may want to review them.",
        (K.MENTEE_RATINGS_CHANGED,),
    ),
    Topic("messages", "Other messages", "Messages from careerpath.", (K.MESSAGE,)),
)


def default_delivery(kind: str) -> str:
    """Return the delivery of a kind for a person who never chose one."""
    return Delivery.IMMEDIATE if kind in ANSWER_NEEDED else Delivery.DIGEST


def topics() -> list[Topic]:
    """Return the topics people choose for: TOPICS, and a topic of its own for each kind
    no topic names (but never the invitation, which is not a setting)."""
    named = {kind for topic in TOPICS for kind in topic.kinds}
    extra = [
        Topic(kind.value, kind.label, "", (kind.value,))
        for kind in NotificationKind
        if kind not in named and kind not in ALWAYS_IMMEDIATE
    ]
    return [*TOPICS, *extra]


def topic_of(kind: str) -> Topic | None:
    """Return the topic a kind is chosen with, or None for the invitation."""
    return next((topic for topic in topics() if kind in topic.kinds), None)


@dataclass(frozen=True)
class Preferences:
    """A person's choices; `deliveries` holds only what they set."""

    deliveries: Mapping[str, str] = field(default_factory=dict)
    digest: bool = True
    digest_day: int = MONDAY

    def delivery(self, kind: str) -> str:
        """Return how a notification of this kind reaches the person."""
        if kind in ALWAYS_IMMEDIATE:
            return Delivery.IMMEDIATE
        chosen = self.deliveries.get(kind)
        return chosen if chosen in Delivery.values else default_delivery(kind)

    @property
    def digest_kinds(self) -> frozenset[str]:
        """Return the kinds that wait for the digest (whether or not it is wanted)."""
        return frozenset(k for k in NotificationKind.values if self.delivery(k) == Delivery.DIGEST)

    def turned_off(self, what: str) -> "Preferences":
        """Return these choices with the digest (`what` = "digest") or the topic of a kind
        turned off, as an unsubscribe link does."""
        if what == DIGEST:
            return Preferences(dict(self.deliveries), False, self.digest_day)
        topic = topic_of(what)
        kinds = topic.kinds if topic else ()
        return Preferences(
            {**self.deliveries, **dict.fromkeys(kinds, Delivery.OFF.value)},
            self.digest,
            self.digest_day,
        )

    def is_off(self, what: str) -> bool:
        """Return whether the digest (`what` = "digest") or every kind of the topic of the
        kind `what` is off."""
        if what == DIGEST:
            return not self.digest
        topic = topic_of(what)
        return topic is not None and all(self.delivery(k) == Delivery.OFF for k in topic.kinds)


DEFAULTS = Preferences()


def _of_row(row: NotificationSettings | None) -> Preferences:
    if row is None:
        return DEFAULTS
    return Preferences(dict(row.deliveries), row.digest, row.digest_day)


def _user_id(user) -> int:
    return user if isinstance(user, int) else user.pk


def preferences_of(user) -> Preferences:
    """Return a person's choices (a user or a user id): one query."""
    return _of_row(NotificationSettings.objects.filter(user_id=_user_id(user)).first())


def preferences_for(user_ids: Iterable[int]) -> dict[int, Preferences]:
    """Return many people's choices in one query, the defaults for those who set none."""
    ids = list(user_ids)
    rows = {row.user_id: row for row in NotificationSettings.objects.filter(user_id__in=ids)}
    return {pk: _of_row(rows.get(pk)) for pk in ids}


def delivery_for(user, kind: str) -> str:
    """Return how a notification of `kind` reaches the user: Delivery.IMMEDIATE (an e-mail
    now), DIGEST (the weekly digest) or OFF (only in the app)."""
    if kind in ALWAYS_IMMEDIATE:
        return Delivery.IMMEDIATE
    return preferences_of(user).delivery(kind)


def digest_wanted(user) -> bool:
    return preferences_of(user).digest


def digest_day(user) -> int:
    """Return the day of the week the user's digest comes: 0 is Monday."""
    return preferences_of(user).digest_day


def digest_readers_q(weekday: int, *, prefix: str = "") -> Q:
    """Return a filter of the user model (or of a model whose `prefix` leads to a user, e.g.
    "user__") for the people whose digest comes on `weekday` (0 = Monday): those who chose
    that day and kept the digest on, and, on Mondays, those who never chose."""
    settings_ = f"{prefix}notification_settings"
    chosen = Q(**{f"{settings_}__digest": True, f"{settings_}__digest_day": weekday})
    if weekday == MONDAY:
        return chosen | Q(**{f"{settings_}__isnull": True})
    return chosen


@transaction.atomic
def preferences_set(*, user, preferences: Preferences) -> Preferences:
    """Save a person's choices (only what differs from the defaults is kept per kind)."""
    _lock(user)
    deliveries = {
        kind: value
        for kind, value in preferences.deliveries.items()
        if kind in NotificationKind.values
        and kind not in ALWAYS_IMMEDIATE
        and value in Delivery.values
        and value != default_delivery(kind)
    }
    NotificationSettings.objects.update_or_create(
        user=user,
        defaults={
            "deliveries": deliveries,
            "digest": preferences.digest,
            "digest_day": preferences.digest_day,
            "updated_at": timezone.now(),
        },
    )
    return Preferences(deliveries, preferences.digest, preferences.digest_day)


@transaction.atomic
def preferences_turn_off(*, user, what: str) -> bool:
    """Turn off the digest (`what` = "digest") or the topic of a kind, as an unsubscribe
    link does; return whether anything changed (a second click changes nothing). The row is
    locked, so a click and a save of the settings page queue."""
    _lock(user)
    current = preferences_of(user)
    if current.is_off(what) or not unsubscribable(what):
        return False
    preferences_set(user=user, preferences=current.turned_off(what))
    return True


def unsubscribable(what: str) -> bool:
    """Return whether an unsubscribe link may turn `what` off: the digest or a kind that is
    a setting (not the invitation)."""
    return what == DIGEST or topic_of(what) is not None


def _lock(user) -> None:
    # One writer per person: a click on an unsubscribe link and a save of the settings page
    # queue here instead of each creating the row.
    get_user_model().objects.select_for_update(no_key=True).filter(pk=_user_id(user)).first()
