#!/usr/bin/env bash
# Time the main pages under load: production settings, PostgreSQL, gunicorn, wrk.
#
#   make install && bash scripts/load.sh            # needs wrk (Debian: apt-get install wrk)
#
# Loads the ladder and the demo accounts into a scratch PostgreSQL database (created if
# missing, with psql), signs the demo learner and mentor in, and prints requests/second
# and mean latency for each page.
# Settings: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/careerpath_load),
# WORKERS (gunicorn workers, 2), CONNECTIONS (8), DURATION (20s), PORT (8765).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

export DJANGO_SETTINGS_MODULE=careerpath.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/careerpath_load}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-load-test-only-$(date +%s)}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
WORKERS=${WORKERS:-2}
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-20s}
PORT=${PORT:-8765}
PY=.venv/bin/python

DB_NAME=${DATABASE_URL##*/}
SERVER_URL=${DATABASE_URL%/*}/postgres
psql -qAt "$SERVER_URL" -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
  || psql -q "$SERVER_URL" -c "CREATE DATABASE \"$DB_NAME\""
$PY manage.py migrate --noinput >/dev/null
$PY manage.py load_ladder >/dev/null
$PY manage.py load_demo >/dev/null
$PY manage.py collectstatic --noinput >/dev/null

# A session cookie for a demo account, made the way a log-in makes it.
session_for() {
  $PY manage.py shell --no-imports -c "
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(email='$1')
s = SessionStore()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
print(f'{settings.SESSION_COOKIE_NAME}={s.session_key}')"
}
LEARNER=$(session_for learner@example.com)
MENTOR=$(session_for mentor@example.com)
MENTEE_URL=$($PY manage.py shell --no-imports -c "
from django.urls import reverse
from mentoring.models import Mentorship, Status
m = Mentorship.objects.get(mentor__email='mentor@example.com', status=Status.ACCEPTED)
print(reverse('mentoring:mentee', args=[m.pk]))")

.venv/bin/gunicorn careerpath.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null -H "X-Forwarded-Proto: https" \
  "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

measure() {  # path [cookie role]
  local url="http://127.0.0.1:$PORT$1" status
  local headers=(-H "X-Forwarded-Proto: https")
  [ -n "${2:-}" ] && headers+=(-H "Cookie: $2")
  status=$(curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "$url")
  [ "$status" = 200 ] || { echo "$1 answered $status, not 200" >&2; exit 1; }
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "${headers[@]}" "$url" \
    | awk -v path="$1${3:+ ($3)}" '/Requests\/sec/ {rps=$2} /Latency/ {lat=$2}
        END {printf "%-32s %8s req/s   mean latency %s\n", path, rps, lat}'
}

echo "gunicorn -w $WORKERS, wrk -t2 -c$CONNECTIONS -d$DURATION, $(nproc) cores"
for path in / /ladder/ /ladder/ml-engineer/ /skills/ /skills/python/ /faq/; do
  measure "$path"
done
for path in /dashboard/ /profile/skills/ /profile/projects/ /mentoring/; do
  measure "$path" "$LEARNER" learner
done
measure /mentoring/ "$MENTOR" mentor
measure "$MENTEE_URL" "$MENTOR" mentor
