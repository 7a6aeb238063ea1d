"""Writes of check-ins (mentoring/check_in_rules.py states the rules). Each write locks the
check-in's row first (or, to start one, the mentorship's), so two tabs, a double click or
both sides at once queue instead of interleaving: the first does the work, the next finds
it done and is told so. Every refusal is a MentoringError with a message below."""

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone

from careerpath import versions
from ladder.models import Level, Proficiency, Skill
from ladder.snapshot import ladder_snapshot
from profiles.display import display_name
from profiles.extras import FORMER_MENTOR
from profiles.levels import level_rules
from profiles.models import SkillRating
from profiles.standing import profile_of, standing_for

from .check_in_rules import snapshot_of
from .extras import MentoringExtras
from .models import (
    CheckIn,
    CheckInRating,
    CheckInStatus,
    Endorsement,
    Mentorship,
    NotificationKind,
    Side,
    Status,
)
from .services import MentoringError, notify
from .signals import level_confirmed

NOT_PARTY = "Only the learner and their current mentor take part in this check-in."
NO_SKILLS = "Choose at least one skill to rate."
ALREADY_RATED_BOTH = (
    "You have both rated already: the two ratings are side by side now, and yours can no "
    "longer change."
)
NOT_RATED_YET = "The result is agreed once you have both rated the skills."
ONLY_MENTOR_CONFIRMS = "Only the mentor confirms the result of a check-in."
ALREADY_AGREED = "This check-in is agreed already: its result is kept as it was agreed."
IS_CANCELLED = "This check-in was cancelled."
NO_LADDER = "The ladder has no levels yet, so a check-in cannot be agreed."
MISSING_RATINGS = "Rate every skill of the check-in: {names}."


def _date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _locked(check_in, user) -> tuple[CheckIn, str]:
    """Return the check-in locked until the transaction ends and the user's side, or raise
    NOT_PARTY unless the user is its learner or its mentor while the mentorship lasts."""
    locked = (
        CheckIn.objects.select_for_update(of=("self",))
        .select_related("mentorship__learner__profile", "mentorship__mentor__profile")
        .filter(pk=check_in.pk)
        .first()
    )
    if locked is None:
        raise MentoringError(NOT_PARTY)
    mentorship = locked.mentorship
    if mentorship.status != Status.ACCEPTED or user.pk not in (
        mentorship.learner_id,
        mentorship.mentor_id,
    ):
        raise MentoringError(NOT_PARTY)
    return locked, Side.LEARNER if user.pk == mentorship.learner_id else Side.MENTOR


def _refuse_unless(check_in, *statuses):
    if check_in.status in statuses:
        return
    raise MentoringError(
        {
            CheckInStatus.FROZEN: ALREADY_AGREED,
            CheckInStatus.CANCELLED: IS_CANCELLED,
            CheckInStatus.AGREEING: ALREADY_RATED_BOTH,
            CheckInStatus.OPEN: NOT_RATED_YET,
        }[check_in.status]
    )


def _other(check_in, side):
    mentorship = check_in.mentorship
    return mentorship.mentor if side == Side.LEARNER else mentorship.learner


def _tell(check_in, side, *, by, kind, detail="", email_subject=None, base_url=""):
    other = _other(check_in, side)
    if other is not None:
        notify(
            user=other,
            kind=kind,
            actor=by,
            detail=detail,
            url=check_in.get_absolute_url(),
            email_subject=email_subject,
            base_url=base_url,
        )


def default_skills(learner) -> list[int]:
    """Return the ids of the skills a new check-in rates unless the person picks others: the
    key skills of the learner's target level (its required skills when it lists none)."""
    ladder = ladder_snapshot()
    if not ladder.levels:
        return []
    standing = standing_for(learner, ladder=ladder, profile=profile_of(learner))
    level = standing.target.level
    return [s.id for s in level.key_skills] or [r.skill.id for r in level.requirements]


