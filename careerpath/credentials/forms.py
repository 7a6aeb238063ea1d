from django import forms

from .services import REASON_MAX


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why is it revoked?",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anyone who checks the credential will read this.",
    )
    confirm = forms.BooleanField(
        label="I understand that a revoked credential stays revoked: this can't be undone.",
    )
