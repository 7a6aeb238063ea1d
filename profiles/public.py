"""The read model of a public profile: what anyone with the link sees of a person."""

from dataclasses import dataclass

from ladder.snapshot import ladder_snapshot

from .portfolio import Portfolio, portfolio_for, projects_for
from .standing import Standing, standing_for


@dataclass(frozen=True)
class PublicProfile:
    standing: Standing
    portfolio: Portfolio


def public_profile_for(profile) -> PublicProfile:
    """Return what the public profile of `profile` (read with its user) shows.
    Raise levels.LadderEmpty while the ladder has no levels."""
    user = profile.user
    standing = standing_for(user, ladder=ladder_snapshot(), profile=profile)
    return PublicProfile(standing=standing, portfolio=portfolio_for(standing, projects_for(user)))
