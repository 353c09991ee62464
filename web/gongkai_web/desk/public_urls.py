"""The public window's URLs (no log-in), mounted at the site root: /apply/ and /track/."""

from __future__ import annotations

from django.urls import path

from gongkai_web.desk import public

app_name = "public"

urlpatterns = [
    path("apply/", public.apply, name="apply"),
    path("track/", public.track, name="track"),
]
