"""Check-ins: what a frozen check-in keeps, and how two of them compare. Plain data in,
plain data out, like the level rules (profiles/assessment.py).

The rules:
- The learner and the mentor each rate the chosen skills; neither sees the other's ratings
  until both have submitted theirs (`sides_shown`).
- The result is the agreed rating of each chosen skill, a level (or none) and a note. Only
  the mentor confirms it; confirming freezes the check-in.
- A frozen check-in keeps its figures as they were that day (`Snapshot`): the learner's
  level and target, the readiness for every level of the target's chain, each chosen skill
  with its name, both sides' ratings, the agreed rating and whether a mentor verified it,
  and the learner's rating of every skill. The figures are worked out from the learner's
  own ratings with the agreed ratings in place of theirs for the chosen skills. Later
  changes to the ladder (a renamed level, a retired skill, a changed requirement) or to
  the ratings never rewrite it: a frozen check-in is shown from its snapshot alone.
- Two frozen check-ins compare by skill (the skills whose rating rose or fell, by id, so a
  renamed skill is the same skill) and by readiness for the levels both list
  (`compare`): "since the check-in of 3 Nov 2026: +3 skills, Senior ML Engineer 54 % →
  71 %".
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from profiles import assessment as rules
from profiles.verification import MentorProof, check_verified, verify_held, verify_level

SNAPSHOT_VERSION = 1
STEP_LABELS = rules.STEP_LABELS


def sides_shown(*, viewer: str, learner_rated: bool, mentor_rated: bool) -> set[str]:
    """Return the sides ("learner", "mentor") whose ratings `viewer` may see: their own, and
    the other side's only once both have rated."""
    if learner_rated and mentor_rated:
        return {"learner", "mentor"}
    return {viewer}


@dataclass(frozen=True)
class SkillLine:
    """A chosen skill in a frozen check-in."""

    skill_id: int
    name: str
    learner: int | None
    mentor: int | None
    agreed: int | None
    need: int | None  # the target's minimum for it (None: the target does not ask for it)
    verified: bool

    @property
    def learner_label(self) -> str:
        return _label(self.learner)

    @property
    def mentor_label(self) -> str:
        return _label(self.mentor)

    @property
    def agreed_label(self) -> str:
        return _label(self.agreed)

    @property
    def need_label(self) -> str:
        return _label(self.need) if self.need else "not asked"


def _label(value: int | None) -> str:
    return STEP_LABELS[value] if value is not None else "—"


@dataclass(frozen=True)
class LevelReadiness:
    level_id: int
    title: str
    readiness: int


@dataclass(frozen=True)
class Snapshot:
    """A check-in as it was agreed."""

    held_on: date
    mentor_name: str
    current_level: str
    target_level_id: int
    target_level: str
    agreed_level: str | None
    note: str
    readiness: tuple[LevelReadiness, ...]
    skills: tuple[SkillLine, ...]
    verified: int  # skill requirements up to the target verified by a mentor
    verified_total: int
    held_label: str  # the current level: "verified by a mentor" or "self-assessed"
    ratings: tuple[tuple[int, str, int], ...]  # (skill id, name, rating) of every skill
    points: int  # the ratings added up

    @property
    def target_readiness(self) -> int | None:
        return readiness_of(self, self.target_level_id)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["held_on"] = self.held_on.isoformat()
        data["version"] = SNAPSHOT_VERSION
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Snapshot":
        return cls(
            held_on=date.fromisoformat(data["held_on"]),
            mentor_name=data["mentor_name"],
            current_level=data["current_level"],
            target_level_id=data["target_level_id"],
            target_level=data["target_level"],
            agreed_level=data["agreed_level"],
            note=data["note"],
            readiness=tuple(LevelReadiness(**row) for row in data["readiness"]),
            skills=tuple(SkillLine(**row) for row in data["skills"]),
            verified=data["verified"],
            verified_total=data["verified_total"],
            held_label=data["held_label"],
            ratings=tuple((int(i), str(n), int(v)) for i, n, v in data["ratings"]),
            points=data["points"],
        )


def readiness_of(snapshot: Snapshot, level_id: int) -> int | None:
    return next((r.readiness for r in snapshot.readiness if r.level_id == level_id), None)


def with_agreed(own: Mapping[int, int], agreed: Mapping[int, int]) -> dict[int, int]:
    """Return the learner's ratings with the agreed ones in place of theirs."""
    return {**own, **agreed}


