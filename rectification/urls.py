from django.urls import path

from . import category_views, ledger_views, views

app_name = "rectification"
urlpatterns = [
    path("", views.index, name="index"),
    path("open/<int:county_pk>/", views.year_create, name="year_create"),
    path("years/<int:pk>/", views.year_detail, name="year"),
    path("years/<int:pk>/edit/", views.year_edit, name="year_edit"),
    path("years/<int:pk>/items/", views.year_items, name="year_items"),
    path("years/<int:pk>/draw/", views.year_draw, name="year_draw"),
    path("years/<int:pk>/confirm/", views.year_confirm, name="year_confirm"),
    path("years/<int:pk>/propose/", views.year_propose, name="year_propose"),
    path("<int:pk>/", ledger_views.entry_detail, name="entry"),
    path("<int:pk>/print/", ledger_views.entry_print, name="entry_print"),
    path("<int:pk>/export/", ledger_views.entry_export, name="entry_export"),
    path("<int:pk>/do/<slug:action>/", ledger_views.entry_transition, name="entry_transition"),
    path("<int:pk>/problems/add/", ledger_views.problem_create, name="problem_create"),
    path("<int:pk>/leaders/add/", ledger_views.leader_create, name="leader_create"),
    path("problems/<int:pk>/edit/", ledger_views.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/measures/add/", ledger_views.measure_create, name="measure_create"),
    path("measures/<int:pk>/edit/", ledger_views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/progress/add/", ledger_views.progress_create, name="progress_create"),
    path("measures/<int:pk>/do/<slug:action>/", ledger_views.measure_transition, name="measure_transition"),
    path("leaders/<int:pk>/edit/", ledger_views.leader_edit, name="leader_edit"),
    path("evidence/<int:pk>/", ledger_views.evidence_download, name="evidence"),
    path("categories/", category_views.categories, name="categories"),
    path("categories/new/", category_views.category_create, name="category_create"),
    path("categories/reorder/", category_views.categories_reorder, name="categories_reorder"),
    path("categories/<int:pk>/edit/", category_views.category_edit, name="category_edit"),
    path("categories/<int:pk>/active/", category_views.category_active, name="category_active"),
    path("categories/<int:pk>/delete/", category_views.category_delete, name="category_delete"),
]
