from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/goals/", views.goals_edit, name="goals"),
    path("compare/", views.compare, name="compare"),
    path("compare/target/<slug:slug>/", views.target_set, name="target_set"),
    path("path/", views.path, name="path"),
    path("path/<slug:slug>/", views.path_step, name="path_step"),
    path("profile/experience/", views.experience_list, name="experience"),
    path("profile/experience/<int:pk>/edit/", views.experience_edit, name="experience_edit"),
    path("profile/experience/<int:pk>/delete/", views.experience_delete, name="experience_delete"),
    path("profile/skills/", views.skills_rate, name="skills"),
    path("profile/skills/<slug:slug>/evidence/", views.skill_evidence, name="skill_evidence"),
    path("profile/projects/", views.project_list, name="projects"),
    path("profile/projects/new/", views.project_create, name="project_create"),
    path("profile/projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("profile/projects/<int:pk>/delete/", views.project_delete, name="project_delete"),
    path("plan/", views.plan, name="plan"),
    path("plan/courses/<int:pk>/", views.course_state, name="course_state"),
    path("plan/courses/<int:pk>/evidence/", views.course_evidence, name="course_evidence"),
    path("plan/calendar/", views.calendar_reset, name="calendar_reset"),
    path("plan/calendar/<slug:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("profile/projects/<int:pk>/evidence/", views.project_evidence, name="project_evidence"),
    path("profile/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("people/<uuid:public_id>/", views.public_profile, name="public"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
]
