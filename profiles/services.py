"""Writes to a learner's data. Each validates, saves and records history in one transaction.

Edits are optimistic: an edit form carries the `version` of the row it was read at, and the
update only applies while the row is still at that version (bumping it). A row changed in
between is a conflict, reported with the row as it is now and nothing written, unless it
already holds exactly the submitted values (a repeated save, such as a double click).
Ratings are saved one person at a time: the save locks the person's profile row first.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from careerpath import versions
from ladder.models import Course, Level, PathStep, ProjectTemplate, Skill

from .models import (
    CourseProgress,
    CourseState,
    Evidence,
    Experience,
    PathStepDone,
    Profile,
    Project,
    ProjectStatus,
    SkillRating,
    SkillRatingChange,
)
from .signals import project_finished, ratings_changed

EDIT_CONFLICT = (
    "This was changed somewhere else (another tab or device) after you opened this form, "
    "so nothing was saved. Your changes are still in the form; the saved values are shown "
    "above it. Save again to replace them with yours."
)
RATINGS_CONFLICT = (
    "Some skills were rated somewhere else (another tab or device) after you opened this "
    "page, so your ratings of them were not saved: they are marked below with the saved "
    "values. Save again to replace them with yours. Your other ratings are saved."
)

RATING_CHANGED_ELSEWHERE = "Rated somewhere else since you opened this page, so not saved."


class EditConflict(Exception):
    """The row changed since the form was read; `current` is the row as saved now."""

    def __init__(self, current):
        super().__init__(EDIT_CONFLICT)
        self.current = current


def _update_at_version(instance, *, version: int, values: dict, same) -> None:
    """Write `values` to the instance's row if it is still at `version`, and bump it.

    `same(row)` says whether a row changed in between already holds these values: then
    the save succeeds without writing. Otherwise raise EditConflict with that row.
    The instance is updated to what was saved."""
    model = type(instance)
    stamp = {"updated_at": timezone.now()} if hasattr(instance, "updated_at") else {}
    updated = versions.update(
        model.objects.filter(pk=instance.pk, version=version),
        **values,
        **stamp,
        version=F("version") + 1,
    )
    if updated:
        for name, value in {**values, **stamp, "version": version + 1}.items():
            setattr(instance, name, value)
        return
    current = model.objects.get(pk=instance.pk)  # DoesNotExist: deleted in between
    if not same(current):
        raise EditConflict(current)
    instance.refresh_from_db()


def _holds(row, values: dict) -> bool:
    return all(getattr(row, name) == value for name, value in values.items())


# Profile


def profile_get_or_create(*, user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_name_set(*, user, display_name: str) -> Profile:
    """Give a new account's profile the name typed at sign-up."""
    profile = profile_get_or_create(user=user)
    versions.update(Profile.objects.filter(pk=profile.pk), display_name=display_name)
    profile.refresh_from_db()
    return profile


@transaction.atomic
def profile_update(
    *,
    profile: Profile,
    version: int,
    display_name: str,
    headline: str,
    weekly_hours: int,
    github_url: str,
    kaggle_url: str,
    website_url: str,
    visibility: str,
    public_projects: bool = True,
    public_sign_offs: bool = True,
    public_endorsements: bool = False,
    public_evidence: bool = False,
) -> Profile:
    """Save the profile form, unless the profile changed since `version` (EditConflict)."""
    values = {
        "display_name": display_name,
        "headline": headline,
        "weekly_hours": weekly_hours,
        "github_url": github_url,
        "kaggle_url": kaggle_url,
        "website_url": website_url,
        "visibility": visibility,
        "public_projects": public_projects,
        "public_sign_offs": public_sign_offs,
        "public_endorsements": public_endorsements,
        "public_evidence": public_evidence,
    }
    _update_at_version(
        profile, version=version, values=values, same=lambda row: _holds(row, values)
    )
    return profile


@transaction.atomic
def profile_goals_update(
    *, profile: Profile, version: int, target: Level | None, specialisations
) -> Profile:
    """Save the target and the chosen specialisations, unless the profile changed since
    `version` (EditConflict). Empty target: the next level of the main ladder."""
    values = {"target_id": target.pk if target else None}
    chosen = {specialisation.pk for specialisation in specialisations}

    def same(row):
        return (
            _holds(row, values) and set(row.specialisations.values_list("pk", flat=True)) == chosen
        )

    _update_at_version(profile, version=version, values=values, same=same)
    # the row is locked by the update (or unchanged), so the choices can't interleave
    profile.specialisations.set(specialisations)
    return profile