def snapshot_of(
    *,
    chain: Sequence[rules.LevelRule],
    target_id: int | None,
    years: float,
    own: Mapping[int, int],
    skill_names: Mapping[int, str],
    chosen: Sequence[int],
    learner: Mapping[int, int],
    mentor: Mapping[int, int],
    agreed: Mapping[int, int],
    proof: MentorProof,
    held_on: date,
    mentor_name: str,
    agreed_level: str | None,
    note: str,
) -> Snapshot:
    """Return the figures of a check-in agreed on `held_on`.

    `chain` is the learner's target's chain of levels, `own` their ratings of the skills on
    the ladder (skill id -> proficiency), `skill_names` the names of the ladder's skills (and
    of the chosen ones), `learner`/`mentor`/`agreed` each side's ratings of the chosen
    skills, `proof` what mentors have backed (the agreed ratings included)."""
    proficiencies = with_agreed(own, agreed)
    position = rules.assess(chain, years=years, proficiencies=proficiencies)
    ordered = sorted(chain, key=lambda level: level.order)
    ids = [level.id for level in ordered]
    target_id = target_id if target_id in ids else (position.next or position.current).id
    target = next(level for level in ordered if level.id == target_id)
    up_to_target = rules.merged_checks(
        check
        for level in ordered
        if level.order <= target.order
        for check in rules.checks_for(level, years=years, proficiencies=proficiencies)
    )
    needs = {c.skill_id: int(c.need) for c in up_to_target if c.skill_id is not None}
    target_verification = verify_level(up_to_target, own=proficiencies, proof=proof)
    lines = []
    for skill_id in chosen:
        need = needs.get(skill_id)
        if need is not None:
            verified = check_verified(
                rules.Check(
                    label="", have=proficiencies.get(skill_id, 0), need=need, skill_id=skill_id
                ),
                own=proficiencies,
                proof=proof,
            )
        else:
            verified = skill_id in proof.rated
        lines.append(
            SkillLine(
                skill_id=skill_id,
                name=skill_names.get(skill_id, ""),
                learner=learner.get(skill_id),
                mentor=mentor.get(skill_id),
                agreed=agreed.get(skill_id),
                need=need,
                verified=verified,
            )
        )
    return Snapshot(
        held_on=held_on,
        mentor_name=mentor_name,
        current_level=position.current.title,
        target_level_id=target.id,
        target_level=target.title,
        agreed_level=agreed_level,
        note=note,
        readiness=tuple(
            LevelReadiness(
                level_id=level.id,
                title=level.title,
                readiness=rules.assess_target(
                    chain, level.id, years=years, proficiencies=proficiencies
                ).readiness,
            )
            for level in ordered[1:]
        ),
        skills=tuple(lines),
        verified=target_verification.verified,
        verified_total=target_verification.total,
        held_label=verify_held(position, own=proficiencies, proof=proof).label,
        ratings=tuple(
            (skill_id, skill_names.get(skill_id, ""), value)
            for skill_id, value in sorted(proficiencies.items())
            if skill_id in skill_names
        ),
        points=sum(value for skill_id, value in proficiencies.items() if skill_id in skill_names),
    )


@dataclass(frozen=True)
class Change:
    name: str
    before: int
    after: int

    @property
    def before_label(self) -> str:
        return STEP_LABELS[self.before]

    @property
    def after_label(self) -> str:
        return STEP_LABELS[self.after]


@dataclass(frozen=True)
class ReadinessChange:
    title: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    earlier: Snapshot
    later: Snapshot
    rose: tuple[Change, ...]
    fell: tuple[Change, ...]
    readiness: tuple[ReadinessChange, ...]  # every level both list, in the later's order
    target: ReadinessChange | None  # the later check-in's target, if the earlier lists it

    @property
    def summary(self) -> str:
        """Return "since the check-in of 3 Nov 2026: +3 skills, Senior 54 % → 71 %"."""
        parts = [f"+{len(self.rose)} skill{'s' if len(self.rose) != 1 else ''}"]
        if self.fell:
            parts.append(f"−{len(self.fell)} skill{'s' if len(self.fell) != 1 else ''}")
        if self.target is not None:
            parts.append(f"{self.target.title} {self.target.before} % → {self.target.after} %")
        held = f"{self.earlier.held_on.day} {self.earlier.held_on:%b %Y}"
        return f"since the check-in of {held}: {', '.join(parts)}"


def compare(earlier: Snapshot, later: Snapshot) -> Comparison:
    """Return what changed from the check-in `earlier` to `later` (put in date order)."""
    if (later.held_on, later.points) < (earlier.held_on, earlier.points):
        earlier, later = later, earlier
    before = {skill_id: value for skill_id, _name, value in earlier.ratings}
    after = {skill_id: (name, value) for skill_id, name, value in later.ratings}
    names = {skill_id: name for skill_id, name, _value in earlier.ratings}
    rose, fell = [], []
    for skill_id in sorted(set(before) | set(after)):
        name, value = after.get(skill_id, (names.get(skill_id, ""), 0))
        old = before.get(skill_id, 0)
        if value > old:
            rose.append(Change(name=name, before=old, after=value))
        elif value < old:
            fell.append(Change(name=name, before=old, after=value))
    earlier_readiness = {row.level_id: row.readiness for row in earlier.readiness}
    readiness = tuple(
        ReadinessChange(
            title=row.title, before=earlier_readiness[row.level_id], after=row.readiness
        )
        for row in later.readiness
        if row.level_id in earlier_readiness
    )
    target_before = readiness_of(earlier, later.target_level_id)
    return Comparison(
        earlier=earlier,
        later=later,
        rose=tuple(rose),
        fell=tuple(fell),
        readiness=readiness,
        target=(
            ReadinessChange(
                title=later.target_level,
                before=target_before,
                after=later.target_readiness or 0,
            )
            if target_before is not None
            else None
        ),
    )
