"""The read model of a public profile: what anyone with the link sees of a person, each
part behind the option the person chose (Profile.public_projects, public_sign_offs,
public_endorsements)."""

from dataclasses import dataclass, field

from ladder.snapshot import ladder_snapshot

from .extras import EndorsementInfo, extras
from .portfolio import Portfolio, portfolio_for, projects_and_proof
from .standing import Standing, standing_for
from .verification import Verification, verify_held


@dataclass(frozen=True)
class EndorsedSkill:
    """A skill the person rated, with their mentors' current reviews of that rating."""

    name: str
    rating: str  # the person's own rating
    reviews: list[EndorsementInfo]


@dataclass(frozen=True)
class PublicProfile:
    standing: Standing
    portfolio: Portfolio
    done_projects: list = field(default_factory=list)  # with `signed_off`, latest first
    show_sign_offs: bool = False
    endorsed: list[EndorsedSkill] = field(default_factory=list)
    # the level held: self-assessed, or verified by a mentor (profiles/verification.py)
    verification: Verification = Verification(verified=0, total=0)


def public_profile_for(profile) -> PublicProfile:
    """Return what the public profile of `profile` (read with its user) shows.
    Raise levels.LadderEmpty while the ladder has no levels."""
    user = profile.user
    standing = standing_for(user, ladder=ladder_snapshot(), profile=profile)
    projects, proof = projects_and_proof(user)
    portfolio = portfolio_for(standing, projects)
    return PublicProfile(
        standing=standing,
        portfolio=portfolio,
        done_projects=(
            [p for p in portfolio.projects if p.is_done] if profile.public_projects else []
        ),
        show_sign_offs=profile.public_sign_offs,
        endorsed=_endorsed(user, standing) if profile.public_endorsements else [],
        verification=verify_held(standing.assessment, own=standing.proficiencies, proof=proof),
    )


def _endorsed(user, standing) -> list[EndorsedSkill]:
    """The person's rated skills that a mentor reviewed as they are rated now."""
    reviews = extras().endorsements(user.pk)
    found = []
    for rating in standing.ratings:
        current = [r for r in reviews.get(rating.skill_id, []) if r.current]
        if rating.proficiency and current:
            found.append(
                EndorsedSkill(
                    name=rating.skill.name,
                    rating=rating.get_proficiency_display(),
                    reviews=current,
                )
            )
    return found
