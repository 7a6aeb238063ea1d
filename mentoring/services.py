"""Writes of the mentoring relationship. Every rule a user can run into raises
MentoringError with one of the messages below."""

from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from careerpath import versions
from careerpath.outbox.services import mail_queue_rendered, mails_forget
from ladder.models import Proficiency, Skill
from ladder.snapshot import ladder_snapshot
from profiles.models import ProjectStatus

from . import mail
from .expiry import mentorships_expire
from .models import (
    Endorsement,
    Feedback,
    FeedbackReply,
    Mentorship,
    Notification,
    NotificationKind,
    SignOff,
    Status,
)
from .preferences import Delivery, delivery_for
from .signals import project_signed_off

SELF_INVITE = "You can't mentor yourself: invite someone else's email address."
ALREADY_OPEN = "You already have a pending or accepted mentorship with {email}."
INVITATION_EXPIRED = "This invitation has expired. Ask for a new one."
NOT_INVITEE = "Only the person invited can accept or decline this invitation."
NOT_LEARNER = "Only the learner who sent the invitation can cancel it."
NOT_PARTY = "Only the learner or the mentor can end this mentorship."
WRONG_STATE = "This can't be done: the mentorship is {status}."
NO_ACCESS = "You are not this learner's mentor."
NOTHING_TO_ENDORSE = "The learner has not rated this skill yet, so there is nothing to endorse."
PROJECT_NOT_DONE = "Only projects marked done can be signed off."
NOT_THEIR_PROJECT = "That project is not this learner's."
NOT_IN_THREAD = "Only the learner and their mentor can reply to this feedback."
RATING_MOVED = (
    "{name} changed their rating of {skill} since you opened the page, so your review of it "
    "was not saved. It is shown again with their new rating."
)
NOTHING_REVIEWED = "Choose “agree” or a level for at least one skill, then save your review."

# The same feedback sent again within this time is taken as a repeat of the first.
REPEAT_WINDOW = timedelta(minutes=10)

# action: (from status, to status, who may do it)
TRANSITIONS = {
    "accept": (Status.PENDING, Status.ACCEPTED, "invitee"),
    "decline": (Status.PENDING, Status.DECLINED, "invitee"),
    "cancel": (Status.PENDING, Status.CANCELLED, "learner"),
    "end": (Status.ACCEPTED, Status.ENDED, "either"),
}
ROLE_ERRORS = {"invitee": NOT_INVITEE, "learner": NOT_LEARNER, "either": NOT_PARTY}


class MentoringError(Exception):
    pass


def notify(
    *,
    user,
    kind,
    actor=None,
    detail="",
    proficiency=None,
    url="",
    email_subject=None,
    base_url="",
) -> Notification:
    """Tell a user something in the app and, when email_subject is given, by email if
    they want this kind at once (preferences.delivery_for decides: otherwise it waits for
    their weekly digest, or stays in the app). The notification keeps its parts (kind,
    actor, detail); its sentence is built when shown, so a long reason or title is never
    cut to fit a column. The e-mail is put in the outbox in the same transaction, and
    rendered when it is sent."""
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        actor=actor,
        detail=detail,
        proficiency=proficiency,
        url=url,
    )
    if email_subject and user.email and delivery_for(user, kind) == Delivery.IMMEDIATE:
        mail_queue_rendered(
            mail.notification_email,
            kind="notification",
            recipient=user,
            notification_id=notification.pk,
            subject=email_subject,
            base_url=base_url,
        )
    return notification


