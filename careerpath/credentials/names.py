"""How credentials name people. A credential and its page are public (anyone with the link),
so they carry public names only, never an e-mail address. The rule lives with the profiles;
the composition hands it over at start-up (composition/apps.py), as this infrastructure
imports no app."""

from collections.abc import Callable

NOBODY = "A careerpath member"

_public_name: Callable[[object], str] = lambda user: NOBODY  # noqa: E731


def provide(public_name: Callable[[object], str]) -> None:
    global _public_name
    _public_name = public_name


def public_name(user) -> str:
    """Return the name `user` is shown by on public pages."""
    return _public_name(user) or NOBODY
