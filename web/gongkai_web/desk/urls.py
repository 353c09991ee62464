from __future__ import annotations

from django.urls import path

from gongkai_web.desk import calendar_views, records, views

app_name = "desk"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.intake, name="intake"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/events/<str:code>/", views.event_form, name="event"),
    path("applications/<int:pk>/undo/", views.undo, name="undo"),
    path("applications/<int:pk>/letters/<str:kind>/new/", views.letter_new, name="letter_new"),
    path("applications/<int:pk>/letters/<int:letter_pk>.<str:fmt>", views.letter_file, name="letter_file"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("records/", records.records, name="records_home"),
    path("records/<str:slug>/", records.records, name="records"),
    path("records/<str:slug>/new/", records.record_edit, name="record_add"),
    path("records/<str:slug>/<int:pk>/", records.record_edit, name="record_edit"),
    path("records/<str:slug>/<int:pk>/delete/", records.record_delete, name="record_delete"),
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("report/", views.report_index, name="report_index"),
    path("report/<int:body>/<int:year>/", views.report, name="report"),
    path("report/<int:body>/<int:year>/findings/", views.report_findings, name="report_findings"),
    path("report/<int:body>/<int:year>/preview/", views.report_preview, name="report_preview"),
    path("report/<int:body>/<int:year>/publish/", views.report_publish, name="report_publish"),
    path("report/published/<int:pk>.<str:fmt>", views.report_file, name="report_file"),
]
