"""The active ladder as one immutable snapshot, built once per content version and cached.

The ladder changes a few times a year and is read on every page, so the pages read it from
`ladder_snapshot()`: plain frozen dataclasses and tuples (data.py), no querysets, no lazy
relations, built by build.py.

The snapshot is kept in the cache under the content version (ladder/versions.py), a number
in the database moved by every write of content in its own transaction. The next request
after a committed edit reads the new version and builds the new ladder; nobody else sees an
uncommitted edit. With the cache unreachable, the snapshot is built from the database:
slower, never a 500, never stale.
"""

from typing import cast

from django.core.cache import cache

from careerpath.cache import DAY

from ..versions import ladder_version
from .build import build_ladder
from .data import (
    CourseData,
    DirectionData,
    Ladder,
    LevelData,
    LevelRef,
    LevelRequirement,
    PathStepData,
    ProjectTemplateData,
    SkillAreaData,
    SkillData,
    SkillRef,
    SkillRequirement,
    SpecialisationData,
    TrackData,
)

__all__ = [
    "CourseData",
    "DirectionData",
    "Ladder",
    "LevelData",
    "LevelRef",
    "LevelRequirement",
    "PathStepData",
    "ProjectTemplateData",
    "SkillAreaData",
    "SkillData",
    "SkillRef",
    "SkillRequirement",
    "SpecialisationData",
    "TrackData",
    "build_ladder",
    "ladder_snapshot",
    "ladder_version",
]

# The last snapshot this process used, so a request whose version has not changed skips
# unpickling the ladder from the cache.
_memo: Ladder | None = None


def ladder_snapshot() -> Ladder:
    """Return the active ladder at the content version this request sees."""
    global _memo
    version = ladder_version()
    memo = _memo
    if memo is not None and memo.version == version:
        return memo
    ladder = cast(Ladder | None, cache.get(f"ladder:{version}"))
    if ladder is None:
        ladder = build_ladder(version=version)
        cache.set(f"ladder:{version}", ladder, DAY)
    _memo = ladder
    return ladder
