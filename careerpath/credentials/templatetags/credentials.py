"""{% public_credentials user_id %}: the credentials a person made public, for their public
profile (templates/credentials/_public_credentials.html)."""

from django import template

from ..models import Credential

register = template.Library()


@register.inclusion_tag("credentials/_public_credentials.html")
def public_credentials(user_id):
    credentials = Credential.objects.filter(
        holder_id=user_id, public=True, revoked_at__isnull=True
    ).only("public_id", "kind", "achievement", "issued_at", "confirmed_by_name")
    return {"credentials": list(credentials)}