@transaction.atomic
def profile_target_set(*, user, target: Level) -> Profile:
    """Make `target` the person's target whatever the profile holds now: the button says
    exactly what it does, so a repeated or late click sets the same value again."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    if profile.target_id != target.pk:
        versions.update(
            Profile.objects.filter(pk=profile.pk),
            target=target,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        profile.refresh_from_db()
    return profile


@transaction.atomic
def path_step_mark(*, user, step: PathStep, done: bool) -> bool:
    """Mark a step of the path in as done or not; return whether anything changed.

    A repeated submit (a double click, a second tab) finds the step as it asked and
    changes nothing; the person's profile row is locked first, so two requests queue."""
    Profile.objects.select_for_update().get_or_create(user=user)
    if done:
        _, created = PathStepDone.objects.get_or_create(user=user, step=step)
        return created
    deleted, _ = PathStepDone.objects.filter(user=user, step=step).delete()
    return bool(deleted)


# Experience


def _experience_values(**fields) -> dict:
    return {
        name: fields[name]
        for name in ("role_title", "organisation", "start_month", "end_month", "is_ml_work")
    }


@transaction.atomic
def experience_create(
    *, user, role_title: str, organisation: str, start_month, end_month, is_ml_work: bool
) -> Experience:
    return Experience.objects.create(
        user=user,
        role_title=role_title,
        organisation=organisation,
        start_month=start_month,
        end_month=end_month,
        is_ml_work=is_ml_work,
    )


@transaction.atomic
def experience_update(
    *,
    experience: Experience,
    version: int,
    role_title: str,
    organisation: str,
    start_month,
    end_month,
    is_ml_work: bool,
) -> Experience:
    """Save an edited role, unless it changed since `version` (EditConflict)."""
    values = _experience_values(
        role_title=role_title,
        organisation=organisation,
        start_month=start_month,
        end_month=end_month,
        is_ml_work=is_ml_work,
    )
    _update_at_version(
        experience, version=version, values=values, same=lambda row: _holds(row, values)
    )
    return experience


@transaction.atomic
def experience_delete(*, experience: Experience) -> None:
    """Delete a role, whatever was changed in it meanwhile: the learner chose to drop it."""
    Experience.objects.filter(pk=experience.pk).delete()


# Projects


@transaction.atomic
def project_create(
    *,
    user,
    title: str,
    description: str,
    link: str,
    status: str,
    template: ProjectTemplate | None,
    skills,
) -> Project:
    project = Project.objects.create(
        user=user,
        title=title,
        description=description,
        link=link,
        status=status,
        template=template,
        done_on=timezone.localdate() if status == ProjectStatus.DONE else None,
    )
    project.skills.set(skills)
    if status == ProjectStatus.DONE:
        project_finished.send(sender=Project, user_id=user.pk, project=project)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    version: int,
    title: str,
    description: str,
    link: str,
    status: str,
    template: ProjectTemplate | None,
    skills,
) -> Project:
    """Save an edited project with its skills, unless it changed since `version`
    (EditConflict)."""
    values = {
        "title": title,
        "description": description,
        "link": link,
        "status": status,
        "template_id": template.pk if template else None,
    }
    skill_ids = {skill.pk for skill in skills}

    def same(row):
        return _holds(row, values) and set(row.skills.values_list("pk", flat=True)) == skill_ids

    was_done = Project.objects.filter(pk=project.pk, status=ProjectStatus.DONE).exists()
    # the day it was done: kept while it stays done, set when it becomes done, dropped
    # when it is taken back (the same condition as the signal below, read before the save)
    done_on: dict[str, date | None]
    if status != ProjectStatus.DONE:
        done_on = {"done_on": None}
    elif not was_done:
        done_on = {"done_on": timezone.localdate()}
    else:
        done_on = {}
    _update_at_version(project, version=version, values={**values, **done_on}, same=same)
    # the row is locked by the update (or unchanged), so the skills can't interleave
    project.skills.set(skills)
    if status == ProjectStatus.DONE and not was_done:
        project_finished.send(sender=Project, user_id=project.user_id, project=project)
    return project


@transaction.atomic
def project_delete(*, project: Project) -> None:
    """Delete a project, whatever was changed in it meanwhile."""
    Project.objects.filter(pk=project.pk).delete()


# The plan: target date, courses' states, the calendar feed


