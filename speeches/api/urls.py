from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from speeches.api import views

app_name = "api"

urlpatterns = [
    # The page and its script apart, for the Content Security Policy (no inline script).
    path("", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("statements/", views.StatementSearch.as_view(), name="statement-search"),
    path(
        "statements/<slug:slug>/<int:speech_number>/",
        views.StatementDetail.as_view(),
        name="statement-detail",
    ),
    path("debates/", views.DebateList.as_view(), name="debate-list"),
    path("debates/<slug:slug>/", views.DebateDetail.as_view(), name="debate-detail"),
    path("delegations/", views.DelegationList.as_view(), name="delegation-list"),
    path("delegations/<slug:slug>/", views.DelegationDetail.as_view(), name="delegation-detail"),
    path("resolutions/", views.ResolutionList.as_view(), name="resolution-list"),
    path("resolutions/<int:number>/", views.ResolutionDetail.as_view(), name="resolution-detail"),
    path("vetoes/", views.VetoList.as_view(), name="veto-list"),
]
