"""A person's notifications and what reaches them, at the site's root: /notifications/,
/settings/notifications/ and the one-click unsubscribe link /unsubscribe/<token>/."""

from django.urls import path

from . import notification_views as views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("settings/notifications/", views.notification_settings, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