@transaction.atomic
def check_in_start(
    *, mentorship, by, skills: Iterable[Skill], due_on=None, base_url=""
) -> tuple[CheckIn, bool]:
    """Start a check-in in an accepted mentorship, by either side; return it and whether it
    is new. A mentorship has one unfinished check-in at a time: starting another (a double
    click, both sides at once) returns the one under way."""
    locked = (
        Mentorship.objects.select_for_update(no_key=True, of=("self",))
        .select_related("learner", "mentor")
        .filter(pk=mentorship.pk)
        .first()
    )
    if (
        locked is None
        or locked.status != Status.ACCEPTED
        or by.pk not in (locked.learner_id, locked.mentor_id)
    ):
        raise MentoringError(NOT_PARTY)
    under_way = CheckIn.objects.unfinished().filter(mentorship=locked).first()
    if under_way is not None:
        return under_way, False
    skills = list(skills)
    if not skills:
        raise MentoringError(NO_SKILLS)
    check_in = CheckIn.objects.create(
        mentorship=locked, started_by=by, **({"due_on": due_on} if due_on else {})
    )
    check_in.skills.set(skills)
    side = Side.LEARNER if by.pk == locked.learner_id else Side.MENTOR
    _tell(
        check_in,
        side,
        by=by,
        kind=NotificationKind.CHECK_IN_STARTED,
        detail=_date(check_in.due_on),
        email_subject="A check-in is planned",
        base_url=base_url,
    )
    return check_in, True


def _chosen_ids(check_in) -> list[int]:
    return list(check_in.skills.order_by("pk").values_list("pk", flat=True))


def _save_side(check_in, side, ratings: Mapping[int, int]):
    """Replace one side's ratings of the check-in's skills with `ratings` (every chosen skill
    must have one; others are ignored)."""
    chosen = _chosen_ids(check_in)
    missing = [pk for pk in chosen if pk not in ratings]
    if missing:
        names = ", ".join(Skill.objects.filter(pk__in=missing).values_list("name", flat=True))
        raise MentoringError(MISSING_RATINGS.format(names=names))
    CheckInRating.objects.filter(check_in=check_in, side=side).delete()
    versions.bulk_create(
        CheckInRating,
        [
            CheckInRating(check_in=check_in, skill_id=pk, side=side, proficiency=ratings[pk])
            for pk in chosen
        ],
    )


@transaction.atomic
def check_in_rate(*, check_in, by, ratings: Mapping[int, int], base_url="") -> CheckIn:
    """Save one side's ratings ({skill id: proficiency}). A side may rate again while the
    other has not rated (the later save wins); once both have, the ratings are shown side
    by side and no longer change. The side that rates second tells the other."""
    check_in, side = _locked(check_in, by)
    _refuse_unless(check_in, CheckInStatus.OPEN)
    _save_side(check_in, side, ratings)
    now = timezone.now()
    if side == Side.LEARNER:
        check_in.learner_rated_at = now
    else:
        check_in.mentor_rated_at = now
    if check_in.both_rated:
        check_in.status = CheckInStatus.AGREEING
    check_in.save()
    if check_in.both_rated:
        _tell(
            check_in,
            side,
            by=by,
            kind=NotificationKind.CHECK_IN_RATED,
            email_subject="Your check-in ratings are side by side",
            base_url=base_url,
        )
    return check_in


def _save_result(check_in, *, by, agreed, level, note):
    _save_side(check_in, Side.AGREED, agreed)
    check_in.level = level
    check_in.note = note
    check_in.proposed_by = by
    check_in.proposed_at = timezone.now()


@transaction.atomic
def check_in_propose(
    *, check_in, by, agreed: Mapping[int, int], level: Level | None, note="", base_url=""
) -> CheckIn:
    """Propose the result (agreed ratings, a level or none, a note), by either side once both
    have rated; the mentor confirms it (check_in_confirm). A later proposal replaces it."""
    check_in, side = _locked(check_in, by)
    _refuse_unless(check_in, CheckInStatus.AGREEING)
    _save_result(check_in, by=by, agreed=agreed, level=level, note=note)
    check_in.save()
    _tell(check_in, side, by=by, kind=NotificationKind.CHECK_IN_PROPOSED)
    return check_in


