from django.urls import path

from . import views

app_name = "credentials"

urlpatterns = [
    path(".well-known/did.json", views.did_json, name="did"),
    path("credentials/", views.credential_list, name="list"),
    path("credentials/confirmed/", views.confirmed_list, name="confirmed"),
    path("credentials/status/<int:number>", views.status_list, name="status"),
    path("credentials/<uuid:public_id>/", views.detail, name="detail"),
    path("credentials/<uuid:public_id>.jwt", views.download_jwt, name="jwt"),
    path("credentials/<uuid:public_id>.json", views.download_json, name="json"),
    path("credentials/<uuid:public_id>/public/", views.publish, name="publish"),
    path("credentials/<uuid:public_id>/revoke/", views.revoke, name="revoke"),
]
