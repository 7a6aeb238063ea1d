from django.dispatch import Signal

from .models import Profile


def profile_create_for_new_user(sender, instance, created, raw=False, **kwargs):
    """Every account has a profile from the start, private by default."""
    if created and not raw:
        Profile.objects.get_or_create(user=instance)


# Sent inside the transaction of the write, so what listens (mentoring tells a learner's
# mentors) writes in the same transaction: a rolled back save tells nobody.
ratings_changed = Signal()  # user_id, skill_ids: the skills whose proficiency changed
project_finished = Signal()  # user_id, project: a project now marked done
