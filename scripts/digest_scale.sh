#!/usr/bin/env bash
# How long do the weekly digests of 100,000 people take to build and queue, with one worker?
#
#   make install && nice bash scripts/digest_scale.sh     # loading 100,000 people takes ~20 min once
#
# On a scratch PostgreSQL database (careerpath_digest_scale: created if missing, migrated,
# filled once with `manage.py load_scale --people PEOPLE`, reused by later runs), with
# production settings: forgets this week's digests (and their mail) of an earlier run, starts
# ONE Celery worker (--concurrency 1: one process) on a queue of its own in Redis, runs
# `manage.py send_digests` (it names everyone whose digest day has come this week and queues a
# build task per CHUNK people), and waits until every person named has this week's
# DigestDelivery. It prints the time from the command's start to the last digest queued in the
# outbox, the digests per second, the outbox's digest rows and the worker's CPU time. The
# worker is then stopped and the queue deleted: the mail relays queued behind the build tasks
# are not sent (the digests stay pending in the outbox, each rendered when it is sent).
#
# With EAGER=1 no worker runs: the command builds the same chunk tasks one after the other in
# its own process (CELERY_TASK_ALWAYS_EAGER); the mail relays then run eagerly too, so that
# figure includes rendering and sending each digest (to a dummy mail backend).
# Settings: PEOPLE (100000), CHUNK (500), EAGER (0), BROKER_URL (redis://127.0.0.1:6379/7),
# DATABASE_URL (postgres://postgres@127.0.0.1:5432/careerpath_digest_scale).
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=careerpath.settings.production
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-digest-scale-only-$(date +%s)}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export CREDENTIAL_SIGNING_KEYS=${CREDENTIAL_SIGNING_KEYS:-$(.venv/bin/python -c 'from careerpath.credentials.keys import generate_pem; print(generate_pem())')}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/careerpath_digest_scale}
BROKER_URL=${BROKER_URL:-redis://127.0.0.1:6379/7}
export CACHE_URL=${CACHE_URL:-$BROKER_URL}
export EMAIL_URL=dummymail://
PEOPLE=${PEOPLE:-100000}
CHUNK=${CHUNK:-500}
EAGER=${EAGER:-0}
PY=.venv/bin/python

db_name=${DATABASE_URL##*/}
server_url=${DATABASE_URL%/*}/postgres
psql -qAt "$server_url" -c "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1 \
  || psql -q "$server_url" -c "CREATE DATABASE \"$db_name\""
$PY manage.py migrate --noinput >/dev/null
$PY manage.py load_ladder >/dev/null
have=$($PY manage.py shell --no-imports -c "
from django.contrib.auth import get_user_model
print(get_user_model().objects.filter(username__startswith='scale-').count())")
if [ "$have" -lt "$PEOPLE" ]; then
  echo "loading $((PEOPLE - have)) people into $db_name ..."
  $PY manage.py load_scale --people $((PEOPLE - have)) >/dev/null
  psql -q "$DATABASE_URL" -c "VACUUM ANALYZE" >/dev/null
fi

# An earlier run's digests of this week, and their mail, are forgotten: every person is due.
week=$($PY manage.py shell --no-imports -c "
from django.utils import timezone
from careerpath.outbox.models import Mail
from mentoring.digest import MAIL_KIND, week_start_of
from mentoring.models import DigestDelivery
week = week_start_of(timezone.localdate())
DigestDelivery.objects.filter(week_start=week).delete()
Mail.objects.filter(kind=MAIL_KIND).delete()
print(week.isoformat())")
psql -q "$DATABASE_URL" -c "VACUUM ANALYZE mentoring_digestdelivery, outbox_mail" >/dev/null

count_sql="SELECT count(*) FROM mentoring_digestdelivery WHERE week_start = '$week'"
log=$(mktemp)
if [ "$EAGER" = 1 ]; then
  export CELERY_TASK_ALWAYS_EAGER=1 CELERY_TASK_EAGER_PROPAGATES=1
  unset CELERY_BROKER_URL
  echo "building in this process (eager chunk tasks of $CHUNK people) ..."
  started=$(date +%s.%N)
  $PY manage.py send_digests --chunk "$CHUNK" | tee "$log"
  finished=$(date +%s.%N)
else
  queue="careerpath-digest-scale-$$"
  export CELERY_BROKER_URL=$BROKER_URL CELERY_TASK_DEFAULT_QUEUE=$queue CELERY_TASK_ALWAYS_EAGER=0
  .venv/bin/celery -A careerpath worker --queues "$queue" --concurrency 1 \
    --without-gossip --without-mingle --without-heartbeat --loglevel WARNING >>"$log" 2>&1 &
  WORKER=$!
  cleanup() {
    kill "$WORKER" 2>/dev/null || true
    wait "$WORKER" 2>/dev/null || true
    $PY -c "import redis; redis.Redis.from_url('$BROKER_URL').delete('$queue', '_kombu.binding.$queue', '_kombu.binding_permanent.$queue')"
  }
  trap cleanup EXIT
  sleep 5  # the worker connects
  echo "one worker (concurrency 1) on queue $queue; log $log"
  started=$(date +%s.%N)
  named=$($PY manage.py send_digests --chunk "$CHUNK" | tee -a "$log" | grep -o 'digests of [0-9]*' | grep -o '[0-9]*')
  echo "named $named people; waiting for their digests ..."
  while :; do
    done_count=$(psql -qAt "$DATABASE_URL" -c "$count_sql")
    [ "$done_count" -ge "$named" ] && break
    if ! kill -0 "$WORKER" 2>/dev/null; then echo "the worker stopped; see $log" >&2; exit 1; fi
    sleep 1
  done
  finished=$(date +%s.%N)
  # CPU seconds of the worker and its pool process: the work itself, whatever else the
  # shared machine was running.
  WORKER_CPU=$(ps -o times= -p "$WORKER" --ppid "$WORKER" | awk '{s += $1} END {print s}')
fi

digests=$(psql -qAt "$DATABASE_URL" -c "$count_sql")
mails=$(psql -qAt "$DATABASE_URL" -c "SELECT count(*) FROM outbox_mail WHERE kind = 'digest'")
awk -v s="$started" -v f="$finished" -v d="$digests" -v m="$mails" 'BEGIN {
  t = f - s
  printf "digests of the week: %d recorded, %d mails in the outbox\n", d, m
  printf "built and queued in %.0f s (%d min %02d s): %.0f digests/s\n", t, t / 60, t % 60, d / t
}'
[ -n "${WORKER_CPU:-}" ] && echo "the worker's CPU time: $WORKER_CPU s"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
