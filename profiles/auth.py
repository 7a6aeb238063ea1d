"""Loading the signed-in person: their account, their profile and the ladder's content
version come with their session, in the one query every signed-in page runs
(profiles/sessions.py). The cached parts of their pages are keyed by those versions
(careerpath/versions.py), so a page whose parts are stored needs nothing more from the
database."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Subquery

from careerpath import request_memory
from ladder.models import ContentVersion
from ladder.versions import MEMORY as LADDER_VERSION

from .sessions import LOADED_ACCOUNT


class AccountBackend(AuthenticationBackend):
    """django-allauth's log-in (by e-mail address), loading people with their versions."""

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is None and credentials.get("password"):
            # This backend has answered: the backends listed after it (kept for sessions
            # signed in before it existed) must not check the same password again.
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        user = request_memory.recall(LOADED_ACCOUNT)
        if user is None or str(user.pk) != str(user_id):  # not read with the session
            ladder_version = ContentVersion.objects.filter(pk=ContentVersion.ONLY).values("version")
            user = (
                get_user_model()
                ._default_manager.select_related("profile")
                .annotate(ladder_version=Subquery(ladder_version))
                .filter(pk=user_id)
                .first()
            )
        if user is None:
            return None
        request_memory.remember(LADDER_VERSION, user.ladder_version or 0)
        return user if self.user_can_authenticate(user) else None
