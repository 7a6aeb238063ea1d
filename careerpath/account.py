"""Account pages that span apps: composed here, the package that depends on all of them."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone

from mentoring.export import export_user_data


@login_required
def account_export(request):
    """The signed-in user's own data, as a JSON download."""
    data = json.dumps(export_user_data(request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(data, content_type="application/json")
    filename = f"careerpath-export-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
