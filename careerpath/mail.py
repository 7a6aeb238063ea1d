"""Mail leaves from a Celery task once the transaction that asked for it commits: a mail
server that is down neither fails nor slows the request, and is retried with backoff.

Holds the retry policy every mail task shares and django-allauth's mail (confirmations,
password resets), which the account adapter below queues instead of sending in the request."""

from smtplib import SMTPException

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from celery import shared_task
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse

from mentoring.models import Mentorship

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


class AccountAdapter(DefaultAccountAdapter):
    """django-allauth's adapter, with its mail rendered in the request (where the request,
    the site and the keys are at hand) and sent after commit by a task."""

    def get_login_redirect_url(self, request):
        """Mentors with accepted mentees land on their mentoring page, learners on their
        dashboard (LOGIN_REDIRECT_URL). A ?next= address still wins: allauth checks it first."""
        if Mentorship.objects.accepted().filter(mentor=request.user).exists():
            return reverse("mentoring:home")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        email_after_commit(self.render_mail(template_prefix, email, ctx))
