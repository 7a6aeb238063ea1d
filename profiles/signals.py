from .models import Profile


def profile_create_for_new_user(sender, instance, created, raw=False, **kwargs):
    """Every account has a profile from the start, private by default."""
    if created and not raw:
        Profile.objects.get_or_create(user=instance)
