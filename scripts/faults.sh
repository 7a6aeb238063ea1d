#!/usr/bin/env bash
# Faults the site must survive, against production settings, gunicorn and PostgreSQL.
#
#   bash scripts/faults.sh redis-down     # Redis unreachable: every page answers, log-in fails closed
#   bash scripts/faults.sh broker-down    # the task queue unreachable: no mail is lost, each goes
#                                         # out once when it is back
#   bash scripts/faults.sh pg-restart     # PostgreSQL restarted under load: requests after it succeed
#   DRY_RUN=1 bash scripts/faults.sh pg-restart   # everything but the restart itself
#   bash scripts/faults.sh pg-terminate   # as pg-restart, but only this database's connections
#                                         # are killed (pg_terminate_backend): safe on a shared server
#
# redis-down first visits the signed-in pages with Redis up, so their parts are stored; then
# points CACHE_URL at a closed port and fetches every main page (signed out, as the demo
# learner and as the demo mentor) and expects 200; /readyz/ must answer 503 (the cache is
# down) and a log-in POST must answer 503 "Signing in is paused" (rate limits cannot be
# counted, so no attempt goes through) rather than 500 or a log-in. While Redis is down the
# learner renames themselves, deletes a project and rates one more skill; with Redis back,
# their dashboard, My skills, the mentor's list and the mentee page must show all of it at
# once (the versions that key the stored parts are in the database, not in Redis).
#
# broker-down points CELERY_BROKER_URL at a closed port and EMAIL_URL at files in a scratch
# folder, and asks for four kinds of mail through gunicorn: an invitation (from a learner
# made for the drill, as invitations are limited per learner and day), a password reset, a
# sign-up confirmation and a feedback notification. Each request must answer 302, no mail
# may be written, and each mail must wait in the outbox (a pending row). Then the broker is
# back: Redis (FAULTS_BROKER_URL, default redis://127.0.0.1:6379/6) on a queue of the drill's
# own, with a real `celery worker -B` whose beat sweeps the outbox every minute. Every mail
# must be written exactly once within WAIT_SECONDS (150); a second sweep sends nothing more.
#
# pg-restart keeps wrk loading a database page while a curl loop records one status per
# request, restarts PostgreSQL half-way (pg_ctlcluster --skip-systemctl-redirect 15 main
# restart: run it where nobody else needs PostgreSQL at that moment), then prints the
# statuses before, during and after. Requests sent once PostgreSQL is back must all
# succeed: a worker must not hand out a connection that died with the restart.
# Settings: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/careerpath_load),
# DJANGO_DB_POOL (false: persistent connections; true: psycopg pool), PORT (8766),
# PG_CLUSTER ("15 main"), SECONDS_BEFORE (5), SECONDS_AFTER (10).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:?usage: scripts/faults.sh redis-down|broker-down|pg-restart|pg-terminate}

export DJANGO_SETTINGS_MODULE=careerpath.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/careerpath_load}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-faults-only-$(date +%s)}
# production signs credentials with a key from the environment: a throwaway one here
export CREDENTIAL_SIGNING_KEYS=${CREDENTIAL_SIGNING_KEYS:-$(.venv/bin/python -c 'from careerpath.credentials.keys import generate_pem; print(generate_pem())')}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/3}  # production needs a shared cache
PORT=${PORT:-8766}
PY=.venv/bin/python
BASE="http://127.0.0.1:$PORT"
HTTPS=(-H "X-Forwarded-Proto: https")

