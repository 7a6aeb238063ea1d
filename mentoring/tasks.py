"""Work done outside the request: the expiry of invitations and the weekly digests.
(Mentoring's e-mails go through the outbox, careerpath/outbox/, and are rendered by
mentoring/mail.py.)"""

import logging
from datetime import date

from celery import shared_task
from django.utils import timezone

from . import digest
from .expiry import mentorships_expire

logger = logging.getLogger(__name__)


@shared_task
def invitations_expire() -> int:
    """Record every pending invitation past its date as expired (celery beat, hourly)."""
    return mentorships_expire()


@shared_task
def digests_send() -> int:
    """Queue a build task per chunk of the people whose weekly digest is due (celery beat,
    hourly); return how many people."""
    return digest.digests_queue()


@shared_task
def digests_build(user_ids: list[int], today: str) -> int:
    """Build and queue the digests of a chunk of people for the week of `today` (an ISO
    date); return how many were queued. A chunk that waited into the next week is dropped:
    the next run names its people again, for their new week."""
    day = date.fromisoformat(today)
    if digest.week_start_of(day) != digest.week_start_of(timezone.localdate()):
        logger.warning("Digests of the week of %s dropped: that week is over", today)
        return 0
    return digest.digests_build(user_ids, today=day).queued
