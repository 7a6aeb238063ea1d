"""What apps built on profiles add to a person's own pages, without profiles importing them.

Some of what a person's pages show is kept by an app above profiles: the dashboard lists the
notifications they have not read, the portfolio checklist says which mentor signed off each
project, *My skills* shows mentors' endorsements, and a level reads "verified by a mentor"
from what mentors rated and signed off. profiles asks for these through
`extras()`: an object with the methods of `PersonExtras`, which the composition provides at
start-up (composition/apps.py). Until one is provided the pages show none.

The shapes below are profiles' own, so its templates never reach into another app's models.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from django.db.models import Expression, Value

from ladder.models import Proficiency

from . import display
from .verification import MentorProof

FORMER_MENTOR = "a former mentor"  # whose account was deleted; what they gave stays


@dataclass(frozen=True)
class Notice:
    """Something the person was told, as a line of their dashboard."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class SignOffInfo:
    """A mentor's sign-off of a project, as the pages show it."""

    mentorship_id: int
    created_at: datetime
    mentor_display_name: str | None
    mentor_email: str | None  # None: the mentor's account was deleted

    @property
    def name(self) -> str:
        """The mentor's name for the learner: see display.private_name."""
        return display.private_name(self.mentor_display_name, self.mentor_email) or FORMER_MENTOR

    @property
    def public_name(self) -> str:
        """The mentor's name on a public profile: never the e-mail address."""
        return display.public_name(self.mentor_display_name, fallback="a mentor")


@dataclass(frozen=True)
class EndorsementInfo:
    """A mentor's latest review of one of the person's skills: their own rating of it, and
    the person's rating they reviewed."""

    mentor_name: str
    proficiency: int  # the mentor's rating
    created_at: datetime
    current: bool  # the person's rating is still the one reviewed
    rated_proficiency: int | None = None  # the person's rating reviewed (None: as endorsed)
    comment: str = ""
    mentor_public_name: str = "a mentor"  # on a public profile: never the e-mail address

    @property
    def agrees(self) -> bool:
        """Whether the mentor rated the skill as the person had."""
        return self.rated_proficiency is None or self.rated_proficiency == self.proficiency

    def get_proficiency_display(self) -> str:
        return Proficiency(self.proficiency).label

    def get_rated_proficiency_display(self) -> str:
        return Proficiency(self.rated_proficiency or self.proficiency).label


@dataclass(frozen=True)
class CheckInInfo:
    """A check-in as a learner's pages show it: when it is due or was held, with whom."""

    id: int
    due_on: date
    held_on: date | None
    mentor_name: str
    url: str


class PersonExtras(Protocol):
    def unread_notices(self, user_id: int, *, limit: int) -> list[Notice]:
        """Return the person's latest unread notifications, newest first."""

    def sign_offs_by_project(self, user_id: int) -> dict[int, list[SignOffInfo]]:
        """Return {project id: sign-offs} for the person's projects."""

    def endorsements(self, user_id: int) -> dict[int, list[EndorsementInfo]]:
        """Return {skill id: endorsements} for the person's skills."""

    def unread_count_expression(self, user_column: str) -> Expression:
        """Return an expression of the count of a person's unread notifications, for the
        query that reads the signed-in account with its session (profiles/sessions.py):
        `user_column` is that query's quoted column holding the account's id."""

    def mentor_proof(self, user_id: int) -> MentorProof:
        """Return what mentors have backed of the person's skills (profiles/verification.py):
        their highest own rating per skill and the skills of projects they signed off."""

    def mentor_proofs(self, user_ids: Sequence[int]) -> dict[int, MentorProof]:
        """Return {user id: mentor_proof(user id)} for many people at once."""

    def sign_offs_and_proof(self, user_id: int) -> tuple[dict[int, list[SignOffInfo]], MentorProof]:
        """Return sign_offs_by_project(user_id) and mentor_proof(user_id), read together."""

    def check_ins(self, user_id: int) -> list[CheckInInfo]: ...


class NoExtras:
    """What the pages show while no app provides extras: nothing."""

    def unread_notices(self, user_id, *, limit):
        return []

    def sign_offs_by_project(self, user_id):
        return {}

    def endorsements(self, user_id):
        return {}

    def unread_count_expression(self, user_column):
        return Value(0)

    def mentor_proof(self, user_id):
        return MentorProof()

    def mentor_proofs(self, user_ids):
        return {user_id: MentorProof() for user_id in user_ids}

    def sign_offs_and_proof(self, user_id):
        return {}, MentorProof()

    def check_ins(self, user_id):
        return []


_provided: PersonExtras = NoExtras()


def provide(provider: PersonExtras) -> None:
    """Make `provider` the source of the extras (once, at start-up)."""
    global _provided
    _provided = provider


def extras() -> PersonExtras:
    return _provided
