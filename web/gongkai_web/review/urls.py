from __future__ import annotations

from django.urls import path

from gongkai_web.review import views

app_name = "review"

urlpatterns = [
    path("", views.home, name="home"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("batches/<int:pk>/recheck/", views.batch_recheck, name="batch_recheck"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/pages/<int:number>.png", views.page_image, name="page_image"),
    path("reports/<int:pk>/verdict/", views.verdict, name="verdict"),
    path("findings/<int:pk>/", views.finding_decide, name="finding"),
]
