"""Account pages and mail that span the apps: the data export and django-allauth's adapter."""

import json

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth.decorators import login_required
from django.contrib.sites.shortcuts import get_current_site
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from careerpath.mail import email_after_commit
from mentoring.export import mentoring_data
from mentoring.models import Mentorship
from profiles.export import profile_data


def export_user_data(user) -> dict:
    """Return everything the app holds about the user (their profile data and their side of
    mentoring), and nothing of anybody else's."""
    return {**profile_data(user), "mentoring": mentoring_data(user)}


@login_required
def account_export(request):
    """The signed-in user's own data, as a JSON download."""
    data = json.dumps(export_user_data(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(data, content_type="application/json")
    filename = f"careerpath-export-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class AccountAdapter(DefaultAccountAdapter):
    """django-allauth's adapter, with its mail rendered in the request (where the request,
    the site and the keys are at hand) and sent after commit by a task."""

    def get_login_redirect_url(self, request):
        """Mentors with accepted mentees land on their mentoring page, learners on their
        dashboard (LOGIN_REDIRECT_URL). A ?next= address still wins: allauth checks it first."""
        if Mentorship.objects.accepted().filter(mentor=request.user).exists():
            return reverse("mentoring:home")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        email_after_commit(self.render_mail(template_prefix, email, ctx))