# shellcheck source=scripts/_stack.sh
source scripts/_stack.sh
prepare_database
DB_NAME=${DATABASE_URL##*/}
SERVER_URL=${DATABASE_URL%/*}/postgres

stop_server() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
}

start_server() {
  .venv/bin/gunicorn careerpath.wsgi -w 2 -b "127.0.0.1:$PORT" --log-level warning \
    --error-logfile "${SERVER_LOG:-/dev/stderr}" &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -fs -o /dev/null "${HTTPS[@]}" "$BASE/healthz/" && return; sleep 0.2; done
  echo "the server did not start" >&2
  exit 1
}

status_of() {  # path [cookie]
  local headers=("${HTTPS[@]}")
  [ -n "${2:-}" ] && headers+=(-H "Cookie: $2")
  curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "$BASE$1"
}

FAILED=0
expect() {  # expected-status path [cookie]
  local got
  got=$(status_of "$2" "${3:-}")
  printf '%-40s %s%s\n' "$2" "$got" "$([ "$got" = "$1" ] || echo "  (expected $1)")"
  [ "$got" = "$1" ] || FAILED=1
}

page_of() {  # path cookie: the page's text
  curl -s "${HTTPS[@]}" -H "Cookie: $2" "$BASE$1"
}

learner_writes() {  # python statements run with the demo learner as `u`
  $PY manage.py shell --no-imports -c "
from django.contrib.auth import get_user_model
from ladder.models import Skill
from profiles import services
u = get_user_model().objects.get(email='learner@example.com')
$1"
}

redis_down() {
  local redis_url=$CACHE_URL learner mentor mentee drill rated_before
  learner=$(cookies_for learner@example.com)
  mentor=$(cookies_for mentor@example.com)
  mentee=$($PY manage.py shell --no-imports -c "
from django.urls import reverse
from mentoring.models import Mentorship, Status
m = Mentorship.objects.get(mentor__email='mentor@example.com', status=Status.ACCEPTED)
print(reverse('mentoring:mentee', args=[m.pk]))")
  drill=$(date +%s)
  learner_writes "services.project_create(user=u, title='Fault drill $drill', description='', link='', status='planned', template=None, skills=[])"

  # 1. Redis up: the signed-in pages store their parts.
  start_server
  for path in /dashboard/ /profile/skills/; do page_of "$path" "$learner" >/dev/null; done
  rated_before=$(page_of /profile/skills/ "$learner" | grep -o 'Rated [0-9]* of' | head -1)
  page_of /mentoring/ "$mentor" >/dev/null
  grep -q "Fault drill $drill" <<<"$(page_of "$mentee" "$mentor")" \
    || { echo "the mentee page does not show the new project" >&2; FAILED=1; }
  stop_server

  # 2. Redis down.
  export CACHE_URL=redis://127.0.0.1:1/0  # nothing listens there
  start_server
  echo "CACHE_URL=$CACHE_URL (closed port)"
  for path in / /ladder/ /ladder/ml-engineer/ /skills/ /skills/python/ /faq/ /accounts/login/; do
    expect 200 "$path"
  done
  for path in /dashboard/ /profile/ /profile/skills/ /profile/projects/ /profile/experience/ /mentoring/; do
    expect 200 "$path" "$learner"
  done
  expect 200 /mentoring/ "$mentor"
  expect 200 "$mentee" "$mentor"
  expect 503 /readyz/

  # A log-in with the right password: refused with the "paused" page (fail closed).
  local jar token csrf body got
  jar=$(mktemp)
  body=$(curl -s -c "$jar" "${HTTPS[@]}" "$BASE/accounts/login/")
  token=$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' <<<"$body" | head -1 | sed 's/.*value="//; s/"$//')
  csrf=$(awk '$6 == "csrftoken" {print $7}' "$jar")  # a Secure cookie: curl won't send it over http
  body=$(curl -s -w '\n%{http_code}' "${HTTPS[@]}" -H "Cookie: csrftoken=$csrf" \
    -H "Referer: https://127.0.0.1:$PORT/accounts/login/" \
    --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "login=learner@example.com" \
    --data-urlencode "password=careerpath-demo" "$BASE/accounts/login/")
  got=$(tail -1 <<<"$body")
  rm -f "$jar"
  printf '%-40s %s\n' "POST /accounts/login/ (right password)" "$got"
  if [ "$got" != 503 ] || ! grep -q "Signing in is paused" <<<"$body"; then
    echo "  expected 503 with \"Signing in is paused\"" >&2
    FAILED=1
  fi

  # ...and the learner writes while it is down.
  learner_writes "
p = u.profile
services.profile_update(profile=p, version=p.version, display_name='Ada $drill',
    headline=p.headline, weekly_hours=p.weekly_hours, github_url=p.github_url,
    kaggle_url=p.kaggle_url, website_url=p.website_url, visibility=p.visibility)
services.project_delete(project=u.projects.get(title='Fault drill $drill'))
skill = Skill.objects.active().exclude(ratings__user=u).order_by('pk').first()
services.skill_rating_set(user=u, skill=skill, proficiency=1)"
  stop_server

  # 3. Redis back: the pages stored before the outage show the new state at once.
  export CACHE_URL=$redis_url
  start_server
  echo "CACHE_URL=$CACHE_URL (back)"
  shows() {  # label text page...
    local label=$1 text=$2 got=yes
    shift 2
    grep -q "$text" <<<"$*" || got=no
    printf '%-40s %s\n' "$label" "$got"
    [ "$got" = yes ] || FAILED=1
  }
  local dashboard skills mentors mentee_page
  dashboard=$(page_of /dashboard/ "$learner")
  skills=$(page_of /profile/skills/ "$learner")
  mentors=$(page_of /mentoring/ "$mentor")
  mentee_page=$(page_of "$mentee" "$mentor")
  shows "dashboard: the new name" "Hello, Ada $drill" "$dashboard"
  shows "mentor's list: the new name" "Ada $drill" "$mentors"
  shows "mentee page: the new name" "Ada $drill" "$mentee_page"
  shows "My skills: one more skill rated" "Rated $(( ${rated_before//[^0-9]/} + 1 )) of" "$skills"
  if grep -q "Fault drill $drill" <<<"$mentee_page"; then
    echo "mentee page: the deleted project is still shown" >&2
    FAILED=1
  else
    printf '%-40s %s\n' "mentee page: the project is gone" yes
  fi
  [ "$FAILED" = 0 ] && echo "redis-down: every page answered as expected, nothing stale after it"
  return "$FAILED"
}

post() {  # expected-status path cookie field=value...: a form posted as a browser would
  local expected=$1 path=$2 cookie=$3 secret got
  shift 3
  secret=$(grep -o 'csrftoken=[^;]*' <<<"$cookie" | cut -d= -f2 || true)
  if [ -z "$secret" ]; then  # a visitor's browser: a CSRF cookie of its own
    secret=$($PY -c "from django.utils.crypto import get_random_string as r; print(r(32))")
    cookie="csrftoken=$secret"
  fi
  local data=(--data-urlencode "csrfmiddlewaretoken=$secret")
  for field in "$@"; do data+=(--data-urlencode "$field"); done
  got=$(curl -s -o /dev/null -w '%{http_code}' "${HTTPS[@]}" -H "Cookie: $cookie" \
    -H "Referer: https://127.0.0.1:$PORT$path" "${data[@]}" "$BASE$path")
  printf '%-40s %s%s\n' "POST $path" "$got" "$([ "$got" = "$expected" ] || echo "  (expected $expected)")"
  [ "$got" = "$expected" ] || FAILED=1
}

outbox_rows() {  # first-id: "kind status" of each outbox row from that id on, one a line
  $PY manage.py shell --no-imports -c "
from careerpath.outbox.models import Mail
for kind, status in Mail.objects.filter(pk__gte=$1).order_by('kind').values_list('kind', 'status'):
    print(kind, status)"
}

broker_down() {
  local drill mail_dir log queue broker_url first learner mentor feedback started file
  drill=$(date +%s)
  mail_dir=$(mktemp -d)
  log=$(mktemp)
  queue="careerpath-faults-$drill"
  broker_url=${FAULTS_BROKER_URL:-redis://127.0.0.1:6379/6}
  export EMAIL_URL="filemail:///$mail_dir"  # "filemail:////tmp/...": an absolute path
  export CELERY_TASK_DEFAULT_QUEUE=$queue
  # The drill's learner, and the outbox's first row of the drill.
  first=$($PY manage.py shell --no-imports -c "
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Max
from careerpath.outbox.models import Mail
u = get_user_model().objects.create_user('drill-$drill', 'drill-$drill@example.org')
EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)
u.profile.display_name = 'Drill $drill'
u.profile.save()
print((Mail.objects.aggregate(m=Max('pk'))['m'] or 0) + 1)")
  learner=$(cookies_for "drill-$drill@example.org")
  mentor=$(cookies_for mentor@example.com)
  feedback=$($PY manage.py shell --no-imports -c "
from django.urls import reverse
from mentoring.models import Mentorship, Status
m = Mentorship.objects.get(mentor__email='mentor@example.com', status=Status.ACCEPTED)
print(reverse('mentoring:feedback', args=[m.pk]))")

  # 1. The broker down: every request answers as usual, every mail waits in the outbox.
  export CELERY_BROKER_URL=redis://127.0.0.1:1/0  # nothing listens there
  start_server 2>>"$log"
  echo "CELERY_BROKER_URL=$CELERY_BROKER_URL (closed port); mail written to $mail_dir"
  post 302 /mentoring/invite/ "$learner" "invitee_email=invitee-$drill@example.org"
  post 302 /accounts/password/reset/ "" "email=learner@example.com"
  post 302 /accounts/signup/ "" "display_name=Signup $drill" "email=signup-$drill@example.org" \
    "password1=drill-$drill-Passw0rd" "password2=drill-$drill-Passw0rd"
  post 302 "$feedback" "$mentor" "body=Fault drill $drill: well done."
  stop_server
  printf '%-40s %s\n' "queueing failures logged" "$(grep -c 'stays in the outbox' "$log" || true)"
  printf '%-40s %s\n' "mail written" "$(find "$mail_dir" -type f | wc -l)"
  [ -z "$(find "$mail_dir" -type f)" ] || FAILED=1
  echo "the outbox:"
  outbox_rows "$first" | sort | uniq -c
  [ "$(outbox_rows "$first" | sort | tr '\n' ' ')" = \
    "account pending account pending invitation pending notification pending " ] \
    || { echo "  expected 2 account, 1 invitation and 1 notification mail pending" >&2; FAILED=1; }

  # 2. The broker back: a worker with its beat sweeps the outbox.
  export CELERY_BROKER_URL=$broker_url
  echo "CELERY_BROKER_URL=$CELERY_BROKER_URL queue $queue (back): celery worker -B"
  started=$(date +%s)
  .venv/bin/celery -A careerpath worker -B --schedule "$mail_dir.beat" --queues "$queue" \
    --pool solo --without-gossip --without-mingle --without-heartbeat --loglevel WARNING \
    >>"$log" 2>&1 &
  WORKER=$!
  trap 'kill $WORKER 2>/dev/null || true' EXIT
  for _ in $(seq "${WAIT_SECONDS:-150}"); do
    [ "$(find "$mail_dir" -type f | wc -l)" -ge 4 ] && break
    sleep 1
  done
  printf '%-40s %s s\n' "all four written after" "$(($(date +%s) - started))"
  # 3. Once more: a sweep finds nothing left to send.
  $PY manage.py shell --no-imports -c "
from careerpath.outbox.tasks import mails_sweep
mails_sweep.delay()"
  sleep 5
  kill "$WORKER" 2>/dev/null || true
  wait "$WORKER" 2>/dev/null || true
  $PY -c "import redis; redis.Redis.from_url('$broker_url').delete('$queue', '_kombu.binding.$queue', '_kombu.binding_permanent.$queue')"
  rm -f "$mail_dir.beat"*

  echo "mail written:"
  local subjects
  subjects=$(grep -h '^Subject: ' "$mail_dir"/* 2>/dev/null | sort || true)
  for file in "$mail_dir"/*; do
    [ -f "$file" ] && echo "  $(grep -m1 '^To: ' "$file")  $(grep -m1 '^Subject: ' "$file")"
  done
  for expected in \
    "Subject: [careerpath] Drill $drill asks you to be their mentor" \
    "Subject: [careerpath] Password Reset Email" \
    "Subject: [careerpath] Please Confirm Your Email Address" \
    "Subject: [careerpath] New feedback from your mentor"; do
    got=$(grep -cxF "$expected" <<<"$subjects" || true)
    printf '%-64s %s\n' "${expected#Subject: }" "$got$([ "$got" = 1 ] || echo "  (expected 1)")"
    [ "$got" = 1 ] || FAILED=1
  done
  [ "$(wc -l <<<"$subjects")" = 4 ] || { echo "expected 4 mails in all" >&2; FAILED=1; }
  echo "the outbox:"
  outbox_rows "$first" | sort | uniq -c
  [ "$(outbox_rows "$first" | awk '{print $2}' | sort -u)" = sent ] \
    || { echo "  expected every mail of the drill sent" >&2; FAILED=1; }
  [ "$FAILED" = 0 ] && echo "broker-down: no mail lost while the broker was down, each sent once after (log: $log)"
  return "$FAILED"
}

pg_restart() {  # [terminate]
  local before=${SECONDS_BEFORE:-5} after=${SECONDS_AFTER:-10} log restarted_at back_at
  log=$(mktemp)
  SERVER_LOG=$(mktemp)
  start_server
  echo "DJANGO_DB_POOL=${DJANGO_DB_POOL:-false}; wrk -c4 on /ladder/ plus a curl loop on /readyz/"
  wrk -t2 -c4 -d"$((before + after))s" "${HTTPS[@]}" "$BASE/ladder/" >"$log.wrk" &
  local load=$!
  (  # one line per request: start time (epoch ms) and status
    while :; do
      printf '%s %s\n' "$(date +%s%3N)" "$(status_of /readyz/)"
      sleep 0.05
    done
  ) >"$log" &
  local loop=$!
  sleep "$before"
  restarted_at=$(date +%s%3N)
  if [ "${1:-}" = terminate ]; then
    psql -qAt "$SERVER_URL" -c "SELECT count(pg_terminate_backend(pid)) || ' connections to $DB_NAME terminated'
      FROM pg_stat_activity WHERE datname = '$DB_NAME' AND pid <> pg_backend_pid()"
  elif [ -n "${DRY_RUN:-}" ]; then
    echo "DRY_RUN: would run pg_ctlcluster --skip-systemctl-redirect ${PG_CLUSTER:-15 main} restart"
  else
    # shellcheck disable=SC2086  # PG_CLUSTER is "version name"
    pg_ctlcluster --skip-systemctl-redirect ${PG_CLUSTER:-15 main} restart
  fi
  back_at=$(date +%s%3N)
  echo "the fault took $((back_at - restarted_at)) ms"
  sleep "$after"
  kill "$loop" 2>/dev/null || true
  wait "$load" 2>/dev/null || true  # wrk prints its summary when its time is up
  echo "wrk on /ladder/ (whole run, in-flight requests at the fault included): $(grep -E 'requests in|Non-2xx' "$log.wrk" | tr -s ' ' | paste -sd ';' -)"
  awk -v r="$restarted_at" -v b="$back_at" '
    { phase = ($1 < r) ? "before" : ($1 < b) ? "during" : "after"; n[phase]++; if ($2 != 200) bad[phase]++ }
    END {
      split("before during after", order, " ")
      for (i = 1; i <= 3; i++) printf "%-7s %5d requests, %d not 200\n", order[i], n[order[i]], bad[order[i]]
      exit (bad["after"] > 0)
    }' "$log" && echo "$MODE: every request after the fault succeeded" \
    || { echo "$MODE: requests failed after the fault (server log: $SERVER_LOG)" >&2; FAILED=1; }
  return "$FAILED"
}

case "$MODE" in
  redis-down) redis_down ;;
  broker-down) broker_down ;;
  pg-restart) pg_restart ;;
  pg-terminate) pg_restart terminate ;;
  *) echo "unknown fault: $MODE" >&2; exit 2 ;;
esac
