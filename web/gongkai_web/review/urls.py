from __future__ import annotations

from django.urls import path

from gongkai_web.review import exports, notices, views

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
    path("reports/<int:pk>/notices/", notices.notice_create, name="notice_create"),
    path("notices/<int:pk>.<str:fmt>", notices.notice_file, name="notice_file"),
    path("exports/", exports.export_page, name="exports"),
    path("exports/<str:kind>.<str:fmt>", exports.export, name="export"),
]
