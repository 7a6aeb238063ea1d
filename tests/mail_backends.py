"""Mail servers that misbehave, for tests of sending mail."""

import time
from smtplib import SMTPServerDisconnected

from django.core.mail.backends import locmem


class FlakyEmailBackend(locmem.EmailBackend):
    """A mail server that refuses the next `failures` sends, then delivers (to mail.outbox).
    Set FlakyEmailBackend.failures in the test; -1 refuses every send."""

    failures = 0
    refused = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.failures != 0:
            FlakyEmailBackend.failures -= 1
            FlakyEmailBackend.refused += 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class SlowEmailBackend(locmem.EmailBackend):
    """A mail server that takes `seconds` to accept each message (to mail.outbox), so two
    senders overlap."""

    seconds = 0.5

    def send_messages(self, messages):
        time.sleep(SlowEmailBackend.seconds)
        return super().send_messages(messages)
