"""The outbox's tasks: the relay of one mail once its transaction commits, and the sweep
(celery beat, every minute) of every mail due. Retries are the sweep's: no autoretry."""

from celery import shared_task

from . import services


@shared_task
def mail_relay(mail_id: int) -> bool:
    """Send one mail of the outbox (services.mail_send); return whether it went out now."""
    return services.mail_send(mail_id)


@shared_task
def mails_sweep() -> int:
    """Send every pending mail that is due (services.mails_sweep); return how many."""
    return services.mails_sweep()
