"""What the profiles app holds about one user, as JSON-ready data.

The whole export (/accounts/export/) is composed in composition/account.py."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from ladder.snapshot import ladder_snapshot

from .models import Evidence, Profile


def _iso(value):
    return value.isoformat() if value else None


def profile_data(user) -> dict:
    """Return the user's own account and profile data, and nothing of anybody else's."""
    profile = Profile.objects.filter(user=user).select_related("target__track").first()
    active_skills = ladder_snapshot().skills_by_id
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "profile": profile
        and {
            "display_name": profile.display_name,
            "headline": profile.headline,
            "github_url": profile.github_url,
            "kaggle_url": profile.kaggle_url,
            "website_url": profile.website_url,
            "weekly_hours": profile.weekly_hours,
            "visibility": profile.visibility,
            "public_projects": profile.public_projects,
            "public_sign_offs": profile.public_sign_offs,
            "public_endorsements": profile.public_endorsements,
            "public_evidence": profile.public_evidence,
            "target": profile.target.title if profile.target else None,
            "target_track": profile.target.track.title if profile.target else None,
            "specialisations": [s.title for s in profile.specialisations.all()],
            "target_date": _iso(profile.target_date),
            # the feed's address is a secret: the export says whether it is on, not the token
            "calendar_feed_on": bool(profile.calendar_token),
        },
        "course_progress": [
            {
                "course": row.course.title,
                "provider": row.course.provider,
                "url": row.course.url,
                "state": row.state,
                "started_on": _iso(row.started_on),
                "done_on": _iso(row.done_on),
                "updated_at": _iso(row.updated_at),
            }
            for row in user.course_progress.select_related("course").order_by("pk")
        ],
        "path_steps_done": [
            {"step": done.step.title, "done_at": _iso(done.done_at)}
            for done in user.path_steps_done.select_related("step")
        ],
        "experience": [
            {
                "role": item.role_title,
                "organisation": item.organisation,
                "start_month": _iso(item.start_month),
                "end_month": _iso(item.end_month),
                "machine_learning_work": item.is_ml_work,
            }
            for item in user.experiences.all()
        ],
        "skill_ratings": [
            {
                "skill": rating.skill.name,
                "proficiency": rating.proficiency,
                "proficiency_label": rating.get_proficiency_display(),
                "notes": rating.notes,
                "evidence_url": rating.evidence_url,
                "updated_at": _iso(rating.updated_at),
                # kept when the skill is retired from the ladder; it then counts nowhere
                "skill_retired": rating.skill_id not in active_skills,
            }
            for rating in user.skill_ratings.select_related("skill")
        ],
        "skill_rating_history": [
            {
                "skill": change.skill.name,
                "old_proficiency": change.old_proficiency,
                "new_proficiency": change.new_proficiency,
                "changed_at": _iso(change.changed_at),
            }
            for change in user.skill_rating_changes.select_related("skill")
        ],
        "projects": [
            {
                "title": project.title,
                "description": project.description,
                "link": project.link,
                "status": project.status,
                "done_on": _iso(project.done_on),
                "ladder_project": project.template.title if project.template else None,
                "skills": [skill.name for skill in project.skills.all()],
                "created_at": _iso(project.created_at),
                "updated_at": _iso(project.updated_at),
            }
            for project in user.projects.select_related("template").prefetch_related("skills")
        ],
        "evidence": [
            {
                "kind": item.kind,
                "kind_label": item.get_kind_display(),
                "url": item.url,
                "note": item.note,
                "skill": item.skill.name if item.skill else None,
                "skill_retired": item.skill_id is not None and item.skill_id not in active_skills,
                "project": item.project.title if item.project else None,
                "created_at": _iso(item.created_at),
            }
            for item in Evidence.objects.of_user(user.pk)
        ],
    }
