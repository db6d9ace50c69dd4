from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("speeches.api.urls")),
    path("", include("speeches.urls")),
]
