#!/usr/bin/env bash
# Write under load and prove that no acknowledged write is lost: production settings,
# PostgreSQL, gunicorn, and a Python client (standard library only, scripts/write_load.py).
#
#   make install && bash scripts/write_load.sh
#
# Makes fresh accounts with verified addresses in a scratch PostgreSQL database (created if
# missing, with psql), one per client (or per TABS clients); LOGINS clients log in through
# the log-in form, the others get a session made the way a log-in makes it (allauth limits
# log-ins per IP). For DURATION seconds each client rates skills and adds and edits projects
# and roles through the real forms. A write counts as acknowledged when the POST answers
# with the success redirect. Afterwards the database is compared with the acknowledged
# writes and the rating history is checked to chain. Prints requests by status class, the
# outcome of every kind of write and the mean latency per page; exits non-zero on any 5xx,
# unanswered request, lost write, history break, failed log-in, or a page that does not
# show a write just acknowledged.
# Settings: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/careerpath_writeload),
# CLIENTS (50), DURATION (60 seconds), LOGINS (5), WORKERS (gunicorn workers, 2),
# PORT (8766), VENV (.venv), TABS (1: clients per person; 2 or more lets a person's tabs
# save their ratings at the same time: a save may then answer 409, saved in part, and each
# skill's rating must be a write that no saved write started after it was answered).
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=careerpath.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/careerpath_writeload}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-write-load-test-only-$(date +%s)}
# production signs credentials with a key from the environment: a throwaway one here
export CREDENTIAL_SIGNING_KEYS=${CREDENTIAL_SIGNING_KEYS:-$(.venv/bin/python -c 'from careerpath.credentials.keys import generate_pem; print(generate_pem())')}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/3}  # production needs a shared cache
CLIENTS=${CLIENTS:-50}
DURATION=${DURATION:-60}
LOGINS=${LOGINS:-5}
TABS=${TABS:-1}
WORKERS=${WORKERS:-2}
PORT=${PORT:-8766}
VENV=${VENV:-.venv}
PY=$VENV/bin/python

DB_NAME=${DATABASE_URL##*/}
SERVER_URL=${DATABASE_URL%/*}/postgres
psql -qAt "$SERVER_URL" -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
  || psql -q "$SERVER_URL" -c "CREATE DATABASE \"$DB_NAME\""
$PY manage.py migrate --noinput >/dev/null
$PY manage.py load_ladder >/dev/null
$PY manage.py collectstatic --noinput >/dev/null

WORK=$(mktemp -d "${TMPDIR:-/tmp}/write_load.XXXXXX")
RUN="$WORK/run.json"
LOG="$WORK/server.log"
$PY scripts/write_load.py setup "$RUN" --clients "$CLIENTS" --logins "$LOGINS" --tabs "$TABS" \
  --base "http://127.0.0.1:$PORT"

# Django's own log (tracebacks of any 5xx) and gunicorn's go to $LOG.
"$VENV/bin/gunicorn" careerpath.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" --log-level warning \
  >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null -H "X-Forwarded-Proto: https" \
  "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

echo "gunicorn -w $WORKERS, $CLIENTS clients ($LOGINS through the log-in form, $TABS per person)," \
  "${DURATION}s, $(nproc) cores; files in $WORK"
status=0
$PY scripts/write_load.py run "$RUN" --duration "$DURATION" || status=$?
kill $SERVER 2>/dev/null && wait $SERVER 2>/dev/null || true
$PY scripts/write_load.py check "$RUN" || status=$?
if grep -q -E "Traceback|Internal Server Error|WORKER TIMEOUT" "$LOG"; then
  echo "server log ($LOG), errors:"
  grep -n -E -A3 "Internal Server Error|WORKER TIMEOUT|^[A-Za-z.]*(Error|Exception):" "$LOG" | head -60
fi
exit $status
