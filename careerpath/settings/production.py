"""Settings for production: secrets and hosts must come from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
SITE_URL = env("DJANGO_SITE_URL", default=f"https://{ALLOWED_HOSTS[0]}").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Every worker must share one cache: it holds the rate limits of log-in, sign-up and
# invitations. A per-process cache (locmem) would let each worker count log-in attempts
# apart, so production refuses to start without CACHE_URL (Redis). (The copies it also holds
# are keyed by data versions kept in the database, so they would stay true either way.)
if "CACHE_URL" not in env.ENVIRON:
    raise ImproperlyConfigured("Set CACHE_URL to a Redis server shared by every worker.")

# Credentials are signed with keys from the environment (careerpath/credentials/keys.py):
# without one, a mentor's sign-off could not issue its credential.
if not env.str("CREDENTIAL_SIGNING_KEYS", default="").strip():
    raise ImproperlyConfigured(
        "Set CREDENTIAL_SIGNING_KEYS to the PEM of the RSA key that signs credentials."
    )

# Reuse database connections across requests: opening a new connection per request made a
# trivial page 8x slower (issue 8: 180 vs 1,553 req/s). Two ways, switched by DJANGO_DB_POOL:
# - "false" (default): persistent connections (CONN_MAX_AGE), checked before reuse
#   (CONN_HEALTH_CHECKS) so a connection that died with a PostgreSQL restart is replaced
#   instead of failing the request.
# - "true": Django 5.2's psycopg connection pool (one pool per worker process, CONN_MAX_AGE
#   must then be 0); the pool checks a connection before handing it out.
# Measured on the shared 2-core machine, gunicorn -w 2, wrk -c4 -d10s, three interleaved rounds
# of each (DJANGO_DB_POOL=false|true DATABASE_URL=... PAGES="/readyz/ /ladder/ /"
# bash scripts/load.sh), req/s per round:
#   /readyz/ (one SELECT 1): persistent 645, 863, 982 (mean 830); pool 384, 669, 711 (588)
#   /ladder/:                persistent  33,  35,  39 (36);       pool  35,  32,  45 (37)
#   /:                       persistent  36,  37,  39 (37);       pool  36,  35,  46 (39)
# Whole pages are the same within the noise (the connection is a small part of them); on the
# page that is mostly a database round trip the pool is ~30 % slower (its checkout check and
# return to the pool cost more than Django's reuse check). With one thread per gunicorn
# worker a pool has nothing to share, so persistent connections stay the default.
if env.bool("DJANGO_DB_POOL", default=False) and DATABASES["default"]["ENGINE"].endswith(
    "postgresql"
):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DJANGO_DB_POOL_MIN", default=2),
        "max_size": env.int("DJANGO_DB_POOL_MAX", default=4),
        "timeout": 10,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
# With the pool this makes it check each connection before handing it out (psycopg_pool's
# check_connection); with persistent connections Django checks one before reusing it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_CONTENT_TYPE_NOSNIFF = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Joining the browsers' preload list is a decision for whoever owns the domain.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
