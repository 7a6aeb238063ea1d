"""Mail leaves from a Celery task once the transaction that asked for it commits: a mail
server that is down neither fails nor slows the request, and is retried with backoff.

Holds the retry policy every mail task shares, and the task that sends a message rendered in
the request (django-allauth's mail: composition/account.py queues it here)."""

from smtplib import SMTPException

from celery import shared_task
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction

# A mail server that is down, refuses or times out: try again later, waiting longer each
# time (about 1, 2, 4, 8, 16 s with jitter), then give up and log it.
MAIL_ERRORS = (SMTPException, ConnectionError, OSError)
mail_task = shared_task(
    autoretry_for=MAIL_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)


def task_after_commit(task, *args):
    """Queue a task once the current transaction commits. A write that rolls back queues
    nothing, and a broker or mail server that fails is logged (robust), never the
    request's error: the write it describes is already saved."""
    transaction.on_commit(lambda: task.delay(*args), robust=True)


@mail_task
def email_send(message: dict) -> None:
    """Send a message that email_after_commit took apart into JSON."""
    email = EmailMultiAlternatives(
        message["subject"],
        message["body"],
        message["from_email"],
        message["to"],
        headers=message["headers"],
    )
    email.content_subtype = message["content_subtype"]
    for content, mimetype in message["alternatives"]:
        email.attach_alternative(content, mimetype)
    email.send()


def email_after_commit(message: EmailMessage) -> None:
    """Queue an already rendered message to be sent once the transaction commits."""
    task_after_commit(
        email_send,
        {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "headers": dict(message.extra_headers),
            "content_subtype": message.content_subtype,
            "alternatives": [
                [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
            ],
        },
    )
