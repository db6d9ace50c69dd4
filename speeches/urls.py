from django.urls import path

from speeches import views

urlpatterns = [
    path("", views.home, name="home"),
    path("debates/<slug:slug>/", views.debate_detail, name="debate-detail"),
    path("debates/<slug:slug>/<int:speech_number>/", views.statement_detail, name="statement-detail"),
    path("delegations/<slug:slug>/", views.delegation_detail, name="delegation-detail"),
    path("resolutions/<int:number>/", views.resolution_detail, name="resolution-detail"),
]
