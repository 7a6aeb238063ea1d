"""The extra field of django-allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS).

Kept apart from profiles.forms: allauth imports this class while building its own forms."""

from django import forms

from . import services
from .models import Profile


class SignupForm(forms.Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=Profile._meta.get_field("display_name").max_length,
        help_text="How the site greets you and how mentors see you. You can change it later.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["display_name", "email", "password1", "password2"]

    def signup(self, request, user):
        services.profile_name_set(user=user, display_name=self.cleaned_data["display_name"])
