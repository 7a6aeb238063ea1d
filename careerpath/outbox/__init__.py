"""The outbox: every e-mail is a row written in the transaction of the change that causes it,
and sent from there by a task (services.py says how). A task queue that is down delays
mail; it never loses it."""
