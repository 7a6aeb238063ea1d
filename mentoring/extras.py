"""Mentoring's part of a learner's own pages (profiles/extras.py): the notifications they
have not read (and their count, read with the session), who signed off their projects,
their mentors' endorsements, and what mentors backed of their skills (for "verified by a
mentor")."""

from collections import defaultdict

from django.db.models import (
    CharField,
    DateTimeField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL

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

    def unread_count_expression(self, user_column):
        """The count of the person's unread notifications, as plain SQL: compiled at no
        cost on every signed-in request (the session query carries it; an ORM subquery took
        longer to compile than to run). `user_column` is the outer query's quoted column
        holding the person's id. It reads the partial index of unread notifications."""
        table = Notification._meta.db_table
        # Table and column names from the models' metadata, no input: no injection.
        sql = f'(SELECT COUNT(*) FROM "{table}" WHERE "{table}"."user_id" = {user_column} AND "{table}"."read_at" IS NULL)'  # noqa: S608, E501
        return RawSQL(  # noqa: S611
            sql,
            [],
            output_field=IntegerField(),
        )

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
        """Return what mentors backed of the learner's skills, in one query (`_proof_rows`)."""
        return self.mentor_proofs([user_id])[user_id]

    def mentor_proofs(self, user_ids):
        """Return {learner id: MentorProof} for `user_ids`, in one query whatever their
        number (a mentor's list of mentees)."""
        rated: dict[int, dict[int, int]] = {user_id: {} for user_id in user_ids}
        signed: dict[int, set[int]] = {user_id: set() for user_id in user_ids}
        for kind, learner_id, skill_id, level, *_ in _proof_rows(user_ids):
            _collect(rated[learner_id], signed[learner_id], kind, skill_id, level)
        return {
            user_id: MentorProof(
                rated=rated[user_id], signed_off_skill_ids=frozenset(signed[user_id])
            )
            for user_id in user_ids
        }

    def sign_offs_and_proof(self, user_id):
        """Return sign_offs_by_project(user_id) and mentor_proof(user_id) together, in one
        query: the pages that show both stay within their query limits."""
        rated: dict[int, int] = {}
        signed: set[int] = set()
        found: dict[tuple[int, int], SignOffInfo] = {}
        projects: dict[tuple[int, int], int] = {}
        for (
            kind,
            _learner,
            skill_id,
            level,
            project_id,
            mentorship_id,
            at,
            name,
            email,
        ) in _proof_rows([user_id], with_sign_offs=True):
            _collect(rated, signed, kind, skill_id, level)
            if kind == SIGNED_OFF and (project_id, mentorship_id) not in found:
                found[project_id, mentorship_id] = SignOffInfo(mentorship_id, at, name, email)
                projects[project_id, mentorship_id] = project_id
        by_project = defaultdict(list)
        for key, sign_off in sorted(found.items(), key=lambda item: (item[1].created_at, item[0])):
            by_project[projects[key]].append(sign_off)
        return by_project, MentorProof(rated=rated, signed_off_skill_ids=frozenset(signed))

    def check_ins(self, user_id):
        """Return the learner's check-ins, cancelled ones left out, in date order (one
        query): those of their current mentorships, and the agreed ones of ended ones."""
        return check_in_infos(user_id)


RATED, SIGNED_OFF = "r", "s"


def _collect(rated, signed, kind, skill_id, level):
    if kind == RATED:
        rated[skill_id] = max(level, rated.get(skill_id, level))
    elif skill_id is not None:
        signed.add(skill_id)


def _proof_rows(user_ids, *, with_sign_offs=False):
    """Return, for the learners `user_ids`, one row per skill a mentor rated (kind RATED,
    the highest rating) and one per skill of each project a mentor signed off (SIGNED_OFF),
    as (kind, learner id, skill id, rating, ...); `with_sign_offs` adds each sign-off's
    project, mentorship, date, mentor's name and address (None on rating rows).

    Every mentorship counts, current and ended, and those whose mentor has since deleted
    their account: a rating or a sign-off was a mentor's judgment when it was made, and
    ending the mentorship (or changing mentors) does not unmake it, just as the learner
    keeps the endorsements and sign-offs themselves (Mentorship.mentor is SET_NULL). The
    mentor's own rating counts (`Endorsement.proficiency`, not the learner's rating they
    reviewed), and the highest of several: one mentor who saw the skill at a level is
    enough to back it, and another's lower rating does not take that back."""
    none_int = Value(None, output_field=IntegerField())
    rated = (
        Endorsement.objects.filter(mentorship__learner_id__in=user_ids)
        .order_by()
        .values(r_learner=F("mentorship__learner_id"), r_skill=F("skill_id"))
        .annotate(r_kind=Value(RATED), r_level=Max("proficiency"))
    )
    signed = (
        SignOff.objects.filter(project__user_id__in=user_ids)
        .order_by()
        .annotate(
            r_kind=Value(SIGNED_OFF),
            r_learner=F("project__user_id"),
            r_skill=F("project__skills"),
            r_level=none_int,
        )
    )
    columns = ["r_kind", "r_learner", "r_skill", "r_level"]
    if not with_sign_offs:  # a project without skills gives one row, its skill None
        return rated.values_list(*columns).union(signed.values_list(*columns), all=True)
    sign_off_columns = {
        "r_project": F("project_id"),
        "r_mentorship": F("mentorship_id"),
        "r_at": F("created_at"),
        "r_name": F("mentorship__mentor__profile__display_name"),
        "r_email": F("mentorship__mentor__email"),
    }
    rated = rated.annotate(
        r_project=none_int,
        r_mentorship=none_int,
        r_at=Value(None, output_field=DateTimeField()),
        r_name=Value(None, output_field=CharField()),
        r_email=Value(None, output_field=CharField()),
    )
    signed = signed.annotate(**sign_off_columns)
    columns += list(sign_off_columns)
    return rated.values_list(*columns).union(signed.values_list(*columns), all=True)
