from django.urls import path

from . import check_in_views, views

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
    path("check-ins/", check_in_views.check_ins, name="check_ins"),
    path("check-ins/new/", check_in_views.check_in_start, name="check_in_start"),
    path("check-ins/compare/", check_in_views.check_in_compare, name="check_in_compare"),
    path("check-ins/<int:check_in_pk>/", check_in_views.check_in, name="check_in"),
    path("check-ins/<int:check_in_pk>/rate/", check_in_views.check_in_rate, name="check_in_rate"),
    path(
        "check-ins/<int:check_in_pk>/result/",
        check_in_views.check_in_result,
        name="check_in_result",
    ),
    path(
        "check-ins/<int:check_in_pk>/cancel/",
        check_in_views.check_in_cancel,
        name="check_in_cancel",
    ),
    path(
        "check-ins/<int:check_in_pk>/check-in.ics",
        check_in_views.check_in_ics,
        name="check_in_ics",
    ),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
