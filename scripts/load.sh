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
# production signs credentials with a key from the environment: a throwaway one here
export CREDENTIAL_SIGNING_KEYS=${CREDENTIAL_SIGNING_KEYS:-$(.venv/bin/python -c 'from careerpath.credentials.keys import generate_pem; print(generate_pem())')}
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

LEARNER=$(cookies_for learner@example.com)
MENTOR=$(cookies_for mentor@example.com)
MENTEE_URL=$($PY manage.py shell --no-imports -c "
from django.urls import reverse
from mentoring.models import Mentorship, Status
m = Mentorship.objects.get(mentor__email='mentor@example.com', status=Status.ACCEPTED)
print(reverse('mentoring:mentee', args=[m.pk]))")
# A credential of the demo learner's (issued once, by its source), for its public page.
CREDENTIAL_URL=$($PY manage.py shell --no-imports -c "
from django.contrib.auth import get_user_model
from careerpath.credentials.services import credential_issue
from careerpath.credentials.specs import AchievementSpec
User = get_user_model()
c = credential_issue(
    holder=User.objects.get(email='learner@example.com'),
    achievement=AchievementSpec('project', 'Load test project', 'A project.', 'Signed off.'),
    evidence=[], source='load-test', confirmed_by=User.objects.get(email='mentor@example.com'))
print(c.get_absolute_url())")

serve

echo "gunicorn -w $WORKERS, wrk -t2 -c$CONNECTIONS -d$DURATION, $(nproc) cores; % = share of /healthz/"
measure /healthz/
if [ -n "${PAGES:-}" ]; then
  for path in $PAGES; do measure "$path"; done
  exit 0
fi
for path in / /ladder/ /ladder/ml-engineer/ /skills/ /skills/python/ /faq/; do
  measure "$path"
done
measure "$CREDENTIAL_URL"  # a credential's verification page, signed out
for path in /dashboard/ /profile/skills/ /profile/projects/ /plan/ /mentoring/; do
  measure "$path" "$LEARNER" learner
done
measure /mentoring/ "$MENTOR" mentor
measure "$MENTEE_URL" "$MENTOR" mentor
