"""Sessions in the database, read together with the account they sign in.

Sessions used to be read from the cache and written through to the database (cached_db): a
log-out while Redis was down deleted the row but not the cached copy, and once Redis came
back the old cookie opened the pages again. Read from the database only, a log-out is
final. The read costs nothing extra: the session row comes with its account, the account's
profile, the ladder's content version and the count of their unread notifications (the
navigation bar's badge, profiles/extras.py) in the one query a signed-in page runs anyway, and
profiles/auth.py takes the account from it instead of reading it again."""

import logging
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.core.exceptions import SuspiciousOperation
from django.db.models.expressions import RawSQL
from django.utils import timezone

from careerpath import request_memory
from ladder.models import CURRENT_VERSION_SQL, ContentVersion

from .extras import extras

# The account a session store read with its session, in the request's memory.
LOADED_ACCOUNT = "session-account"


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from .models import AccountSession

        return AccountSession

    def _get_session_from_db(self) -> Any:
        """Return the session row with its account (and the account's profile and the
        ladder's version), or None: as Django's database store, in the same one query."""
        from .models import AccountSession

        table = AccountSession._meta.db_table
        try:
            session = (
                AccountSession.objects.select_related("user__profile")
                .annotate(
                    # plain SQL: compiled at no cost on every signed-in request
                    ladder_version=RawSQL(f"({CURRENT_VERSION_SQL})", [ContentVersion.ONLY]),  # noqa: S611
                    unread_notifications=extras().unread_count_expression(f'"{table}"."user_id"'),
                )
                .get(session_key=self.session_key, expire_date__gt=timezone.now())
            )
        except (AccountSession.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logging.getLogger(f"django.security.{type(error).__name__}").warning(error)
            self._session_key = None
            return None
        if session.user is not None:
            session.user.ladder_version = session.ladder_version  # type: ignore[attr-defined]  # as auth.py's query annotates it
            session.user.unread_notifications = session.unread_notifications  # type: ignore[attr-defined]  # the navigation bar's count
            request_memory.remember(LOADED_ACCOUNT, session.user)
        return session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance: Any = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        instance.user_id = int(user_id) if user_id is not None else None
        return instance
