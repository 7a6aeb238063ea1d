"""Password hashing: Argon2id (Django's recommended hasher), with costs measured on this
project's machines.

Django's Argon2 defaults (time 2, memory 100 MiB, 8 lanes) took about 300 ms of CPU a hash on
the 2-core machines, and PBKDF2 (the hasher before) about 400 ms: a sign-up or a log-in spent
most of a second hashing. RFC 9106's recommendation for memory-constrained use (time 3,
64 MiB, 4 lanes) takes about 200 ms. Hashes made with other parameters, or by PBKDF2, still
verify and are rehashed with these at the person's next log-in."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    algorithm = "argon2"  # the same name: Django's hasher and this one read each other's hashes
    time_cost = 3
    memory_cost = 64 * 1024  # KiB
    parallelism = 4
