"""Credentials for what mentors confirm (careerpath/credentials/, interface I3): the specs
built from the apps' rows, and the hooks that issue and revoke them."""

from django.conf import settings

from careerpath.credentials.names import provide
from careerpath.credentials.services import credential_issue, credentials_forget
from careerpath.credentials.specs import AchievementSpec, EvidenceSpec
from mentoring.models import SignOff
from profiles.display import public_name


def _public_name(user) -> str:
    profile = getattr(user, "profile", None)
    return public_name(profile.display_name if profile is not None else "")


def project_spec(project) -> AchievementSpec:
    """Return what a credential for a signed-off portfolio project says."""
    skills = ", ".join(sorted(skill.name for skill in project.skills.all()))
    criteria = [
        "A portfolio project the learner finished and a mentor on careerpath reviewed and "
        "signed off as done."
    ]
    if project.template_id:
        criteria.append(f"It fulfils the ladder's project “{project.template.title}”.")
    if skills:
        criteria.append(f"Skills it demonstrates: {skills}.")
    return AchievementSpec(
        kind="project",
        name=project.title,
        description=project.description or project.title,
        criteria=" ".join(criteria),
    )


def project_evidence(project) -> list[EvidenceSpec]:
    """Return the proofs of a project: its link, if it has one."""
    # The evidence model of issue 18 (profiles.Evidence) adds its links here once merged.
    if not project.link:
        return []
    return [EvidenceSpec(url=project.link, name=project.title, description="The project's link")]


def level_spec(level) -> AchievementSpec:
    """Return what a credential for a level a mentor confirmed says: the level, and its
    requirements as they were on the day (a later ladder edit leaves it as issued)."""
    requirements = [
        f"{requirement.skill.name} at {requirement.get_min_proficiency_display()}"
        for requirement in level.requirements.select_related("skill")
    ]
    criteria = (
        f"A mentor on careerpath confirmed, in a check-in where mentor and learner rated the "
        f"skills independently, that the learner works at the level of {level.title}."
    )
    if requirements:
        criteria += f" The level asks for: {'; '.join(requirements)}."
    if level.years_min:
        criteria += f" And {level.years_min} years of machine learning experience."
    return AchievementSpec(
        kind="level", name=level.title, description=level.summary, criteria=criteria
    )


def level_evidence(learner) -> list[EvidenceSpec]:
    """Return the proofs behind a confirmed level: the links of the learner's projects that
    mentors signed off."""
    sign_offs = SignOff.objects.filter(mentorship__learner=learner).select_related("project")
    seen: dict[str, EvidenceSpec] = {}
    for sign_off in sign_offs:
        project = sign_off.project
        if project.link and project.link not in seen:
            seen[project.link] = EvidenceSpec(
                url=project.link,
                name=project.title,
                description="A project a mentor signed off",
            )
    return list(seen.values())


def credential_for_level(sender=None, check_in=None, level=None, mentor=None, **kwargs):
    """A mentor confirmed a level in a check-in (mentoring.signals.level_confirmed): the
    learner receives a credential for it, in the same transaction."""
    if check_in is None or level is None:
        return
    learner = check_in.mentorship.learner
    credential_issue(
        holder=learner,
        achievement=level_spec(level),
        evidence=level_evidence(learner),
        source=f"check-in:{check_in.pk}",
        confirmed_by=mentor,
    )


def credential_for_sign_off(sender=None, sign_off=None, project=None, mentor=None, **kwargs):
    """A mentor signed off a project (mentoring.signals.project_signed_off): the learner
    receives a credential for it, in the same transaction."""
    if sign_off is None or project is None:
        return
    credential_issue(
        holder=project.user,
        achievement=project_spec(project),
        evidence=project_evidence(project),
        source=f"sign-off:{sign_off.pk}",
        confirmed_by=mentor,
    )


def credentials_on_account_deleted(sender=None, instance=None, **kwargs):
    """An account is about to be deleted: its credentials are revoked and forgotten."""
    if instance is not None:
        credentials_forget(holder=instance)


def connect() -> None:
    from django.db.models.signals import pre_delete

    from mentoring.signals import level_confirmed, project_signed_off

    provide(_public_name)
    project_signed_off.connect(credential_for_sign_off)
    level_confirmed.connect(credential_for_level)
    pre_delete.connect(credentials_on_account_deleted, sender=settings.AUTH_USER_MODEL)
