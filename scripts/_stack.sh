# Shared by scripts/load.sh and scripts/faults.sh (sourced, not run): the scratch PostgreSQL
# database with the ladder and the demo accounts, and signed-in session cookies.
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

# Print a session cookie for the account with this e-mail, made the way a log-in makes it.
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
