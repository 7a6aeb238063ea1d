"""The path of an e-mail: queued as a row in the transaction of the change that causes it,
relayed by a task once that commits, sent once, retried with growing waits.

1. `mail_queue(message, ...)` (a message rendered now, e.g. allauth's, which needs the
   request) or `mail_queue_rendered(renderer, ...)` (a function that renders it when it
   is sent, from the rows as they are then) writes a pending row; `mails_queue_rendered`
   writes many with one insert (a bulk mailing: the weekly digests). A transaction that
   rolls back leaves no row.
2. Once the transaction commits, the row's id goes to the task queue (`tasks.mail_relay`).
   A broker that is down is logged; the row stays pending.
3. `mail_send(id)` locks the row (`select_for_update(skip_locked=True)`), checks it is still
   pending and due, sends it and marks it sent, in one transaction: two workers that get
   the same row send it once. A renderer that returns None (the invitation was answered,
   the notification deleted) deletes the row: nothing to send, nothing kept.
4. A send that fails is tried again after a wait that grows with each attempt (RETRY_WAITS),
   then the row is marked failed and the failure logged. The admin sends failed mail again.
5. `mails_sweep()` (celery beat, every minute) sends every pending row that is due: those
   whose queueing failed and those whose retry has come. So mail queued while the broker
   was down goes out within two minutes of its return.

Sending is at least once: a worker that dies between the mail server's answer and the
commit leaves the row pending, and it is sent again.
"""

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from careerpath import versions

from .models import Mail, MailStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User  # settings.AUTH_USER_MODEL

logger = logging.getLogger(__name__)

# Waits before each further attempt: 1, 2, 4, 8, ... minutes, at most an hour; after
# MAX_ATTEMPTS failed sends (about four hours) the mail is marked failed.
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
MAX_ATTEMPTS = 10
# A sweep sends due rows this many at a time, and starts no new batch after SWEEP_SECONDS,
# so sweeps a minute apart rarely overlap (when they do, each row is still sent once).
SWEEP_BATCH = 100
SWEEP_SECONDS = 45

Renderer = Callable[..., EmailMessage | None]
# The argument of a rendered mail that holds its material (a digest's items): like a body, it
# is dropped once the mail went out.
CONTENT_ARG = "content"


def retry_wait(attempts: int) -> timedelta:
    """Return how long to wait before the next attempt after `attempts` failed ones."""
    doublings = min(max(attempts - 1, 0), 16)  # 2**16 minutes is past the longest anyway
    return min(FIRST_WAIT * (1 << doublings), LONGEST_WAIT)


