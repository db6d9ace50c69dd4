from django.contrib.sitemaps import views as sitemaps
from django.urls import path

from speeches import feeds, views
from speeches.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("statements/", views.statement_list, name="statement-list"),
    path("statements/export.csv", views.statement_export, name="statement-export"),
    path("statements/export.json", views.statement_export, {"fmt": "json"}, name="statement-export-json"),
    path("statements/feed/", feeds.StatementFeed(), name="statement-feed"),
    path("statements/trends/", views.statement_trends, name="statement-trends"),
    path("statements/concordance/", views.statement_concordance, name="statement-concordance"),
    path("statements/concordance.csv", views.statement_concordance_csv, name="statement-concordance-csv"),
    path("statements/trends.csv", views.statement_trends_csv, name="statement-trends-csv"),
    path("delegations/<slug:slug>/feed/", feeds.DelegationFeed(), name="delegation-feed"),
    path("resolutions/<int:number>/feed/", feeds.ResolutionFeed(), name="resolution-feed"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("debates/", views.debate_list, name="debate-list"),
    path("debates/<slug:slug>/", views.debate_detail, name="debate-detail"),
    path("debates/<slug:slug>/<int:speech_number>/", views.statement_detail, name="statement-detail"),
    path("delegations/", views.delegation_list, name="delegation-list"),
    path("delegations/<slug:slug>/", views.delegation_detail, name="delegation-detail"),
    path("resolutions/", views.resolution_list, name="resolution-list"),
    path("resolutions/<int:number>/", views.resolution_detail, name="resolution-detail"),
    path("vetoes/", views.veto_list, name="veto-list"),
    path("health/", views.health, name="health"),
]
