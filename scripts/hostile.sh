#!/usr/bin/env bash
# Replay, over HTTP, the hostile cases of issue 16 that need no fault: production settings,
# gunicorn, PostgreSQL and Redis, the demo accounts. Prints one line per case and exits 1 if
# any case behaves as it did before the fix.
#
#   bash scripts/hostile.sh
#
# - a bad Host header answers 400, not 500;
# - 300 distinct `?utm=` query strings on a public page add no cache keys;
# - five wrong passwords for the demo learner from one address do not lock them out from
#   another (ALLAUTH_TRUSTED_PROXY_COUNT=1: the client address is X-Forwarded-For's), while
#   the sixth guess from the first address is refused;
# - adding an e-mail address on a signed-in session asks for the password first;
# - one log-in's password check costs what Argon2 was tuned to (printed, in ms).
# Mail lost while the broker is down and a log-out undone by Redis are replayed by
# scripts/faults.sh broker-down and redis-down; deletion and export by the test suite
# (tests/test_deletion.py, tests/test_export.py), since they read rows, not pages.
# Settings: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/careerpath_hostile), PORT.
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE=careerpath.settings.production
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/careerpath_hostile}
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-hostile-only-$(date +%s)}
# production signs credentials with a key from the environment: a throwaway one here
export CREDENTIAL_SIGNING_KEYS=${CREDENTIAL_SIGNING_KEYS:-$(.venv/bin/python -c 'from careerpath.credentials.keys import generate_pem; print(generate_pem())')}
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export ALLAUTH_TRUSTED_PROXY_COUNT=1
REDIS_DB=${REDIS_DB:-7}
export CACHE_URL=redis://127.0.0.1:6379/$REDIS_DB
PORT=${PORT:-8767}
PY=.venv/bin/python
BASE="http://127.0.0.1:$PORT"
HTTPS=(-H "X-Forwarded-Proto: https")
FAILED=0

# shellcheck source=scripts/_stack.sh
source scripts/_stack.sh
prepare_database
redis-cli -n "$REDIS_DB" flushdb >/dev/null
serve

verdict() {  # label, got, wanted
  if [ "$2" = "$3" ]; then printf '%-58s %s\n' "$1" "$2 (as it should)"
  else printf '%-58s %s\n' "$1" "$2 (wanted $3)"; FAILED=1; fi
}

status() { curl -s -o /dev/null -w '%{http_code}' "${HTTPS[@]}" "$@"; }

verdict "GET / with Host: evil.example" "$(status -H 'Host: evil.example' "$BASE/")" 400

status "$BASE/skills/" >/dev/null
before=$(redis-cli -n "$REDIS_DB" dbsize)
for i in $(seq 300); do status "$BASE/skills/?utm_source=$RANDOM$i" >/dev/null; done
after=$(redis-cli -n "$REDIS_DB" dbsize)
verdict "cache keys added by 300 ?utm= query strings" "$((after - before))" 0

# A log-in form as a browser gets it: its CSRF cookie and token.
login_post() {  # address, password, client address; prints the status
  local jar token
  jar=$(mktemp)
  token=$(curl -s -c "$jar" "${HTTPS[@]}" -H "X-Forwarded-For: $3" "$BASE/accounts/login/" \
    | grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -o "$jar.page" -w '%{http_code} %{time_total}' -b "$jar" "${HTTPS[@]}" \
    -H "X-Forwarded-For: $3" -H "Referer: https://127.0.0.1:$PORT/accounts/login/" \
    --data-urlencode "login=$1" --data-urlencode "password=$2" \
    --data-urlencode "csrfmiddlewaretoken=$token" "$BASE/accounts/login/"
  grep -q "Too many failed login attempts" "$jar.page" && printf ' refused'
  rm -f "$jar" "$jar.page"
}
for _ in 1 2 3 4 5; do login_post learner@example.com wrong-password 203.0.113.7 >/dev/null; done
sixth=$(login_post learner@example.com wrong-password 203.0.113.7)
verdict "a 6th wrong password from the guessing address" "${sixth##* }" refused
owner=$(login_post learner@example.com careerpath-demo 198.51.100.20)
verdict "the owner's right password from another address" "${owner%% *}" 302
printf '%-58s %s\n' "that log-in's whole request (Argon2 included)" \
  "$(awk -v s="${owner##* }" 'BEGIN { printf "%.0f ms", s * 1000 }')"
printf '%-58s %s\n' "one password hash (PASSWORD_HASHERS[0], median of 5)" "$($PY -c "
import django, statistics, time; django.setup()
from django.contrib.auth.hashers import get_hasher
hasher, took = get_hasher(), []
for _ in range(5):
    start = time.perf_counter(); hasher.encode('a password', hasher.salt())
    took.append(time.perf_counter() - start)
print(f'{hasher.algorithm}: {statistics.median(took) * 1000:.0f} ms')")"

COOKIES=$(cookies_for learner@example.com)
csrf=${COOKIES##*csrftoken=}
added=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "${HTTPS[@]}" -H "Cookie: $COOKIES" \
  -H "X-CSRFToken: $csrf" -H "Referer: https://127.0.0.1:$PORT/accounts/email/" \
  --data "email=stolen@example.net&action_add=1" "$BASE/accounts/email/")
case "$added" in
  *reauthenticate*) verdict "adding an e-mail on a signed-in session" "asks the password" "asks the password" ;;
  *) verdict "adding an e-mail on a signed-in session" "$added" "a redirect to reauthenticate" ;;
esac

exit "$FAILED"
