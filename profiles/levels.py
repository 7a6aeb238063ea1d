"""A person's place on the ladder: the ladder snapshot and the person's own data, given to
the rules of assessment.py. Every page that shows a level or a target gets it from here."""

from dataclasses import dataclass
from typing import NamedTuple

from django.utils import timezone

from ladder.snapshot import DirectionData, Ladder, LevelData, TrackData

from . import assessment as rules
from . import verification


class LadderEmpty(Exception):
    """The ladder has no levels yet, so nobody can be assessed."""


def chain_orders(levels) -> dict[int, int]:
    """Return {level id: position} for a chain of levels: the main track's levels keep their
    order, and a branch track's levels follow the level the track branches from."""
    orders = {}
    main_track = levels[0].track_id if levels else None
    last_main = 0
    for level in levels:
        if level.track_id == main_track:
            orders[level.id] = last_main = level.order
        else:
            orders[level.id] = last_main + level.order
    return orders


def level_rules(levels) -> list[rules.LevelRule]:
    """Return the assessment's view of a chain of the snapshot's levels (see chain_orders)."""
    orders = chain_orders(levels)
    return [
        rules.LevelRule(
            id=level.id,
            order=orders[level.id],
            title=level.title,
            years=level.entry_years,
            requirements=tuple(
                rules.SkillRequirement(
                    skill_id=requirement.skill.id,
                    skill_name=requirement.skill.name,
                    min_proficiency=requirement.min_proficiency,
                    skill_level_order=orders.get(
                        requirement.skill.level_id, requirement.skill.level_order or 0
                    ),
                    skill_order=requirement.skill.order,
                    skill_slug=requirement.skill.slug,
                )
                for requirement in level.requirements
            ),
        )
        for level in levels
    ]


def on_ladder(ladder: Ladder, pairs) -> dict[int, int]:
    """Return {skill id: proficiency} of the (skill id, proficiency) pairs whose skill is on
    the active ladder: a retired skill's rating is kept, but no longer counts."""
    return {skill_id: value for skill_id, value in pairs if skill_id in ladder.skills_by_id}


def experience_periods(experiences) -> list[tuple]:
    """Return (start month, end month, is ML work) of experience entries, for the rules."""
    return [(e.start_month, e.end_month, e.is_ml_work) for e in experiences]


def ml_years(user, *, today=None) -> float:
    """Return the person's years of machine learning work (see rules.ml_experience_years)."""
    periods = user.experiences.values_list("start_month", "end_month", "is_ml_work")
    return rules.ml_experience_years(periods, today=today or timezone.localdate())


def person_assessment(
    ladder: Ladder, *, proficiencies: dict[int, int], periods, today=None
) -> rules.Assessment:
    """Return a person's assessment from the ladder and their own data: the one place the
    dashboard, the mentee page, the mentor's list and the public profile get it from.

    `proficiencies` is {skill id: proficiency}; ratings of skills no longer on the ladder
    are ignored. `periods` is (start month, end month, is ML work) per experience entry."""
    if not ladder.levels:
        raise LadderEmpty
    years = rules.ml_experience_years(periods, today=today or timezone.localdate())
    return rules.assess(
        level_rules(ladder.levels),
        years=years,
        proficiencies=on_ladder(ladder, proficiencies.items()),
    )


@dataclass(frozen=True)
class Target:
    """A person's target: the level, its track, the chain up to it and their readiness."""

    level: LevelData
    track: TrackData
    chain: tuple[LevelData, ...]
    assessment: rules.TargetAssessment
    chosen: bool  # chosen by the person, not the default (the next main level)

    @property
    def orders(self) -> dict[int, int]:
        return chain_orders(self.chain)


def target_for(ladder: Ladder, *, target_id, years: float, proficiencies: dict[int, int]) -> Target:
    """Return the person's target: the level they chose if it is still on an active track,
    else the next level of the main ladder (its top level once they hold it)."""
    level = ladder.all_levels_by_id.get(target_id) if target_id else None
    track = ladder.track_of(level) if level else None
    chain = ladder.chain(track) if track else ()
    chosen = bool(chain)
    if not chosen or level is None or track is None:
        track, chain = ladder.main_track, ladder.levels
        position = rules.assess(level_rules(chain), years=years, proficiencies=proficiencies)
        level = ladder.levels_by_id[(position.next or position.current).id]
    result = rules.assess_target(
        level_rules(chain), level.id, years=years, proficiencies=proficiencies
    )
    # a ladder with levels has its main track
    return Target(level=level, track=track, chain=chain, assessment=result, chosen=chosen)  # type: ignore[arg-type]


def entry_for(
    ladder: Ladder, level: LevelData, *, years: float, proficiencies: dict[int, int]
) -> rules.EntryChecks | None:
    """Return a level's entry requirements checked for a person, with those of the levels
    below it on its track's chain (None for a level on no reachable chain)."""
    track = ladder.track_of(level)
    chain = ladder.chain(track) if track else ()
    if level not in chain:
        return None
    return rules.entry_checks(
        level_rules(chain), level.id, years=years, proficiencies=proficiencies
    )


def every_target(ladder: Ladder, *, years: float, proficiencies: dict[int, int]) -> list:
    """Return [(track, [(level, target assessment)])] for every level of every track."""
    chains = [(track, ladder.chain(track)) for track in ladder.tracks]
    chains = [(track, chain) for track, chain in chains if chain]
    results = rules.assess_every_target(
        [(level_rules(chain), [level.id for level in track.levels]) for track, chain in chains],
        years=years,
        proficiencies=proficiencies,
    )
    return [
        (track, list(zip(track.levels, row, strict=True)))
        for (track, _), row in zip(chains, results, strict=True)
    ]


class LevelCard(NamedTuple):
    """A level on compare tracks: the person's readiness for it, and how many of its
    requirements (and those of the levels below it) a mentor verified."""

    level: LevelData
    result: rules.TargetAssessment
    verification: verification.Verification
    verified_ids: frozenset[int]  # skills whose requirement of this level is verified


def level_cards(
    ladder: Ladder,
    tracks: list,
    *,
    years: float,
    proficiencies: dict[int, int],
    proof: verification.MentorProof,
) -> list[tuple[TrackData, list[LevelCard]]]:
    """Return every_target's rows as cards, each level verified over every requirement of
    its page (entry_for: the level's own and those of the levels below it)."""
    cards = []
    for track, rows in tracks:
        row = []
        for level, result in rows:
            entry = entry_for(ladder, level, years=years, proficiencies=proficiencies)
            checks = verification.entry_requirements(entry) if entry else ()
            row.append(
                LevelCard(
                    level=level,
                    result=result,
                    verification=verification.verify_level(checks, own=proficiencies, proof=proof),
                    verified_ids=verification.verified_skill_ids(
                        checks, own=proficiencies, proof=proof
                    ),
                )
            )
        cards.append((track, row))
    return cards


def open_directions(
    ladder: Ladder, tracks: list
) -> list[tuple[DirectionData, rules.TargetAssessment]]:
    """Return the career directions whose level the person has not reached, with their
    readiness for it, from every_target's rows: where to go from the top of a track."""
    results = {level.id: result for _, rows in tracks for level, result in rows}
    return [
        (direction, results[direction.level.id])
        for direction in ladder.directions
        if direction.level.id in results and not results[direction.level.id].reached
    ]
