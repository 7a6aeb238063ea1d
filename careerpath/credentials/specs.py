"""What an issued credential says, as the composition hands it over (interface I3)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class AchievementSpec:
    kind: str  # "level" or "project" (CredentialKind)
    name: str  # "Senior ML Engineer"
    description: str
    criteria: str  # the narrative of the criteria (Open Badges allows markdown)


@dataclass(frozen=True)
class EvidenceSpec:
    url: str
    name: str
    description: str = ""