@transaction.atomic
def profile_plan_set(*, user, target_date: date | None, weekly_hours: int) -> Profile:
    """Set the person's target date (None: no deadline) and weekly hours for learning,
    whatever the profile holds now: the form says exactly what it sets, so a repeated
    submit sets the same values again and changes nothing."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    if (profile.target_date, profile.weekly_hours) != (target_date, weekly_hours):
        versions.update(
            Profile.objects.filter(pk=profile.pk),
            target_date=target_date,
            weekly_hours=weekly_hours,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        profile.refresh_from_db()
    return profile


COURSE_STATE_SET = {
    CourseState.PLANNED: "“{course}” is in your plan.",
    CourseState.STARTED: "“{course}” is marked started.",
    CourseState.DONE: (
        "“{course}” is marked done. It will not be recommended again; you can offer it as "
        "evidence of the skill it teaches on your plan."
    ),
}


@dataclass(frozen=True)
class CourseProgressSet:
    progress: CourseProgress
    changed: bool  # False: the course already had that state (a repeated click)


@transaction.atomic
def course_progress_set(
    *, user, course: Course, state: str, today: date | None = None
) -> CourseProgressSet:
    """Set the state of a course for the person: planned, started or done, with the day
    it was started and done. Setting the state it has changes nothing (a double click, a
    second tab); the person's profile row is locked first, so two requests queue rather
    than both creating the row. Started keeps the day it was first started; done keeps the
    day it was first done; going back to planned clears both."""
    if state not in CourseState.values:
        raise ValueError(f"not a course state: {state!r}")
    today = today or timezone.localdate()
    Profile.objects.select_for_update().get_or_create(user=user)
    progress = CourseProgress.objects.filter(user=user, course=course).first()
    if progress is not None and progress.state == state:
        return CourseProgressSet(progress, changed=False)
    if progress is None:
        progress = CourseProgress(user=user, course=course)
    progress.state = state
    if state == CourseState.PLANNED:
        progress.started_on = progress.done_on = None
    elif state == CourseState.STARTED:
        progress.started_on = progress.started_on or today
        progress.done_on = None
    else:
        progress.done_on = progress.done_on or today
    progress.save()
    return CourseProgressSet(progress, changed=True)


def course_evidence_note(*, course: Course, done_on: date | None) -> str:
    """Return the note of a done course offered as evidence: what it is and when it was
    done (the link is the course's page, which the note says, not a certificate's)."""
    when = f" on {done_on:%d %b %Y}" if done_on else ""
    note = f"Completed the course “{course.title}” ({course.provider}){when}; link to the course."
    return note[:200]


def new_calendar_token() -> str:
    """Return an unguessable token for a calendar feed's address (256 bits)."""
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_token_reset(*, user) -> str:
    """Give the person's calendar feed a new address and return its token: the old one
    stops working as soon as this commits. Also turns the feed on."""
    profile, _ = Profile.objects.select_for_update().get_or_create(user=user)
    token = new_calendar_token()
    versions.update(Profile.objects.filter(pk=profile.pk), calendar_token=token)
    return token


# Evidence

EVIDENCE_LIMIT = 10  # links per skill, and per project
EVIDENCE_FULL = (
    f"This already has {EVIDENCE_LIMIT} evidence links, the most one skill or project "
    "can hold. Remove one before adding another."
)
EVIDENCE_TWICE = "This link is already evidence here."
EVIDENCE_OF_ONE = "Evidence shows exactly one skill or one project."


class EvidenceRefused(Exception):
    """Evidence that can't be added; the message says why, for the person to read."""


@transaction.atomic
def evidence_add(
    *,
    user,
    kind: str,
    url: str,
    note: str = "",
    skill: Skill | None = None,
    project: Project | None = None,
) -> Evidence:
    """Add a link as evidence of one of the person's skills or of one of their projects.

    The link must be a well-formed https address (ValidationError otherwise); it is never
    fetched. A skill or project holds at most EVIDENCE_LIMIT links, each once
    (EvidenceRefused). The person's profile row is locked first, so two adds queue and the
    limit holds."""
    if (skill is None) == (project is None):
        raise EvidenceRefused(EVIDENCE_OF_ONE)
    if project is not None and project.user_id != user.pk:
        raise PermissionDenied("Evidence goes only on the person's own projects.")
    evidence = Evidence(user=user, kind=kind, url=url, note=note, skill=skill, project=project)
    evidence.clean_fields(exclude=["user", "skill", "project"])
    Profile.objects.select_for_update().get_or_create(user=user)
    siblings = Evidence.objects.filter(user=user, skill=skill, project=project)
    if siblings.filter(url=evidence.url).exists():
        raise EvidenceRefused(EVIDENCE_TWICE)
    if siblings.count() >= EVIDENCE_LIMIT:
        raise EvidenceRefused(EVIDENCE_FULL)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, user, evidence: Evidence) -> None:
    """Remove a piece of the person's own evidence (gone already: nothing to do)."""
    if evidence.user_id != user.pk:
        raise PermissionDenied("Only its owner removes evidence.")
    Evidence.objects.filter(pk=evidence.pk, user=user).delete()


