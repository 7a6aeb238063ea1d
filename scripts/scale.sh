#!/usr/bin/env bash
# Do the dashboard and the mentor's list stay as fast with 100,000 people as with 100?
#
#   make install && bash scripts/scale.sh          # needs wrk; the first run loads for a while
#
# Builds two scratch PostgreSQL databases with production settings (created if missing, filled
# once with `manage.py load_scale`, reused by later runs): SMALL people (default 200, the fewest that hold a 200-mentee mentor, so both lists have as many rows) and
# LARGE people (default 100000, about 2 million ratings), each with one mentor of MENTEES
# accepted mentees (default 200). For each it serves gunicorn, measures /healthz/, a scale
# learner's dashboard and the scale mentor's /mentoring/ list with wrk, and at the end prints
# each page's p95 at LARGE as a multiple of its p95 at SMALL.
# Settings: SMALL, LARGE, MENTEES, WORKERS (2), CONNECTIONS (4), DURATION (10s), PORT (8767).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

export DJANGO_SETTINGS_MODULE=careerpath.settings.production
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-scale-test-only-$(date +%s)}
# production signs credentials with a key from the environment: a throwaway one here
export CREDENTIAL_SIGNING_KEYS=${CREDENTIAL_SIGNING_KEYS:-$(.venv/bin/python -c 'from careerpath.credentials.keys import generate_pem; print(generate_pem())')}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/3}
SMALL=${SMALL:-200}  # the smallest database that holds a 200-mentee mentor
LARGE=${LARGE:-100000}
MENTEES=${MENTEES:-200}
PORT=${PORT:-8767}
PY=.venv/bin/python
SERVER_BASE=${SERVER_BASE:-postgres://postgres@127.0.0.1:5432}

# shellcheck source=scripts/_stack.sh
source scripts/_stack.sh

declare -A P95
run_size() {  # people
  export DATABASE_URL="$SERVER_BASE/careerpath_scale_$1"
  prepare_database
  local have
  have=$($PY manage.py shell --no-imports -c "
from django.contrib.auth import get_user_model
print(get_user_model().objects.filter(username__startswith='scale-').count())")
  if [ "$have" -lt "$1" ]; then
    echo "loading $(($1 - have)) people into careerpath_scale_$1 ..."
    $PY manage.py load_scale --people $(($1 - have)) --mentees "$MENTEES" >/dev/null
    psql -q "$DATABASE_URL" -c "VACUUM ANALYZE" >/dev/null
  fi
  local learner_email mentor_count learner mentor
  learner_email=$($PY manage.py shell --no-imports -c "
from profiles.models import SkillRating
r = SkillRating.objects.filter(user__username__startswith='scale-').order_by('user_id').first()
print(r.user.email)")
  mentor_count=$($PY manage.py shell --no-imports -c "
from mentoring.models import Mentorship, Status
print(Mentorship.objects.filter(mentor__email='scale-mentor@example.test', status=Status.ACCEPTED).count())")
  learner=$(cookies_for "$learner_email")
  mentor=$(cookies_for scale-mentor@example.test)
  serve
  echo "== $1 people (mentor with $mentor_count mentees); % = share of /healthz/"
  HEALTHZ_RPS=""
  measure /healthz/
  measure /dashboard/ "$learner" learner
  P95[dashboard_$1]=$LAST_P95
  measure /mentoring/ "$mentor" "mentor of $mentor_count"
  P95[mentoring_$1]=$LAST_P95
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
}

run_size "$SMALL"
run_size "$LARGE"
for page in dashboard mentoring; do
  awk -v page="$page" -v small="${P95[${page}_$SMALL]}" -v large="${P95[${page}_$LARGE]}" \
    'BEGIN { printf "%-10s p95 %7.2f ms at %s, %7.2f ms at %s: %.2fx\n", page, small, "'"$SMALL"'", large, "'"$LARGE"'", large / small }'
done
