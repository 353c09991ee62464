"""URLs: the site frame (home, log-in) at /, the Chinese admin (data entry for administrators) at /admin/, the JSON API
at /api/v1/ (docs at /api/v1/docs)."""

from django.contrib import admin
from django.urls import include, path

from gongkai_web.api.api import api

urlpatterns = [
    path("", include("gongkai_web.ui.urls")),
    path("desk/", include("gongkai_web.desk.urls")),
    path("review/", include("gongkai_web.review.urls")),
    path("", include("gongkai_web.desk.public_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
