"""Progress in the specialisations a learner chose: each deeper skill counts up to
Proficient."""

from dataclasses import dataclass

from ladder.models import Proficiency

from . import assessment as rules


@dataclass(frozen=True)
class SpecialisationProgress:
    """A chosen specialisation: its deeper skills against Proficient, and what to do."""

    specialisation: object  # snapshot.SpecialisationData
    checks: tuple[rules.Check, ...]
    readiness: int
    projects_to_do: tuple = ()
    courses: tuple = ()


def specialisation_progress(specialisation, *, proficiencies, done_template_ids):
    """Return progress in a specialisation: each deeper skill counts up to Proficient."""
    checks = tuple(
        rules.Check(
            label=skill.name,
            have=proficiencies.get(skill.id, 0),
            need=Proficiency.PROFICIENT,
            skill_id=skill.id,
        )
        for skill in specialisation.skills
    )
    unmet = {check.skill_id for check in checks if not check.met}
    return SpecialisationProgress(
        specialisation=specialisation,
        checks=checks,
        readiness=rules.readiness(checks) if checks else 100,
        projects_to_do=tuple(
            t for t in specialisation.project_templates if t.id not in done_template_ids
        ),
        courses=tuple(
            c for c in specialisation.courses if any(skill in unmet for skill in c.skill_ids)
        ),
    )


def chosen_progress(ladder, *, chosen_ids, proficiencies, done_template_ids) -> list:
    """Return the progress in each specialisation the learner chose, in the ladder's order."""
    return [
        specialisation_progress(
            spec, proficiencies=proficiencies, done_template_ids=done_template_ids
        )
        for spec in ladder.specialisations
        if spec.id in chosen_ids
    ]
