import factory
from factory.django import DjangoModelFactory

from careerpath.outbox.models import Mail, MailStatus
from tests.profiles.factories import UserFactory


class MailFactory(DjangoModelFactory):
    """A rendered mail waiting in the outbox, for an account."""

    class Meta:
        model = Mail

    kind = "account"
    recipient = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"[careerpath] Message {n}")
    body = "Hello."
    from_email = "careerpath <noreply@careerpath.local>"
    to = factory.LazyAttribute(lambda o: [o.recipient.email] if o.recipient else ["a@example.org"])
    status = MailStatus.PENDING


class FailedMailFactory(MailFactory):
    status = MailStatus.FAILED
    attempts = 10
    last_error = "SMTPServerDisconnected: Connection unexpectedly closed"
