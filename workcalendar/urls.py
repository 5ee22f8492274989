from django.urls import path

from . import views

app_name = "workcalendar"
urlpatterns = [
    path("calendar/", views.year_view, name="index"),
    path("calendar/new/", views.day_create, name="create"),
    path("calendar/<int:pk>/edit/", views.day_edit, name="edit"),
    path("calendar/<int:pk>/delete/", views.day_delete, name="delete"),
    path("calendar/import/", views.CalendarImportView.as_view(), name="import"),
    path("calendar/import/template/", views.import_template, name="import_template"),
]
