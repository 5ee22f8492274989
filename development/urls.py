from django.urls import path

from core.importing.resources import import_paths

from . import views
from .importing import ApplicantImport

app_name = "development"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.applicant_create, name="create"),
    path("applicants/<int:pk>/", views.applicant_detail, name="detail"),
    path("applicants/<int:pk>/steps/", views.step_create, name="step"),
    path("applicants/<int:pk>/stop/", views.applicant_stop, name="stop"),
    path("plans/", views.plans, name="plans"),
    path("plans/save/", views.plan_save, name="plan_save"),
    *import_paths("import/", "import", ApplicantImport()),
]