# Skill ratings


@dataclass(frozen=True)
class RatingInput:
    skill: Skill
    proficiency: int | None  # None: not answered (nothing is saved for it)
    notes: str = ""
    evidence_url: str = ""
    # The rating's version when the form was read: 0 if there was no rating yet; None
    # saves whatever is stored now (for callers with no form).
    version: int | None = None


@dataclass(frozen=True)
class RatingsSaved:
    changes: int  # proficiency changes recorded (a first answer of Not started is none)
    # skill id -> the rating saved now (None: no rating) for skills rated elsewhere since
    # the form was read; their input was not saved
    conflicts: dict = field(default_factory=dict)
    answered: frozenset[int] = frozenset()  # ids of the skills rated for the first time
    written: int = 0  # ratings created or changed (notes and evidence included)


NOTHING_SAVED = (
    "Nothing to save: no skill was answered or changed. Skills you have not rated count as "
    "Not started in your advice."
)


def ratings_saved_message(saved: RatingsSaved, *, rated: int, total: int) -> str:
    """Return what the person is told after saving *My skills*: how many changes were
    recorded and how many skills are rated now, or that nothing was saved."""
    if not saved.written:
        return NOTHING_SAVED
    counter = f"You have rated {rated} of {total} skills."
    if not saved.changes:
        return f"Ratings saved. {counter}"
    changes = f"{saved.changes} proficiency change{'' if saved.changes == 1 else 's'}"
    return f"Ratings saved: {changes} recorded. {counter}"


@transaction.atomic
def skill_ratings_save(*, user, ratings: list[RatingInput]) -> RatingsSaved:
    """Save many ratings at once; record a history row for every proficiency change.

    "Not started" is an answer: a skill rated for the first time gets its row, whatever the
    step, and a history row unless it starts at Not started. A skill not answered
    (proficiency None) gets nothing, and a rating is never taken back to not rated. A skill
    whose rating changed since its `version` is a conflict and left as it is, unless the
    rating already holds the submitted values. One person's saves run one at a time (the
    profile row is locked first), so the history always chains: each change starts where
    the previous one ended, and the last ends at the current rating.
    """
    Profile.objects.select_for_update().get_or_create(user=user)
    existing = {r.skill_id: r for r in SkillRating.objects.filter(user=user)}
    changes, conflicts, answered, written = [], {}, set(), 0
    for item in ratings:
        if item.proficiency is None:
            continue  # not answered
        rating = existing.get(item.skill.pk)
        stored = (rating.proficiency, rating.notes, rating.evidence_url) if rating else None
        if stored == (item.proficiency, item.notes, item.evidence_url):
            continue  # nothing to write, whether read at an older version or not
        if item.version is not None and item.version != (rating.version if rating else 0):
            conflicts[item.skill.pk] = rating
            continue
        old = rating.proficiency if rating else None
        # a first answer of Not started is kept as the rating alone: the history and its
        # chart show movement, and it starts at Not started either way
        if old != item.proficiency and (old is not None or item.proficiency):
            changes.append(
                SkillRatingChange(
                    user=user,
                    skill=item.skill,
                    old_proficiency=old,
                    new_proficiency=item.proficiency,
                )
            )
        if rating is None:
            rating = SkillRating(user=user, skill=item.skill, version=0)
            answered.add(item.skill.pk)
        rating.proficiency = item.proficiency
        rating.notes = item.notes
        rating.evidence_url = item.evidence_url
        rating.version += 1
        rating.save()
        written += 1
    versions.bulk_create(SkillRatingChange, changes)
    if changes:  # one signal per save, however many skills moved
        ratings_changed.send(
            sender=SkillRating, user_id=user.pk, skill_ids=[change.skill.pk for change in changes]
        )
    return RatingsSaved(
        changes=len(changes),
        conflicts=conflicts,
        answered=frozenset(answered),
        written=written,
    )


def skill_rating_set(*, user, skill: Skill, proficiency: int, notes="", evidence_url="") -> int:
    """Set one skill's rating; see skill_ratings_save. Return the changes recorded."""
    saved = skill_ratings_save(
        user=user,
        ratings=[RatingInput(skill, proficiency, notes=notes, evidence_url=evidence_url)],
    )
    return saved.changes


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete the account and, through cascades, everything the app holds about the user."""
    get_user_model().objects.filter(pk=user.pk).delete()
