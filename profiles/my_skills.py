"""The read model of *My skills*: every skill of the active ladder as a form, grouped by
level of every track and by specialisation, with the person's ratings and the endorsements
their mentors gave."""

from dataclasses import dataclass, field

from ladder.models import Skill
from ladder.snapshot import Ladder, ladder_snapshot

from .assessment import NOT_RATED
from .evidence import NO_EVIDENCE, EvidenceSet, evidence_of
from .extras import EndorsementInfo, extras
from .forms import BaseSkillRatingFormSet, skill_rating_formset


@dataclass
class SkillGroup:
    """A part of *My skills*: a level of any track, or a specialisation, with the forms of
    its skills, how many are rated, and whether it starts open."""

    pk: str  # the anchor of its heading
    heading: str
    short: str  # its jump link
    forms: list
    rated: int = 0
    open: bool = False

    @property
    def complete(self) -> bool:
        return self.rated == len(self.forms)


def skill_groups(ladder: Ladder, forms, *, rated_ids) -> list[SkillGroup]:
    """Return the groups of *My skills*: each active level of the main ladder, then of the
    other tracks, with the forms of its key skills; then each specialisation with the forms
    of its deeper skills that no level lists. A group starts open when one of its rows has
    an error or a conflict to show, and so does the first group with a skill not rated yet
    (foundations first, as the advice goes); the others start closed, so the page is a list
    of groups rather than a wall of cards."""
    groups = []
    for track in ladder.tracks:
        for level in track.levels:
            main = track.is_main
            groups.append(
                SkillGroup(
                    pk=f"level-{level.id}",
                    heading=f"Level {level.order}: {level.title}"
                    if main
                    else f"{level.title} ({track.title} track)",
                    short=f"Level {level.order}" if main else level.title,
                    forms=[form for form in forms if form.skill.level_id == level.id],
                )
            )
    placed: set[int] = set()
    for specialisation in ladder.specialisations:
        ids = {skill.id for skill in specialisation.skills if skill.level is None} - placed
        placed |= ids
        groups.append(
            SkillGroup(
                pk=f"spec-{specialisation.id}",
                heading=f"Specialisation: {specialisation.title}",
                short=specialisation.title,
                forms=[form for form in forms if form.skill.pk in ids],
            )
        )
    groups = [group for group in groups if group.forms]
    for group in groups:
        group.rated = sum(1 for form in group.forms if form.skill.pk in rated_ids)
        group.open = any(form.errors or form.saved_now for form in group.forms)
    first_unrated = next((group for group in groups if not group.complete), None)
    if first_unrated is not None:
        first_unrated.open = True
    return groups


@dataclass
class MySkills:
    formset: BaseSkillRatingFormSet
    groups: list[SkillGroup]
    endorsements: dict[int, list[EndorsementInfo]] = field(default_factory=dict)
    evidence: EvidenceSet = NO_EVIDENCE  # each skill's links, counted beside it
    not_rated: str = NOT_RATED  # how a skill not answered yet is marked

    @property
    def rated(self) -> int:
        return sum(group.rated for group in self.groups)

    @property
    def failing(self) -> list:
        """The forms with an error, for the summary at the top of the page."""
        return [form for form in self.formset if form.errors]


def my_skills_formset(user, data=None):
    """Return the formset of every active skill, filled with the person's ratings (or with
    `data`, a submitted form), and those ratings."""
    skills = list(Skill.objects.active().select_related("level"))
    ratings = list(user.skill_ratings.all())
    return skill_rating_formset(skills=skills, ratings=ratings, data=data), ratings


def my_skills(user, formset, ratings) -> MySkills:
    """Return the page around `formset` (my_skills_formset)."""
    rated_ids = {rating.skill_id for rating in ratings}
    for form in formset:
        form.rated = form.skill.pk in rated_ids  # an unrated row says so (NOT_RATED)
    return MySkills(
        formset=formset,
        groups=skill_groups(ladder_snapshot(), formset, rated_ids=rated_ids),
        endorsements=extras().endorsements(user.pk),
        evidence=evidence_of(user.pk),
    )


def with_conflicts(user, formset, conflicts: dict) -> list:
    """After a save that met ratings changed elsewhere (`conflicts`: skill id -> the rating
    saved now), make every form carry its rating's current version and mark the conflicting
    ones with what is saved now; return the person's ratings."""
    ratings = list(user.skill_ratings.all())
    by_skill = {rating.skill_id: rating for rating in ratings}
    for form in formset:
        rating = by_skill.get(form.skill.pk)
        form.take_version(rating.version if rating else 0)
        form.take_opened(rating)
        if form.skill.pk in conflicts:
            form.show_conflict(conflicts[form.skill.pk])
    return ratings
