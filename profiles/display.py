"""How django-allauth names the signed-in person in its messages and e-mails."""


def user_display(user):
    """The profile's name (the display name, else the email address)."""
    profile = getattr(user, "profile", None)
    return profile.name if profile else (user.email or user.get_username())
