"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The site's own address, for links that must not come from the request's Host header (the
# page's og:url, links in e-mails sent by a worker): scheme and host, no trailing slash.
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "ladder",
    "profiles",
    "mentoring",
    # Every e-mail goes through it (careerpath/outbox/services.py).
    "careerpath.outbox",
    # Open Badges 3.0 credentials anyone can verify (careerpath/credentials/).
    "careerpath.credentials",
    # Last: imports every app and wires them together (composition/).
    "composition",
]

MIDDLEWARE = [
    # First, so it compresses the finished response (whitenoise serves static files already
    # compressed and GZipMiddleware leaves those alone). BREACH needs a secret and text an
    # attacker controls in the same compressed body: Django pads each gzip body with random
    # bytes ("Heal the Breach", Django 4.2+) and masks the CSRF token anew in every freshly
    # rendered form (a cached part keeps the masked token it was rendered with, and is stored
    # per browser: careerpath/fragments.py); the CSP nonce changes with every response;
    # session ids live in cookies, never in pages, and pages echo no free text from the query
    # string (only a checked page number or sort key). What remains is the signed-in
    # person's own data, which only they (or their mentor) can request.
    "django.middleware.gzip.GZipMiddleware",
    # Each request remembers what it read once, e.g. the data versions (careerpath/versions.py).
    "careerpath.request_memory.RequestMemoryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the database: a NUL byte gets a 400, not PostgreSQL's 500.
    "careerpath.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "careerpath.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# Content-Security-Policy (django-csp): everything from our own origin. An inline <script>
# runs only with nonce="{{ request.csp_nonce }}"; style attributes and <style> are refused,
# so sizes live in static/css/ as classes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # Bootstrap's CSS draws its icons (menu, close, select arrow) as data: SVG images.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "careerpath.urls"
WSGI_APPLICATION = "careerpath.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "profiles.context_processors.viewer",
                "mentoring.context_processors.unread_notifications",
                "careerpath.context_processors.site_url",
            ],
            "libraries": {"fragments": "careerpath.fragments"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Every request that writes runs in one transaction. Pages that only read and are visited
# most (the dashboard, the mentor's list) opt out with `transaction.non_atomic_requests`:
# under READ COMMITTED each statement sees its own snapshot inside a transaction too, so
# they lose nothing but the BEGIN and COMMIT round trips.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Pages keep answering while Redis is down; rate-limited actions are refused meanwhile.
    CACHES["default"]["BACKEND"] = "careerpath.cache.ResilientRedisCache"

# Sessions live in the database only, read in one query with the account they sign in
# (profiles/sessions.py): a log-out is final even while Redis is down, and an outage signs
# nobody out.
SESSION_ENGINE = "profiles.sessions"

# Argon2id first (careerpath/hashers.py); the others only verify older hashes, which are
# rehashed with Argon2 at the next log-in.
PASSWORD_HASHERS = [
    "careerpath.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The first logs people in (by e-mail, allauth's) and loads the signed-in person with the
# versions their cached pages are keyed by. The other two only keep sessions that were signed
# in through them valid (a session names its backend): they load the person in two more
# queries until the next log-in.
AUTHENTICATION_BACKENDS = [
    "profiles.auth.AccountBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap comes from the npm registry (package.json / package-lock.json) and is served
# from our own origin by whitenoise: no CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "profiles:dashboard"
CSRF_FAILURE_VIEW = "careerpath.errors.csrf_failure"

# django-allauth: log in by email, confirm the address, rate limits on (its defaults).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# ...plus the name the site greets people by (profiles/signup.py).
ACCOUNT_SIGNUP_FORM_CLASS = "profiles.signup.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_DISPLAY = "profiles.display.display_name"
# Sensitive actions ask for the password again (if not given in the last 5 minutes): adding,
# removing or making primary an e-mail address, changing the password (which asks for the old
# one), making the profile public, deleting the account (which asks for it in its form).
# No e-mailed code is offered instead.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_METHODS = ("password",)
# The old address is told when the primary address or the password changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# allauth's limits (its defaults) plus ours. Mentor invitations e-mail any address. Wrong
# passwords count per client address (10 a minute), per account *from one address* (5 in 5
# minutes: the key names both, composition/account.py), and per account from anywhere (30
# an hour): guesses from one place never lock the owner out from another, and guessing one
# account from many addresses is still slowed.
ACCOUNT_RATE_LIMITS = {
    "invite_mentor": "10/d/user",
    "login_failed": "10/m/ip,5/5m/key",
    "login_failed_account": "30/h/key",
}
# Rate limits per address count the connecting address, or behind n proxies that we run
# the client address the outermost one appended to X-Forwarded-For. 0 ignores the header,
# so nobody escapes a limit by sending one; behind a proxy it puts everyone in one bucket.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[careerpath] "
# Its mail is rendered in the request and put in the outbox (careerpath/outbox/).
ACCOUNT_ADAPTER = "composition.account.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Seconds before a mail server that does not answer counts as failed (and the outbox retries);
# without it one silent server would hold a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="careerpath <noreply@careerpath.local>")

MESSAGE_TAGS = {40: "danger"}

# Celery: e-mail (the outbox's relay and sweep) and periodic jobs (careerpath/celery.py,
# */tasks.py). Redis is the broker in
# production, e.g. CELERY_BROKER_URL=redis://127.0.0.1:6379/0. Without a broker every task runs
# eagerly in the process that queues it, so `make run` needs nothing but SQLite;
# CELERY_TASK_ALWAYS_EAGER overrides either way.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
# An eager task behaves as on a worker: a failure is logged, never raised into the request
# that queued it.
CELERY_TASK_EAGER_PROPAGATES = env.bool("CELERY_TASK_EAGER_PROPAGATES", default=False)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# Nobody reads task results: no result backend to run or fill.
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when it has finished, so a worker killed in the middle leaves the
# task in the queue for the next worker (mail waits in the outbox either way).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands an unacknowledged task to another worker after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TIMEZONE = TIME_ZONE
# The queue tasks go to (a scratch one for scripts/faults.sh).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BEAT_SCHEDULE = {
    # Mail whose queueing failed (the broker was down) or whose retry has come: sent within
    # two minutes of the broker's return (careerpath/outbox/services.py).
    "send-due-mail": {"task": "careerpath.outbox.tasks.mails_sweep", "schedule": 60},
    # Reads show a pending invitation past its date as expired; this records it.
    "expire-invitations": {"task": "mentoring.tasks.invitations_expire", "schedule": 60 * 60},
    # The weekly digests of the people whose day has come and who have not had this week's
    # (mentoring/digest.py): hourly, so a run missed or stopped is caught up within the hour.
    "send-digests": {"task": "mentoring.tasks.digests_send", "schedule": 60 * 60},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

# Open Badges 3.0 credentials (careerpath/credentials/keys.py): RSA private keys as PEM
# blocks, oldest first; the newest signs, all are published in /.well-known/did.json. Empty
# with DEBUG on: a key is generated into CREDENTIAL_SIGNING_KEY_FILE on first use.
CREDENTIAL_SIGNING_KEYS = env.str("CREDENTIAL_SIGNING_KEYS", default="", multiline=True)
CREDENTIAL_SIGNING_KEY_FILE = env.path(
    "CREDENTIAL_SIGNING_KEY_FILE", default=str(BASE_DIR / ".credential-signing-key.pem")
)
