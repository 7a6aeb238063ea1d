"""Mentoring's part of a learner's own pages (profiles/extras.py): the notifications they
have not read, who signed off their projects, their mentors' endorsements, and what mentors
backed of their skills (for "verified by a mentor")."""

from collections import defaultdict

from django.db.models import Max, OuterRef, Subquery

from profiles.display import display_name, public_name
from profiles.extras import FORMER_MENTOR, EndorsementInfo, Notice, SignOffInfo
from profiles.models import SkillRating
from profiles.verification import MentorProof

from .check_ins import check_in_infos
from .models import Endorsement, Notification, SignOff


class MentoringExtras:
    def unread_notices(self, user_id, *, limit):
        unread = Notification.objects.shown().filter(user_id=user_id, read_at__isnull=True)[:limit]
        return [Notice(text=n.text, url=n.url) for n in unread]

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

    def mentor_proof(self, user_id):
        """Return the highest rating any mentor gave each of the learner's skills (the
        mentor's own rating, `Endorsement.proficiency`) and the skills of the projects a
        mentor signed off, in two queries.

        Every mentorship counts, current and ended, and those whose mentor has since deleted
        their account: a rating or a sign-off was a mentor's judgment when it was made, and
        ending the mentorship (or changing mentors) does not unmake it, just as the learner
        keeps the endorsements and sign-offs themselves (Mentorship.mentor is SET_NULL).
        The highest rating counts because one mentor who saw the skill at a level is
        enough to back it; a lower rating from another mentor does not take that back."""
        rated = dict(
            Endorsement.objects.filter(mentorship__learner_id=user_id)
            .order_by()
            .values("skill_id")
            .annotate(highest=Max("proficiency"))
            .values_list("skill_id", "highest")
        )
        signed_off = frozenset(
            SignOff.objects.filter(project__user_id=user_id, project__skills__isnull=False)
            .order_by()
            .values_list("project__skills", flat=True)
            .distinct()
        )
        return MentorProof(rated=rated, signed_off_skill_ids=signed_off)

    def check_ins(self, user_id):
        """Return the learner's check-ins, cancelled ones left out, in date order (one
        query): those of their current mentorships, and the agreed ones of ended ones."""
        return check_in_infos(user_id)
