from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("invite/", views.invite, name="invite"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("invitations/<str:token>/accept/", views.respond, {"action": "accept"}, name="accept"),
    path("invitations/<str:token>/decline/", views.respond, {"action": "decline"}, name="decline"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/mentee/", views.mentee, name="mentee"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/endorse/<slug:skill_slug>/", views.endorse, name="endorse"),
    path("<int:pk>/review/", views.review, name="review"),
    path("feedback/<int:feedback_pk>/", views.thread, name="thread"),
    path("feedback/<int:feedback_pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/sign-off/<int:project_pk>/", views.sign_off, name="sign_off"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