def notifications_mark_read(user, *, ids=None) -> int:
    """Mark the user's unread notifications read (all, or those of `ids`); return how many
    there were."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return versions.update(unread, read_at=timezone.now())


def verified_owner_of(email):
    """Return the user who has verified this address, if any."""
    address = EmailAddress.objects.filter(email__iexact=email, verified=True).first()
    return address.user if address else None


def user_emails(user):
    emails = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return {address.lower() for address in emails | {user.email} if address}


def is_invitee(mentorship, user) -> bool:
    if mentorship.mentor_id is not None:
        return mentorship.mentor_id == user.pk
    return mentorship.invitee_email.lower() in {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


@transaction.atomic
def invitation_create(*, learner, email, message="", base_url="") -> Mentorship:
    email = email.strip().lower()
    # One writer per learner: a double submit waits here until the first one commits,
    # then finds its invitation open below instead of colliding with it on
    # one_open_invitation_per_mentor (a 500). NO KEY: rows that merely point at the
    # learner (ratings, projects) are not held up.
    get_user_model().objects.select_for_update(no_key=True).get(pk=learner.pk)
    if email in user_emails(learner):
        raise MentoringError(SELF_INVITE)
    # An invitation to this address that ran out no longer blocks a new one.
    mentorships_expire(learner=learner)
    mentor = verified_owner_of(email)
    if mentor == learner:
        raise MentoringError(SELF_INVITE)
    open_ones = Mentorship.objects.filter(
        learner=learner, status__in=[Status.PENDING, Status.ACCEPTED]
    )
    if open_ones.filter(invitee_email__iexact=email).exists() or (
        mentor and open_ones.filter(mentor=mentor).exists()
    ):
        raise MentoringError(ALREADY_OPEN.format(email=email))
    mentorship = Mentorship.objects.create(
        learner=learner, mentor=mentor, invitee_email=email, message=message
    )
    mail_queue_rendered(
        mail.invitation_email,
        kind="invitation",
        recipient=mentor,
        mentorship_id=mentorship.pk,
        base_url=base_url,
    )
    if mentor:
        notify(
            user=mentor,
            kind=NotificationKind.INVITED,
            actor=learner,
            url=mentorship.get_absolute_url(),
        )
    return mentorship


class _Overdue(Exception):
    """The invitation's time ran out before this answer: record it once the answer's
    transaction has rolled back, then refuse."""


def mentorship_transition(*, mentorship, action, user, reason="", base_url="") -> Mentorship:
    """Move a mentorship along TRANSITIONS, or raise MentoringError saying why not."""
    try:
        return _transition(
            mentorship=mentorship, action=action, user=user, reason=reason, base_url=base_url
        )
    except _Overdue:
        mentorships_expire(learner=mentorship.learner_id)
        raise MentoringError(INVITATION_EXPIRED) from None


@transaction.atomic
def _transition(*, mentorship, action, user, reason, base_url) -> Mentorship:
    source, target, who = TRANSITIONS[action]
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    allowed = {
        "invitee": is_invitee(mentorship, user),
        "learner": mentorship.learner_id == user.pk,
        "either": user.pk in (mentorship.learner_id, mentorship.mentor_id),
    }[who]
    if not allowed:
        raise MentoringError(ROLE_ERRORS[who])
    if mentorship.is_expired_now:
        raise _Overdue
    if mentorship.status != source:
        raise MentoringError(WRONG_STATE.format(status=mentorship.get_status_display().lower()))
    now = timezone.now()
    mentorship.status = target
    if action == "accept":
        mentorship.mentor = user
    if action in ("accept", "decline"):
        mentorship.responded_at = now
    else:
        mentorship.ended_at = now
        mentorship.ended_by = user
        mentorship.end_reason = reason
    mentorship.save()
    _tell_the_other_side(mentorship, action=action, actor=user, base_url=base_url)
    return mentorship


def _tell_the_other_side(mentorship, *, action, actor, base_url):
    other = mentorship.learner if actor.pk != mentorship.learner_id else mentorship.mentor
    if other is None:
        return
    kinds = {
        "accept": NotificationKind.ACCEPTED,
        "decline": NotificationKind.DECLINED,
        "cancel": NotificationKind.CANCELLED,
        "end": (
            NotificationKind.ENDED_WITH_REASON if mentorship.end_reason else NotificationKind.ENDED
        ),
    }
    notify(
        user=other,
        kind=kinds[action],
        actor=actor,
        detail=mentorship.end_reason if action == "end" else "",
        url=reverse("mentoring:home"),
        email_subject=f"Mentorship {mentorship.get_status_display().lower()}",
        base_url=base_url,
    )


def _require_mentor(mentorship, user):
    if mentorship.mentor_id != user.pk or mentorship.status != Status.ACCEPTED:
        raise MentoringError(NO_ACCESS)


def _locked_for_mentor(mentorship, user) -> Mentorship:
    """Return the mentorship locked until the transaction ends, or raise NO_ACCESS unless
    the user is (still) its accepted mentor. A double click queues behind the first click
    and then finds its work done; an ending mentorship queues behind a write or refuses it."""
    locked = (
        Mentorship.objects.select_for_update(no_key=True)
        .select_related("learner")
        .filter(pk=mentorship.pk)
        .first()
    )
    if locked is None:
        raise MentoringError(NO_ACCESS)
    _require_mentor(locked, user)
    return locked


@transaction.atomic
def feedback_add(*, mentorship, mentor, body, skill=None, project=None, base_url="") -> Feedback:
    """Leave feedback and tell the learner. The same feedback sent again within
    REPEAT_WINDOW (a double click, a resent form) is the one already saved: stored and
    notified once. The mentorship row is locked, so two such requests queue."""
    mentorship = _locked_for_mentor(mentorship, mentor)
    if project is not None and project.user_id != mentorship.learner_id:
        raise MentoringError(NOT_THEIR_PROJECT)
    repeat = Feedback.objects.filter(
        mentorship=mentorship,
        body=body,
        skill=skill,
        project=project,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    ).first()
    if repeat is not None:
        return repeat
    feedback = Feedback.objects.create(
        mentorship=mentorship, body=body, skill=skill, project=project
    )
    if skill:
        kind, detail = NotificationKind.FEEDBACK_ON_SKILL, skill.name
    elif project:
        kind, detail = NotificationKind.FEEDBACK_ON_PROJECT, project.title
    else:
        kind, detail = NotificationKind.FEEDBACK, ""
    notify(
        user=mentorship.learner,
        kind=kind,
        actor=mentor,
        detail=detail,
        url=reverse("mentoring:home") + "#feedback",
        email_subject="New feedback from your mentor",
        base_url=base_url,
    )
    return feedback


@transaction.atomic
def endorsement_give(*, mentorship, mentor, skill, base_url="") -> Endorsement:
    """Endorse the mentee's current rating of a skill (replacing this mentor's earlier one).
    Endorsing the rating already endorsed changes nothing and tells nobody again."""
    mentorship = _locked_for_mentor(mentorship, mentor)
    rating = mentorship.learner.skill_ratings.filter(skill=skill).first()
    if rating is None or rating.proficiency == Proficiency.NOT_STARTED:
        raise MentoringError(NOTHING_TO_ENDORSE)
    earlier = Endorsement.objects.filter(mentorship=mentorship, skill=skill).first()
    if (
        earlier is not None
        and earlier.proficiency == earlier.rated_proficiency == rating.proficiency
    ):
        return earlier
    endorsement, _ = Endorsement.objects.update_or_create(
        mentorship=mentorship,
        skill=skill,
        defaults={
            "proficiency": rating.proficiency,
            "rated_proficiency": rating.proficiency,
            "comment": "",
            "created_at": timezone.now(),
        },
    )
    notify(
        user=mentorship.learner,
        kind=NotificationKind.ENDORSED,
        actor=mentor,
        detail=skill.name,
        proficiency=endorsement.proficiency,
        url=reverse("profiles:skills"),
        email_subject="Your mentor endorsed a skill",
        base_url=base_url,
    )
    return endorsement


@transaction.atomic
def project_sign_off(*, mentorship, mentor, project, base_url="") -> SignOff:
    mentorship = _locked_for_mentor(mentorship, mentor)
    if project.user_id != mentorship.learner_id:
        raise MentoringError(NOT_THEIR_PROJECT)
    if project.status != ProjectStatus.DONE:
        raise MentoringError(PROJECT_NOT_DONE)
    sign_off, created = SignOff.objects.get_or_create(mentorship=mentorship, project=project)
    if created:
        project_signed_off.send(sender=SignOff, sign_off=sign_off, project=project, mentor=mentor)
        notify(
            user=mentorship.learner,
            kind=NotificationKind.SIGNED_OFF,
            actor=mentor,
            detail=project.title,
            url=reverse("profiles:projects"),
            email_subject="Your mentor signed off a project",
            base_url=base_url,
        )
    return sign_off


def invitations_attach_on_email_confirmed(sender=None, request=None, email_address=None, **kw):
    """An invitation sent to an address with no account finds its mentor once they sign up
    and confirm that address."""
    if email_address is None:
        return
    waiting = Mentorship.objects.filter(
        mentor__isnull=True, status=Status.PENDING, invitee_email__iexact=email_address.email
    ).exclude(learner=email_address.user)
    for mentorship in waiting:
        mentorship.mentor = email_address.user
        mentorship.save(update_fields=["mentor"])
        notify(
            user=email_address.user,
            kind=NotificationKind.INVITED,
            actor=mentorship.learner,
            url=mentorship.get_absolute_url(),
        )


def account_leaving(sender=None, instance=None, **kwargs):
    """A person's account is about to be deleted (pre_delete of the user). The mentorships
    they mentor end: the learners keep what they were given (feedback, endorsements,
    sign-offs), from "a former mentor" (Mentorship.mentor is SET_NULL), and are told; the
    address the learner typed for them goes too. Their own mentorships as a learner go with
    them (cascade). The invitation mail of either side goes, sent or not: it names the
    learner and the invited address."""
    if instance is None:
        return
    mails_forget(
        mail.invitation_email,
        arg="mentorship_id",
        values=Mentorship.objects.filter(Q(learner=instance) | Q(mentor=instance)).values_list(
            "pk", flat=True
        ),
    )
    theirs = Mentorship.objects.filter(mentor=instance)
    learners = list(theirs.filter(status=Status.ACCEPTED).values_list("learner_id", flat=True))
    now = timezone.now()
    versions.update(
        theirs.filter(status=Status.ACCEPTED), status=Status.ENDED, ended_at=now, ended_by=None
    )
    versions.update(theirs.filter(status=Status.PENDING), status=Status.CANCELLED, ended_at=now)
    versions.update(theirs, invitee_email="")
    for learner in get_user_model().objects.filter(pk__in=learners):
        notify(
            user=learner,
            kind=NotificationKind.MENTOR_LEFT,
            url=reverse("mentoring:home"),
            email_subject="A mentor of yours left careerpath",
            base_url=settings.SITE_URL,
        )


@dataclass(frozen=True)
class SkillReviewInput:
    """A mentor's review of one skill: their own rating, as they saw the learner's."""

    skill: Skill
    proficiency: int  # the mentor's rating: the learner's own when they agree
    seen: int  # the learner's rating on the page the mentor reviewed
    comment: str = ""


@dataclass(frozen=True)
class ReviewSaved:
    agreed: list = field(default_factory=list)  # skills
    differed: list = field(default_factory=list)  # skills
    moved: list = field(default_factory=list)  # skills rated anew since the page was read

    @property
    def count(self) -> int:
        return len(self.agreed) + len(self.differed)


def _review_summary(saved: ReviewSaved) -> str:
    parts = []
    if saved.agreed:
        parts.append(f"agrees with {_skills(saved.agreed)}")
    if saved.differed:
        parts.append(f"rates {_skills(saved.differed)} differently")
    return " and ".join(parts)


def _skills(skills, shown=3) -> str:
    names = [skill.name for skill in skills]
    if len(names) > shown:
        return f"{', '.join(names[:shown])} and {len(names) - shown} more"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


@transaction.atomic
def skills_review(
    *, mentorship, mentor, reviews: list[SkillReviewInput], base_url=""
) -> ReviewSaved:
    """Save a mentor's review of many of the mentee's skills at once: per skill their own
    rating (the learner's when they agree) and a comment, replacing their earlier review of
    it. A skill whose rating moved since the mentor's page was read is left out (`moved`).
    The learner is told once. Two submits of the same review (two tabs, a double click)
    queue on the mentorship's row; the second finds the reviews saved and tells nobody."""
    mentorship = _locked_for_mentor(mentorship, mentor)
    skill_ids = [item.skill.pk for item in reviews]
    rated = dict(
        mentorship.learner.skill_ratings.filter(skill__in=skill_ids).values_list(
            "skill_id", "proficiency"
        )
    )
    earlier = {e.skill_id: e for e in Endorsement.objects.filter(mentorship=mentorship)}
    agreed: list[Skill] = []
    differed: list[Skill] = []
    moved: list[Skill] = []
    changed = False
    now = timezone.now()
    for item in reviews:
        current = rated.get(item.skill.pk, Proficiency.NOT_STARTED)
        if current != item.seen or current == Proficiency.NOT_STARTED:
            moved.append(item.skill)
            continue
        (agreed if item.proficiency == current else differed).append(item.skill)
        values = {
            "proficiency": item.proficiency,
            "rated_proficiency": current,
            "comment": item.comment,
        }
        before = earlier.get(item.skill.pk)
        if before is not None and all(getattr(before, k) == v for k, v in values.items()):
            continue  # reviewed the same already: a repeat
        changed = True
        Endorsement.objects.update_or_create(
            mentorship=mentorship, skill=item.skill, defaults={**values, "created_at": now}
        )
    saved = ReviewSaved(agreed=agreed, differed=differed, moved=moved)
    if changed:
        notify(
            user=mentorship.learner,
            kind=NotificationKind.REVIEWED,
            actor=mentor,
            detail=_review_summary(saved),
            url=reverse("profiles:skills"),
            email_subject="Your mentor reviewed your skills",
            base_url=base_url,
        )
    return saved


def _thread_url(feedback) -> str:
    return reverse("mentoring:thread", args=[feedback.pk])


@transaction.atomic
def feedback_reply_add(*, feedback, author, body, base_url="") -> FeedbackReply:
    """Add a reply to a feedback item's thread, by its learner or their (accepted) mentor,
    and tell the other one. The same reply sent again within REPEAT_WINDOW is the one saved."""
    mentorship = (
        Mentorship.objects.select_for_update(no_key=True, of=("self",))
        .select_related("learner", "mentor")
        .get(pk=feedback.mentorship_id)
    )
    parties = (mentorship.learner_id, mentorship.mentor_id)
    if mentorship.status != Status.ACCEPTED or author.pk not in parties:
        raise MentoringError(NOT_IN_THREAD)
    repeat = FeedbackReply.objects.filter(
        feedback=feedback, author=author, body=body, created_at__gte=timezone.now() - REPEAT_WINDOW
    ).first()
    if repeat is not None:
        return repeat
    reply = FeedbackReply.objects.create(feedback=feedback, author=author, body=body)
    other = mentorship.mentor if author.pk == mentorship.learner_id else mentorship.learner
    notify(
        user=other,
        kind=NotificationKind.REPLY,
        actor=author,
        detail=feedback.body[:60] + ("…" if len(feedback.body) > 60 else ""),
        url=_thread_url(feedback),
        email_subject="A reply to feedback",
        base_url=base_url,
    )
    return reply


def _mentors_of(user_id):
    return (
        Mentorship.objects.accepted().filter(learner_id=user_id).select_related("learner", "mentor")
    )


def mentors_tell_ratings_changed(sender=None, user_id=None, skill_ids=(), **kwargs):
    """A learner saved *My skills* with changes: each of their mentors is told once for the
    save (however many skills moved), in the save's transaction."""
    names = {skill.pk: skill for skill in ladder_snapshot().skills}
    skills = [names[pk] for pk in skill_ids if pk in names]
    if not skills:
        return
    for mentorship in _mentors_of(user_id):
        notify(
            user=mentorship.mentor,
            kind=NotificationKind.MENTEE_RATINGS_CHANGED,
            actor=mentorship.learner,
            detail=_skills(skills),
            url=reverse("mentoring:mentee", args=[mentorship.pk]) + "#review",
            email_subject="Your mentee changed their skill ratings",
            base_url=settings.SITE_URL,
        )


def mentors_tell_project_finished(sender=None, user_id=None, project=None, **kwargs):
    """A learner marked a project done: each of their mentors is told it waits for a
    sign-off."""
    for mentorship in _mentors_of(user_id):
        notify(
            user=mentorship.mentor,
            kind=NotificationKind.MENTEE_PROJECT_DONE,
            actor=mentorship.learner,
            detail=project.title,
            url=reverse("mentoring:mentee", args=[mentorship.pk]) + "#projects",
            email_subject="Your mentee finished a project",
            base_url=settings.SITE_URL,
        )
