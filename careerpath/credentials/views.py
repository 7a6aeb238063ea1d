"""Credential pages. The DID document, the status lists, a credential's verification page and
its downloads are public (anyone with the link); the list of one's credentials, the public
toggle and revoking are for the holder (and, to revoke, the mentor who confirmed it or a
superuser): anybody else gets a 404."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from careerpath.fragments import public_page

from . import services
from .forms import RevokeForm
from .keys import did_document
from .models import Credential
from .resolve import SiteResolver
from .status import status_list_token, status_state, status_version
from .verification import payload_of, verify_jwt

PAGE_SIZE = 20
# The media type of a credential secured as a JWT (VC-JOSE-COSE).
VC_JWT = "application/vc+jwt"


def did_json(request):
    """The site's DID document: every key that signed a credential (public)."""
    response = JsonResponse(did_document(), json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def status_list(request, number):
    """A Bitstring Status List credential, signed (public; one query when stored)."""
    version, lists = status_state()
    if not 1 <= number <= lists:
        raise Http404
    response = HttpResponse(status_list_token(number, version), content_type=VC_JWT)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _credential(public_id) -> Credential:
    return get_object_or_404(Credential, public_id=public_id)


@public_page(status_version)
def detail(request, public_id):
    """A credential's verification page, for anyone with the link. Signed-out visitors get a
    copy kept under the status lists' version, which every revocation moves."""
    credential = _credential(public_id)
    verdict = None
    if credential.jwt:
        verdict = verify_jwt(credential.jwt, resolver=SiteResolver(), now=timezone.now())
    context = {
        "credential": credential,
        "verdict": verdict,
        "may_revoke": (not credential.is_revoked and services.may_revoke(credential, request.user)),
    }
    return render(request, "credentials/detail.html", context)


def download_jwt(request, public_id):
    """The credential as issued: the VC-JWT (public)."""
    credential = _credential(public_id)
    if not credential.jwt:
        raise Http404
    response = HttpResponse(credential.jwt, content_type=VC_JWT)
    response["Content-Disposition"] = f'attachment; filename="credential-{public_id}.jwt"'
    return response


def download_json(request, public_id):
    """The credential's payload, decoded, as JSON (public)."""
    credential = _credential(public_id)
    if not credential.jwt:
        raise Http404
    response = HttpResponse(
        json.dumps(payload_of(credential.jwt), indent=2, ensure_ascii=False),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="credential-{public_id}.json"'
    return response


@login_required
def credential_list(request):
    """The signed-in person's own credentials."""
    rows = Credential.objects.filter(holder=request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "credentials/list.html", {"page_obj": page, "confirmed": False})


@login_required
def confirmed_list(request):
    """The credentials the signed-in mentor confirmed, to revoke one signed by mistake."""
    rows = Credential.objects.filter(confirmed_by=request.user, holder__isnull=False)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "credentials/list.html", {"page_obj": page, "confirmed": True})


@login_required
@require_http_methods(["POST"])
def publish(request, public_id):
    """The holder shows or hides a credential on their public profile."""
    credential = get_object_or_404(Credential, public_id=public_id, holder=request.user)
    public = request.POST.get("public") == "1"
    services.credential_publish(credential=credential, holder=request.user, public=public)
    where = "shows on" if public else "no longer shows on"
    messages.success(request, f"“{credential.name}” {where} your public profile.")
    return redirect("credentials:list")


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, public_id):
    """Revoke a credential, with a reason: its holder, the mentor who confirmed it or a
    superuser; anybody else gets a 404."""
    credential = _credential(public_id)
    if not services.may_revoke(credential, request.user) or credential.is_revoked:
        raise Http404
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_revoke(
                credential=credential, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.CredentialError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{credential.name}” is revoked.")
            return redirect(credential)
    return render(request, "credentials/revoke.html", {"credential": credential, "form": form})
