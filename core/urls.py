from django.urls import path

from . import views
from .calendar import views as calendar_views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("calendar/", calendar_views.year_view, name="calendar"),
    path("calendar/new/", calendar_views.day_create, name="calendar_create"),
    path("calendar/<int:pk>/edit/", calendar_views.day_edit, name="calendar_edit"),
    path("calendar/<int:pk>/delete/", calendar_views.day_delete, name="calendar_delete"),
    path("calendar/import/", calendar_views.import_page, name="calendar_import"),
    path("calendar/import/template/", calendar_views.import_template, name="calendar_import_template"),
]
