"""Account pages and mail that span the apps: the data export and django-allauth's adapter."""

import json

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit  # as allauth's adapter: usage that rolls back
from django.contrib.auth.decorators import login_required
from django.contrib.sites.shortcuts import get_current_site
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from careerpath.cache import delete_prefixed
from careerpath.credentials.services import credentials_of
from careerpath.fragments import PART_PREFIX
from careerpath.outbox.services import mail_queue, mails_of
from careerpath.versions import Rows
from mentoring.export import mentoring_data
from mentoring.models import Mentorship
from mentoring.versions import PeopleAndCounterparts
from profiles.export import profile_data


def export_user_data(user) -> dict:
    """Return everything the app holds about the user (their profile data, their side of
    mentoring, the credentials they hold and the mail the outbox holds for them), and nothing
    of anybody else's."""
    return {
        **profile_data(user),
        "mentoring": mentoring_data(user),
        "credentials": credentials_of(user),
        "mail": mails_of(user),
    }


def purge_cached_copies(sender=None, instance=None, **kwargs):
    """An account is about to be deleted (pre_delete of the user): once that commits, delete
    the rendered parts of their pages and of the pages of everyone in a mentorship with
    them (which show their name, roles, notes), and their assessment summaries. Nothing of
    them stays in the cache; if it is unreachable at that moment, the copies expire within
    a day (careerpath.cache.DAY), under keys nobody can reach any more."""
    if instance is None:
        return
    people = PeopleAndCounterparts("id").people(Rows(type(instance), instances=[instance]))
    prefixes = [f"{PART_PREFIX}{pk}:" for pk in people] + [f"assessment:{instance.pk}:"]
    transaction.on_commit(lambda: delete_prefixed(prefixes), robust=True)


@login_required
def account_export(request):
    """The signed-in user's own data, as a JSON download."""
    data = json.dumps(export_user_data(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(data, content_type="application/json")
    filename = f"careerpath-export-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The session remembers whether the address waiting for confirmation is a staff member's,
# so that the "Check your email" page (templates/account/verification_sent.html) speaks to
# staff as staff, not of signing up and rating skills.
CONFIRMING_STAFF = "confirming_staff"


class AccountAdapter(DefaultAccountAdapter):
    """django-allauth's adapter, with its mail rendered in the request (where the request,
    the site and the keys are at hand) and put in the outbox, in the request's transaction."""

    def respond_email_verification_sent(self, request, user):
        request.session[CONFIRMING_STAFF] = bool(user is not None and user.is_staff)
        return super().respond_email_verification_sent(request, user)

    def get_login_redirect_url(self, request):
        """Mentors with accepted mentees land on their mentoring page, learners on their
        dashboard (LOGIN_REDIRECT_URL). A ?next= address still wins: allauth checks it first."""
        if Mentorship.objects.accepted().filter(mentor=request.user).exists():
            return reverse("mentoring:home")
        return super().get_login_redirect_url(request)

    # Wrong passwords (ACCOUNT_RATE_LIMITS): allauth counts them per client address and per
    # "key", which it makes of the account alone; here the key names the account and the
    # client address, and a second limit counts the account from anywhere, higher.

    def _account_key(self, request, **credentials):
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials):
        return f"{self._account_key(request, **credentials)}:{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        self._account_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed_account",
            key=self._account_key(request, **credentials),
        )
        if not self._account_rl_usage:
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def _rollback_login_failed_rl_usage(self):
        """A successful log-in takes back the attempt it was counted as, in both limits."""
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_rl_usage", None)
        if usage:
            usage.rollback()

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        mail_queue(
            self.render_mail(template_prefix, email, ctx),
            kind="account",
            recipient=_account_of(email, context.get("user")),
        )


def _account_of(email, user):
    """Return the account a mail to `email` is for: the user allauth names, else the owner of
    the address, else None (a mail to an address nobody holds)."""
    if user is not None and user.pk is not None:
        return user
    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    return address.user if address else None
