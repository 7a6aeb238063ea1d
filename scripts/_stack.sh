# Shared by scripts/load.sh and scripts/faults.sh (sourced, not run): the scratch PostgreSQL
# database with the ladder and the demo accounts, and the cookies of a signed-in browser.
# Needs PY (the project's python) and DATABASE_URL set by the caller.

# Create the database if missing (psql), migrate it, load the ladder and the demo accounts,
# and collect the static files production settings serve.
prepare_database() {
  local db_name=${DATABASE_URL##*/} server_url=${DATABASE_URL%/*}/postgres
  psql -qAt "$server_url" -c "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1 \
    || psql -q "$server_url" -c "CREATE DATABASE \"$db_name\""
  $PY manage.py migrate --noinput >/dev/null
  $PY manage.py load_ladder >/dev/null
  $PY manage.py load_demo >/dev/null
  $PY manage.py collectstatic --noinput >/dev/null
}

# Print the cookies of a browser signed in to the account with this e-mail: the session, made
# the way a log-in makes it, and the CSRF cookie every browser holds after the log-in page
# (pages store their parts holding a form per CSRF secret, and none without one).
cookies_for() {
  $PY manage.py shell --no-imports -c "
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from importlib import import_module
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
user = get_user_model().objects.get(email='$1')
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
from django.utils.crypto import get_random_string
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
secret = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
print(f'{settings.SESSION_COOKIE_NAME}={s.session_key}; {settings.CSRF_COOKIE_NAME}={secret}')"
}

# Start gunicorn (WORKERS workers, default 2) on PORT with the current environment; stop it
# when the calling script exits.
serve() {
  .venv/bin/gunicorn careerpath.wsgi -w "${WORKERS:-2}" -b "127.0.0.1:$PORT" --log-level warning &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -fs -o /dev/null -H "X-Forwarded-Proto: https" \
    "http://127.0.0.1:$PORT/healthz/" && return; sleep 0.2; done
  echo "the server did not start" >&2
  exit 1
}

# Load one page with wrk (CONNECTIONS connections for DURATION) and print its requests per
# second, that as a share of the first page measured (call it with /healthz/ first), and
# its p50/p95/p99 latency. Arguments: path [cookie [label]]. Sets LAST_P95 (ms).
HEALTHZ_RPS=""
measure() {
  local url="http://127.0.0.1:$PORT$1" status
  local headers=(-H "X-Forwarded-Proto: https")
  [ -n "${2:-}" ] && headers+=(-H "Cookie: $2")
  status=$(curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "$url")
  [ "$status" = 200 ] || { echo "$1 answered $status, not 200" >&2; exit 1; }
  local result
  result=$(wrk -t2 -c"${CONNECTIONS:-4}" -d"${DURATION:-10s}" -s scripts/wrk_report.lua \
    "${headers[@]}" "$url" | awk '/^RESULT/ {print $2, $3, $4, $5, $6}')
  read -r rps p50 p95 p99 bad <<<"$result"
  [ -z "$HEALTHZ_RPS" ] && HEALTHZ_RPS=$rps
  LAST_P95=$p95
  awk -v path="$1${3:+ ($3)}" -v rps="$rps" -v base="$HEALTHZ_RPS" -v p50="$p50" \
    -v p95="$p95" -v p99="$p99" -v bad="$bad" 'BEGIN {
      printf "%-34s %8.1f req/s %6.1f %%   p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms%s\n",
        path, rps, 100 * rps / base, p50, p95, p99, (bad > 0 ? "  (" bad " errors)" : "") }'
}
