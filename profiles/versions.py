"""A person's data version (careerpath/versions.py): the version of everything their pages,
and their mentors' pages, show from their data. It is a column of their profile, moved by
every write of their data in the write's own transaction, and read with their account on every
signed-in request (profiles/auth.py).

Which writes move it is said in one table, composition/writes.py, with the
`People` target defined here."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest

from careerpath import fragments, versions
from ladder.versions import ladder_version

from .models import Profile


def people_changed(user_ids: Iterable[int | None]) -> None:
    """Start a new data version for each of these people (ids, or a queryset of ids).

    The profile rows are locked in the order of their ids, all at once: two writes that each
    move the same people (a mentor renamed while their mentorship ends) queue one behind the
    other instead of deadlocking."""
    ids = sorted({user_id for user_id in user_ids if user_id is not None})
    rows = Profile.objects.filter(user_id__in=ids)
    if len(ids) == 1:
        rows.update(data_version=versions.next_value("data_version"))
    elif ids:
        with transaction.atomic():
            list(rows.order_by("user_id").select_for_update().values_list("pk", flat=True))
            rows.update(data_version=versions.next_value("data_version"))


def version_of(user: AbstractBaseUser | AnonymousUser) -> int | None:
    """Return the data version of a person whose profile was read with them, or None
    (no profile yet: nothing is kept for them until they have one)."""
    profile: Profile | None = getattr(user, "profile", None)
    return profile.data_version if profile is not None else None


def part_key(request: HttpRequest, name: str, *people_versions: int | None) -> str | None:
    """Return the cache key of a part of a page rendered from these people's data (their
    data versions) and the ladder, for this browser today; None when it must be rendered
    afresh (careerpath/fragments.py)."""
    return fragments.part_key(request, name, ladder_version(), *people_versions)


class People:
    """The version target "the people these rows belong to": each path leads from a row to
    an account (e.g. "user", or "learner" and "mentor", or "mentorship__learner")."""

    def __init__(self, *paths: str) -> None:
        self.paths = paths

    def people(self, rows: versions.Rows) -> set[int]:
        return {user_id for path in self.paths for user_id in rows.values(path)}

    def move(self, rows: versions.Rows) -> None:
        people_changed(self.people(rows))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self.paths))})"
