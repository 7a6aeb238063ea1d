#!/usr/bin/env bash
# Time the main pages under load: production settings, PostgreSQL, gunicorn, wrk.
#
#   make install && bash scripts/load.sh            # needs wrk (Debian: apt-get install wrk)
#
# Loads the ladder and the demo accounts into a scratch PostgreSQL database (created if
# missing, with psql), signs the demo learner and mentor in, and prints for each page its
# requests/second, that as a share of the trivial /healthz/ measured in the same run (absolute
# figures vary between runs on a shared machine; shares measured together do not), and its
# p50/p95/p99 latency.
# Settings: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/careerpath_load),
# WORKERS (gunicorn workers, 2), CONNECTIONS (4), DURATION (10s), PORT (8765),
# PAGES (space-separated paths to measure instead of the default list; signed out).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

export DJANGO_SETTINGS_MODULE=careerpath.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/careerpath_load}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-load-test-only-$(date +%s)}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/3}  # production needs a shared cache
WORKERS=${WORKERS:-2}
CONNECTIONS=${CONNECTIONS:-4}
DURATION=${DURATION:-10s}
PORT=${PORT:-8765}
PY=.venv/bin/python

# shellcheck source=scripts/_stack.sh
source scripts/_stack.sh
prepare_database

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
  "http://127.0.0.1:$PORT/healthz/" && break; sleep 0.2; done

HEALTHZ_RPS=""
measure() {  # path [cookie role]
  local url="http://127.0.0.1:$PORT$1" status
  local headers=(-H "X-Forwarded-Proto: https")
  [ -n "${2:-}" ] && headers+=(-H "Cookie: $2")
  status=$(curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "$url")
  [ "$status" = 200 ] || { echo "$1 answered $status, not 200" >&2; exit 1; }
  local result
  result=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s scripts/wrk_report.lua "${headers[@]}" "$url" \
    | awk '/^RESULT/ {print $2, $3, $4, $5, $6}')
  read -r rps p50 p95 p99 bad <<<"$result"
  [ -z "$HEALTHZ_RPS" ] && HEALTHZ_RPS=$rps
  awk -v path="$1${3:+ ($3)}" -v rps="$rps" -v base="$HEALTHZ_RPS" -v p50="$p50" \
    -v p95="$p95" -v p99="$p99" -v bad="$bad" 'BEGIN {
      printf "%-34s %8.1f req/s %6.1f %%   p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms%s\n",
        path, rps, 100 * rps / base, p50, p95, p99, (bad > 0 ? "  (" bad " errors)" : "") }'
}

echo "gunicorn -w $WORKERS, wrk -t2 -c$CONNECTIONS -d$DURATION, $(nproc) cores; % = share of /healthz/"
measure /healthz/
if [ -n "${PAGES:-}" ]; then
  for path in $PAGES; do measure "$path"; done
  exit 0
fi
for path in / /ladder/ /ladder/ml-engineer/ /skills/ /skills/python/ /faq/; do
  measure "$path"
done
for path in /dashboard/ /profile/skills/ /profile/projects/ /mentoring/; do
  measure "$path" "$LEARNER" learner
done
measure /mentoring/ "$MENTOR" mentor
measure "$MENTEE_URL" "$MENTOR" mentor
