from django.dispatch import Signal

# Sent inside the transaction of the write, so what listens (the composition issues a
# credential) writes in the same transaction: a rolled back sign-off issues nothing.
project_signed_off = Signal()  # sign_off, project, mentor: a mentor signed off a done project
