from django.urls import path

from . import views

app_name = "ladder"

urlpatterns = [
    path("", views.home, name="home"),
    path("ladder/", views.level_list, name="levels"),
    path("ladder/<slug:slug>/", views.level_detail, name="level"),
    path("skills/", views.skill_list, name="skills"),
    path("skills/<slug:slug>/", views.skill_detail, name="skill"),
    path("faq/", views.faq, name="faq"),
]
