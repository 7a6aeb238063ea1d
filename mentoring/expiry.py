"""Invitations past their date: recorded as expired by celery beat (tasks.invitations_expire)
and before a new invitation to the same learner (services.invitation_create)."""

from django.db import transaction
from django.utils import timezone

from careerpath import versions

from .models import Mentorship, Status


def mentorships_expire(*, now=None, learner=None) -> int:
    """Mark pending invitations past their expiry date as expired (all of them, or one
    learner's). Pages never call this: they show such an invitation as expired
    (selectors) and celery beat records it (tasks.invitations_expire)."""
    now = now or timezone.now()
    due = Mentorship.objects.due_to_expire(now)
    if learner is not None:
        due = due.filter(learner=learner)
    with transaction.atomic():
        ids = list(due.select_for_update().values_list("pk", flat=True))
        return versions.update(
            Mentorship.objects.filter(pk__in=ids), status=Status.EXPIRED, responded_at=now
        )
