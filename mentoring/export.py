"""The mentoring part of a user's data export: their own relationships, what they received
as a learner and what they gave as a mentor, without other people's personal data beyond
the address they typed and the skill or project a mentor's words are about."""

from django.db.models import Prefetch

from .models import (
    CheckIn,
    CheckInRating,
    DigestDelivery,
    Endorsement,
    Feedback,
    FeedbackReply,
    Mentorship,
    Notification,
    Side,
    SignOff,
)
from .preferences import preferences_of, topics

FORMER_MENTOR = "a former mentor"


def _iso(value):
    return value.isoformat() if value else None


def _from(mentorship):
    return mentorship.invitee_email or FORMER_MENTOR


def _about(feedback):
    return {
        "skill": feedback.skill.name if feedback.skill else None,
        "project": feedback.project.title if feedback.project else None,
    }


def _review(endorsement):
    return {
        "proficiency": endorsement.proficiency,
        "rated_proficiency": endorsement.rated_proficiency,
        "comment": endorsement.comment,
        "created_at": _iso(endorsement.created_at),
    }


def _replies(user, replies):
    """The replies in the threads of feedback the person received or gave: theirs in full,
    the other side's too (the thread is theirs), by "you" or "the other side"."""
    return [
        {
            "feedback": r.feedback.body[:60],
            "by": "you" if r.author_id == user.pk else "the other side",
            "body": r.body,
            "created_at": _iso(r.created_at),
        }
        for r in replies.select_related("feedback")
    ]


def _check_ins(queryset, *, sides):
    """Check-ins with the ratings of `sides`; an agreed one with its snapshot (the figures
    as they were agreed)."""
    ratings = Prefetch(
        "ratings",
        queryset=CheckInRating.objects.filter(side__in=sides).select_related("skill"),
        to_attr="shown_ratings",
    )
    return [
        {
            "planned_for": c.due_on.isoformat(),
            "status": c.status,
            "created_at": _iso(c.created_at),
            "agreed_at": _iso(c.frozen_at),
            "cancelled_at": _iso(c.cancelled_at),
            "skills": [skill.name for skill in c.skills.all()],
            "ratings": [
                {"skill": r.skill.name, "side": r.side, "proficiency": r.proficiency}
                for r in c.shown_ratings
            ],
            "level": c.level.title if c.level else None,
            "note": c.note,
            "as_agreed": c.frozen or None,
        }
        for c in queryset.select_related("level").prefetch_related("skills", ratings)
    ]


def _notification_settings(user) -> dict:
    """What reaches the person: the digest, its day, and each kind's delivery (the defaults
    for what they never chose)."""
    chosen = preferences_of(user)
    return {
        "weekly_digest": chosen.digest,
        "digest_day": chosen.digest_day,  # 0 is Monday
        "deliveries": {kind: chosen.delivery(kind) for topic in topics() for kind in topic.kinds},
    }


def mentoring_data(user) -> dict:
    received = {"mentorship__learner": user}
    given = {"mentorship__mentor": user}
    return {
        "invitations_sent": [
            {
                "invited_email": m.invitee_email,
                "message": m.message,
                "status": m.status,
                "created_at": _iso(m.created_at),
                "ended_at": _iso(m.ended_at),
                "end_reason": m.end_reason if m.ended_by_id == user.pk else "",
            }
            for m in Mentorship.objects.filter(learner=user)
        ],
        "mentoring_others": [
            {"status": m.status, "created_at": _iso(m.created_at), "ended_at": _iso(m.ended_at)}
            for m in Mentorship.objects.filter(mentor=user)
        ],
        "feedback_received": [
            {
                "from": _from(f.mentorship),
                "body": f.body,
                **_about(f),
                "created_at": _iso(f.created_at),
            }
            for f in Feedback.objects.filter(**received).select_related(
                "mentorship", "skill", "project"
            )
        ],
        "feedback_given": [
            {"body": f.body, **_about(f), "created_at": _iso(f.created_at)}
            for f in Feedback.objects.filter(**given).select_related("skill", "project")
        ],
        # A mentor's review of a skill: their own rating (proficiency), the learner's rating
        # they reviewed and their comment.
        "endorsements_received": [
            {
                "from": _from(e.mentorship),
                "skill": e.skill.name,
                **_review(e),
            }
            for e in Endorsement.objects.filter(**received).select_related("mentorship", "skill")
        ],
        "endorsements_given": [
            {"skill": e.skill.name, **_review(e)}
            for e in Endorsement.objects.filter(**given).select_related("skill")
        ],
        "feedback_replies_received": _replies(
            user, FeedbackReply.objects.filter(feedback__mentorship__learner=user)
        ),
        "feedback_replies_given": _replies(
            user, FeedbackReply.objects.filter(feedback__mentorship__mentor=user)
        ),
        "project_sign_offs_received": [
            {
                "from": _from(s.mentorship),
                "project": s.project.title,
                "created_at": _iso(s.created_at),
            }
            for s in SignOff.objects.filter(**received).select_related("mentorship", "project")
        ],
        "project_sign_offs_given": [
            {"project": s.project.title, "created_at": _iso(s.created_at)}
            for s in SignOff.objects.filter(**given).select_related("project")
        ],
        # A learner's check-ins (every side's ratings: the check-in is theirs) and a mentor's
        # (their own ratings and the agreed ones).
        "check_ins": _check_ins(CheckIn.objects.filter(mentorship__learner=user), sides=list(Side)),
        "check_ins_as_mentor": _check_ins(
            CheckIn.objects.filter(mentorship__mentor=user), sides=[Side.MENTOR, Side.AGREED]
        ),
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in Notification.objects.shown().filter(user=user)
        ],
        # The weeks a digest was queued (its mail, while kept, is under "mail").
        "digests": [
            {"week_start": _iso(d.week_start), "queued_at": _iso(d.created_at), "items": d.items}
            for d in DigestDelivery.objects.filter(user=user)
        ],
        "notification_settings": _notification_settings(user),
    }
