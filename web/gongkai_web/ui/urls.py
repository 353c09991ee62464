from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai_web.ui import views

app_name = "ui"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
