"""The URLs of the pages that span the apps: crawler files and the data export."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import account, site

urlpatterns = [
    path("robots.txt", site.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": site.SITEMAPS}, name="sitemap"),
    path("favicon.ico", site.favicon, name="favicon"),
    # before allauth's URLs: these add accounts/export/ beside them
    path("accounts/export/", account.account_export, name="account_export"),
]
