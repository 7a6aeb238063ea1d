from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = "Mentoring"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from profiles.signals import name_changed

        from .models import Endorsement, Feedback, Mentorship, Notification, SignOff
        from .services import invitations_attach_on_email_confirmed
        from .signals import (
            counterparts_see_new_name,
            learner_row_changed,
            mentorship_changed,
            notification_changed,
        )

        email_confirmed.connect(invitations_attach_on_email_confirmed)
        for model in (Endorsement, Feedback, SignOff):
            post_save.connect(learner_row_changed, sender=model)
            post_delete.connect(learner_row_changed, sender=model)
        post_save.connect(notification_changed, sender=Notification)
        post_delete.connect(notification_changed, sender=Notification)
        post_save.connect(mentorship_changed, sender=Mentorship)
        post_delete.connect(mentorship_changed, sender=Mentorship)
        name_changed.connect(counterparts_see_new_name)
