"""A level's change history as content editors read it in the admin.

A level's page in the admin edits the level and, inline, its entry requirements and
responsibilities; each of these rows keeps its own history records. The level's history
merges them, newest first, and says what each change did in words:

- a requirement: "Scikit-learn: Proficient → Expert", "Scikit-learn at Proficient added",
  "Python at Proficient → Scikit-learn at Expert" (another skill), "moved to <level>";
- a responsibility: its text before and after, its position, added or removed;
- the level: "<field>: <before> → <after>" for each field that changed.

Every entry keeps who made it and the reason given on the form. A record that changed
nothing (a level saved only for its inline rows, by an older version of the admin) says
nothing and is left out.

Pure: the records come as `Version`s whose values are already readable (names, proficiency
labels); ladder/selectors.py reads them.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

LEVEL = "level"
REQUIREMENT = "requirement"
RESPONSIBILITY = "responsibility"

ADDED, CHANGED, REMOVED = "+", "~", "-"
ACTIONS = {ADDED: "Added", CHANGED: "Changed", REMOVED: "Removed"}
SUBJECTS = {LEVEL: "Level", REQUIREMENT: "Entry requirement", RESPONSIBILITY: "Responsibility"}
ARROW = " → "
EARLIER_UNKNOWN = "(earlier value not kept)"


@dataclass(frozen=True)
class Version:
    """One history record of the level or of one of its rows: the values after the change.

    `values` maps, for the level, each field's label to its readable value; for a
    requirement "level", "skill" and "proficiency"; for a responsibility "level", "order"
    and "text"."""

    kind: str
    object_id: int
    level_id: int | None  # the level the row belonged to after the change (a level: its own id)
    history_id: int
    date: datetime
    action: str
    user: str
    reason: str
    values: Mapping[str, str]


@dataclass(frozen=True)
class Entry:
    """One line of the level's history page."""

    version: Version
    subject: str
    action: str
    changes: tuple[str, ...]

    @property
    def date(self) -> datetime:
        return self.version.date

    @property
    def user(self) -> str:
        return self.version.user

    @property
    def reason(self) -> str:
        return self.version.reason


def level_history(versions: Iterable[Version], *, level_id: int) -> list[Entry]:
    """Return the entries of the history of the level `level_id`, newest first. A row's
    records from its time on another level are left out, its moves in or out kept."""
    previous: dict[tuple[str, int], Version] = {}
    entries = []
    for version in sorted(versions, key=lambda v: (v.date, v.history_id)):
        before = previous.get((version.kind, version.object_id))
        previous[(version.kind, version.object_id)] = version
        changes = _changes(version, before, level_id)
        if changes:
            entries.append(
                Entry(
                    version=version,
                    subject=SUBJECTS[version.kind],
                    action=ACTIONS.get(version.action, version.action),
                    changes=changes,
                )
            )
    entries.reverse()
    return entries


def _changes(version: Version, before: Version | None, level_id: int) -> tuple[str, ...]:
    if version.kind == LEVEL:
        return _level_changes(version, before) if version.object_id == level_id else ()
    if version.level_id != level_id and (before is None or before.level_id != level_id):
        return ()  # the row's life on another level
    if version.kind == REQUIREMENT:
        return _requirement_changes(version, before, level_id)
    return _responsibility_changes(version, before, level_id)


def _level_changes(version: Version, before: Version | None) -> tuple[str, ...]:
    if version.action == ADDED:
        return (f"Level “{version.values.get('Title', '')}” created",)
    if version.action == REMOVED:
        return (f"Level “{version.values.get('Title', '')}” deleted",)
    if before is None:
        return (EARLIER_UNKNOWN,)
    return tuple(
        f"{label}: {before.values.get(label, '')}{ARROW}{value}"
        for label, value in version.values.items()
        if before.values.get(label) != value
    )


def _requirement(values: Mapping[str, str]) -> str:
    return f"{values.get('skill', '')} at {values.get('proficiency', '')}"


def _requirement_changes(
    version: Version, before: Version | None, level_id: int
) -> tuple[str, ...]:
    now = version.values
    if version.action == ADDED:
        return (f"{_requirement(now)} added",)
    if version.action == REMOVED:
        return (f"{_requirement(now)} removed",)
    if before is None:
        return (f"{_requirement(now)} {EARLIER_UNKNOWN}",)
    then = before.values
    changes = []
    if then.get("skill") != now.get("skill"):
        changes.append(f"{_requirement(then)}{ARROW}{_requirement(now)}")
    elif then.get("proficiency") != now.get("proficiency"):
        changes.append(
            f"{now.get('skill')}: {then.get('proficiency')}{ARROW}{now.get('proficiency')}"
        )
    changes += _moved(now.get("skill", ""), before, version, level_id)
    return tuple(changes)


def _responsibility_changes(
    version: Version, before: Version | None, level_id: int
) -> tuple[str, ...]:
    now = version.values
    if version.action == ADDED:
        return (f"“{now.get('text')}” added at position {now.get('order')}",)
    if version.action == REMOVED:
        return (f"“{now.get('text')}” removed",)
    if before is None:
        return (f"“{now.get('text')}” {EARLIER_UNKNOWN}",)
    then = before.values
    changes = []
    if then.get("text") != now.get("text"):
        changes.append(f"“{then.get('text')}”{ARROW}“{now.get('text')}”")
    if then.get("order") != now.get("order"):
        changes.append(
            f"“{now.get('text')}”: position {then.get('order')}{ARROW}{now.get('order')}"
        )
    changes += _moved(f"“{now.get('text')}”", before, version, level_id)
    return tuple(changes)


def _moved(name: str, before: Version, version: Version, level_id: int) -> list[str]:
    if before.level_id == version.level_id:
        return []
    if before.level_id == level_id:
        return [f"{name} moved to {version.values.get('level')}"]
    return [f"{name} moved here from {before.values.get('level')}"]
