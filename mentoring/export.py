"""The mentoring part of a user's data export: their own relationships and what they
received, without other people's personal data beyond the address they typed."""

from .models import Endorsement, Feedback, Mentorship, SignOff


def _iso(value):
    return value.isoformat() if value else None


def mentoring_data(user) -> dict:
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
                "from": f.mentorship.invitee_email,
                "body": f.body,
                "skill": f.skill.name if f.skill else None,
                "created_at": _iso(f.created_at),
            }
            for f in Feedback.objects.filter(mentorship__learner=user).select_related(
                "mentorship", "skill"
            )
        ],
        "feedback_given": [
            {"body": f.body, "created_at": _iso(f.created_at)}
            for f in Feedback.objects.filter(mentorship__mentor=user)
        ],
        "endorsements_received": [
            {
                "from": e.mentorship.invitee_email,
                "skill": e.skill.name,
                "proficiency": e.proficiency,
                "created_at": _iso(e.created_at),
            }
            for e in Endorsement.objects.filter(mentorship__learner=user).select_related(
                "mentorship", "skill"
            )
        ],
        "project_sign_offs_received": [
            {
                "from": s.mentorship.invitee_email,
                "project": s.project.title,
                "created_at": _iso(s.created_at),
            }
            for s in SignOff.objects.filter(mentorship__learner=user).select_related(
                "mentorship", "project"
            )
        ],
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in user.notifications.all()
        ],
    }
