from django.conf import settings
from django.db import models
from django.utils import timezone


class MailStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Mail(models.Model):
    """An e-mail in the outbox. Either the message itself (rendered when it was queued), or
    `renderer` and `args`: a function that renders it when it is sent, from the rows as
    they are then, and returns None when there is nothing to send any more. Once sent, the
    row keeps who it went to, the subject and when; the body (which may hold a sign-in
    link), and a rendered mail's `content` argument (a digest's items), are dropped."""

    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20)
    # The account the mail is for, when it has one: its mail goes with a deleted account,
    # and is in the account's export.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    renderer = models.CharField(max_length=200, blank=True)
    args = models.JSONField(default=dict, blank=True)
    subject = models.TextField(blank=True)
    body = models.TextField(blank=True)
    from_email = models.TextField(blank=True)
    to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    alternatives = models.JSONField(default=list, blank=True)  # [[content, mimetype], ...]
    content_subtype = models.CharField(max_length=20, default="plain")
    status = models.CharField(max_length=10, choices=MailStatus, default=MailStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "mail"
        verbose_name_plural = "mail"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_due")]

    def __str__(self) -> str:
        return f"{self.kind} to {', '.join(self.to) or '(not rendered yet)'}"