def mail_queue(message: EmailMessage, *, kind: str, recipient: "User | None" = None) -> Mail:
    """Put a rendered message in the outbox, in the current transaction; it is sent once
    that commits."""
    mail = Mail.objects.create(
        kind=kind,
        recipient=recipient,
        subject=str(message.subject),
        body=str(message.body),
        from_email=message.from_email,
        to=list(message.to),
        headers=dict(message.extra_headers),
        alternatives=[
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        content_subtype=message.content_subtype,
    )
    _relay_after_commit(mail.pk)
    return mail


def mail_queue_rendered(
    renderer: Renderer, *, kind: str, recipient: "User | None" = None, **args: Any
) -> Mail:
    """Put in the outbox a mail that `renderer(**args)` renders when it is sent (args must
    be JSON); the renderer returns None when there is nothing to send any more."""
    mail = Mail.objects.create(
        kind=kind,
        recipient=recipient,
        renderer=f"{renderer.__module__}.{renderer.__qualname__}",
        args=args,
    )
    _relay_after_commit(mail.pk)
    return mail


def mails_queue_rendered(
    renderer: Renderer, mails: Sequence[tuple["User | None", dict[str, Any]]], *, kind: str
) -> list[Mail]:
    """Put many mails that `renderer(**args)` renders when each is sent in the outbox, with
    one insert (a bulk mailing, e.g. the weekly digests): as mail_queue_rendered does for
    each (recipient, args)."""
    path = f"{renderer.__module__}.{renderer.__qualname__}"
    rows = cast(
        "list[Mail]",
        versions.bulk_create(
            Mail,
            [Mail(kind=kind, recipient=to, renderer=path, args=args) for to, args in mails],
        ),
    )
    _relay_after_commit(*(mail.pk for mail in rows))
    return rows


def _relay_after_commit(*pks: int) -> None:
    def relay() -> None:
        from .tasks import mail_relay

        for number, pk in enumerate(pks):
            try:
                mail_relay.delay(pk)
            except Exception as error:  # the broker, whatever its client raises: the sweep
                # sends it, and the rest, without waiting on the broker once for each
                logger.warning(
                    "Mail %s (and %s more) stays in the outbox for the sweep: %r",
                    pk,
                    len(pks) - number - 1,
                    error,
                )
                return

    if pks:
        transaction.on_commit(relay, robust=True)


def _message(mail: Mail) -> EmailMessage | None:
    if mail.renderer:
        rendered: EmailMessage | None = import_string(mail.renderer)(**mail.args)
        return rendered
    message = EmailMultiAlternatives(
        mail.subject, mail.body, mail.from_email, mail.to, headers=mail.headers
    )
    message.content_subtype = mail.content_subtype
    for content, mimetype in mail.alternatives:
        message.attach_alternative(content, mimetype)
    return message


def mail_send(pk: int) -> bool:
    """Send the mail if it is pending and due and no other worker is sending it; return
    whether it went out now."""
    with transaction.atomic():
        mail = (
            Mail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=MailStatus.PENDING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if mail is None:  # sent, given up, not due yet, or being sent by another worker
            return False
        mail.attempts += 1
        try:
            message = _message(mail)
            if message is None:
                mail.delete()
                return False
            message.send()
        except Exception as error:  # the mail server, a template, a header: try again later
            _failed(mail, error)
            return False
        mail.status, mail.sent_at, mail.last_error = MailStatus.SENT, timezone.now(), ""
        mail.subject, mail.to = str(message.subject), list(message.to)
        mail.body, mail.alternatives = "", []
        mail.args.pop(CONTENT_ARG, None)
        mail.save()
        return True


def _failed(mail: Mail, error: Exception) -> None:
    mail.last_error = f"{type(error).__name__}: {error}"
    if mail.attempts >= MAX_ATTEMPTS:
        mail.status = MailStatus.FAILED
        logger.error("Mail %s (%s) failed %s times, given up: %s", *_about(mail))
    else:
        mail.next_attempt_at = timezone.now() + retry_wait(mail.attempts)
        logger.warning("Mail %s (%s) failed (attempt %s), retried later: %s", *_about(mail))
    mail.save()


def _about(mail: Mail) -> tuple[int, str, int, str]:
    return mail.pk, mail.kind, mail.attempts, mail.last_error


def _due(now: datetime) -> "QuerySet[Mail]":
    return Mail.objects.filter(status=MailStatus.PENDING, next_attempt_at__lte=now)


def mails_sweep() -> int:
    """Send every pending mail that is due, in batches; return how many went out."""
    sent, last_pk, started = 0, 0, time.monotonic()
    while time.monotonic() - started < SWEEP_SECONDS:
        batch = list(
            _due(timezone.now())
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        if not batch:
            break
        for pk in batch:
            sent += mail_send(pk)
        last_pk = batch[-1]
    return sent


def mails_resend(mails: "QuerySet[Mail]") -> int:
    """Send failed mail again from the first attempt (the admin's action); return how many."""
    pks = list(mails.filter(status=MailStatus.FAILED).values_list("pk", flat=True))
    Mail.objects.filter(pk__in=pks).update(
        status=MailStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    for pk in pks:
        _relay_after_commit(pk)
    return len(pks)


def mails_forget(renderer: Renderer, *, arg: str, values: Iterable[Any]) -> int:
    """Delete the mail `renderer` renders (or rendered) from args whose `arg` is one of
    `values`, e.g. a deleted person's invitations; return how many rows went."""
    path = f"{renderer.__module__}.{renderer.__qualname__}"
    deleted, _ = Mail.objects.filter(renderer=path, **{f"args__{arg}__in": list(values)}).delete()
    return deleted


def mails_of(user: "User") -> list[dict[str, Any]]:
    """Return the mail the outbox holds for the user, for their data export."""
    return [
        {
            "kind": mail.kind,
            "to": mail.to,
            "subject": mail.subject,
            "body": mail.body,
            "status": mail.status,
            "created_at": mail.created_at,
            "sent_at": mail.sent_at,
        }
        for mail in Mail.objects.filter(recipient=user).order_by("pk")
    ]