def _endorse_agreed(check_in, agreed: Mapping[int, int], now):
    """The agreed ratings become the mentor's own rating of each skill (their review, as the
    mentor page keeps it), so the learner's pages count them as verified by a mentor."""
    mentorship = check_in.mentorship
    own = dict(
        SkillRating.objects.filter(user_id=mentorship.learner_id, skill__in=agreed).values_list(
            "skill_id", "proficiency"
        )
    )
    for skill_id, proficiency in agreed.items():
        if proficiency == Proficiency.NOT_STARTED:
            continue
        Endorsement.objects.update_or_create(
            mentorship=mentorship,
            skill_id=skill_id,
            defaults={
                "proficiency": proficiency,
                "rated_proficiency": own.get(skill_id, proficiency),
                "created_at": now,
            },
        )


def _freeze(check_in, *, held_on):
    """Return the check-in's snapshot (check_in_rules.Snapshot) as of now, as JSON."""
    learner = check_in.mentorship.learner
    ladder = ladder_snapshot()
    if not ladder.levels:
        raise MentoringError(NO_LADDER)
    standing = standing_for(learner, ladder=ladder, profile=profile_of(learner))
    sides: dict[str, dict[int, int]] = {Side.LEARNER: {}, Side.MENTOR: {}, Side.AGREED: {}}
    for side, skill_id, proficiency in CheckInRating.objects.filter(check_in=check_in).values_list(
        "side", "skill_id", "proficiency"
    ):
        sides[side][skill_id] = proficiency
    chosen = list(check_in.skills.order_by("pk").values_list("pk", "name"))
    names = {skill.id: skill.name for skill in ladder.skills} | dict(chosen)
    target = standing.target
    snapshot = snapshot_of(
        chain=level_rules(target.chain),
        target_id=target.level.id,
        years=standing.years,
        own=standing.proficiencies,
        skill_names=names,
        chosen=[pk for pk, _name in chosen],
        learner=sides[Side.LEARNER],
        mentor=sides[Side.MENTOR],
        agreed=sides[Side.AGREED],
        proof=MentoringExtras().mentor_proof(learner.pk),
        held_on=held_on,
        mentor_name=display_name(check_in.mentorship.mentor, gone=FORMER_MENTOR),
        agreed_level=check_in.level.title if check_in.level else None,
        note=check_in.note,
    )
    return snapshot.to_json()


@transaction.atomic
def check_in_confirm(
    *, check_in, mentor, agreed: Mapping[int, int], level: Level | None, note="", base_url=""
) -> CheckIn:
    """The mentor confirms the result (as proposed, or as they change it here): the check-in
    is frozen with its figures of today, the agreed ratings become the mentor's ratings of
    the skills, and the learner is told (and mailed). A confirmed level sends
    signals.level_confirmed in this transaction. A second confirmation (two tabs, a double
    click) queues on the row and is refused: the check-in is agreed once."""
    check_in, side = _locked(check_in, mentor)
    if side != Side.MENTOR:
        raise MentoringError(ONLY_MENTOR_CONFIRMS)
    _refuse_unless(check_in, CheckInStatus.AGREEING)
    _save_result(check_in, by=mentor, agreed=agreed, level=level, note=note)
    now = timezone.now()
    _endorse_agreed(check_in, agreed, now)
    check_in.status = CheckInStatus.FROZEN
    check_in.frozen_at = now
    check_in.frozen = _freeze(check_in, held_on=timezone.localdate(now))
    check_in.save()
    result = f"{level.title} confirmed" if level else "the result is agreed"
    _tell(
        check_in,
        side,
        by=mentor,
        kind=NotificationKind.CHECK_IN_AGREED,
        detail=result,
        email_subject="Your check-in is agreed",
        base_url=base_url,
    )
    if level is not None:
        level_confirmed.send(sender=CheckIn, check_in=check_in, level=level, mentor=mentor)
    return check_in


@transaction.atomic
def check_in_cancel(*, check_in, by, base_url="") -> CheckIn:
    """Cancel a check-in under way, by either side; the other is told. An agreed check-in
    is never cancelled."""
    check_in, side = _locked(check_in, by)
    _refuse_unless(check_in, CheckInStatus.OPEN, CheckInStatus.AGREEING)
    check_in.status = CheckInStatus.CANCELLED
    check_in.cancelled_at = timezone.now()
    check_in.save()
    _tell(
        check_in,
        side,
        by=by,
        kind=NotificationKind.CHECK_IN_CANCELLED,
        detail=_date(check_in.due_on),
    )
    return check_in
