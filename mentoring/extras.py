"""Mentoring's part of a learner's own pages (profiles/extras.py): the notifications they
have not read (and their count, read with the session), who signed off their projects, and
their mentors' endorsements."""

from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from profiles.display import display_name, public_name
from profiles.extras import FORMER_MENTOR, EndorsementInfo, Notice, SignOffInfo
from profiles.models import SkillRating

from .models import Endorsement, Notification, SignOff


class MentoringExtras:
    def unread_notices(self, user_id, *, limit):
        unread = Notification.objects.shown().filter(user_id=user_id, read_at__isnull=True)[:limit]
        return [Notice(text=n.text, url=n.url) for n in unread]

    def unread_count_expression(self, user_id):
        unread = (
            Notification.objects.filter(user_id=user_id, read_at__isnull=True)
            .order_by()
            .values("user_id")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))

    def sign_offs_by_project(self, user_id):
        rows = (
            SignOff.objects.filter(project__user_id=user_id)
            .order_by("created_at")
            .values_list(
                "project_id",
                "mentorship_id",
                "created_at",
                "mentorship__mentor__profile__display_name",
                "mentorship__mentor__email",
            )
        )
        found = defaultdict(list)
        for project_id, *sign_off in rows:
            found[project_id].append(SignOffInfo(*sign_off))
        return found

    def endorsements(self, user_id):
        rated = SkillRating.objects.filter(user_id=user_id, skill=OuterRef("skill")).values(
            "proficiency"
        )[:1]
        endorsements = (
            Endorsement.objects.filter(mentorship__learner_id=user_id)
            .select_related("mentorship__mentor__profile")
            .annotate(rated=Subquery(rated))
        )
        found = defaultdict(list)
        for endorsement in endorsements:
            mentor = endorsement.mentorship.mentor
            profile = getattr(mentor, "profile", None) if mentor else None
            found[endorsement.skill_id].append(
                EndorsementInfo(
                    mentor_name=display_name(mentor, gone=FORMER_MENTOR),
                    proficiency=endorsement.proficiency,
                    created_at=endorsement.created_at,
                    current=endorsement.is_current(endorsement.rated),
                    rated_proficiency=endorsement.rated_proficiency,
                    comment=endorsement.comment,
                    mentor_public_name=(
                        public_name(profile.display_name if profile else "", fallback="a mentor")
                        if mentor
                        else FORMER_MENTOR
                    ),
                )
            )
        return found
