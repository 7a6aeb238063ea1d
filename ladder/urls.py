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
    path("what-ml-engineers-do/", views.role, name="role"),
    path("specialisations/", views.specialisation_list, name="specialisations"),
    path("specialisations/<slug:slug>/", views.specialisation_detail, name="specialisation"),
    path("careers/", views.careers, name="careers"),
]
