"""Settings for the test suite: fast hashing, mail kept in memory, no manifest needed."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="test-only-not-secret")
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in the test's process when their on_commit callbacks run
# (django_capture_on_commit_callbacks(execute=True)); the real-worker test switches this off.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = None
# Room for a mentor's 200 mentees' assessment summaries (LocMemCache keeps 300 by default).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
# Serve static files from the finders (node_modules, static/) without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A key generated for this run signs the test suite's credentials (careerpath/credentials/).
from careerpath.credentials.keys import generate_pem  # noqa: E402

CREDENTIAL_SIGNING_KEYS = generate_pem()
