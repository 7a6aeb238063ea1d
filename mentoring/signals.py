"""Signals mentoring sends for what builds on it (the composition connects them).

Each is sent inside the transaction of the write, so a receiver's writes commit or roll back
with it."""

from django.dispatch import Signal

# A mentor confirmed a level in a check-in (mentoring.check_in_services.check_in_confirm):
# check_in (CheckIn, frozen), level (ladder.Level), mentor (the confirming user).
level_confirmed = Signal()

# A mentor signed off a done project (mentoring.services.project_sign_off), once per
# mentorship and project: sign_off (SignOff), project (profiles.Project), mentor.
project_signed_off = Signal()
