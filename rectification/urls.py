from django.urls import path

from .views import categories, ledger, lists

app_name = "rectification"
urlpatterns = [
    path("", lists.index, name="index"),
    path("open/<int:county_pk>/", lists.year_create, name="year_create"),
    path("years/<int:pk>/", lists.year_detail, name="year"),
    path("years/<int:pk>/edit/", lists.year_edit, name="year_edit"),
    path("years/<int:pk>/items/", lists.year_items, name="year_items"),
    path("years/<int:pk>/draw/", lists.year_draw, name="year_draw"),
    path("years/<int:pk>/confirm/", lists.year_confirm, name="year_confirm"),
    path("years/<int:pk>/propose/", lists.year_propose, name="year_propose"),
    path("<int:pk>/", ledger.entry_detail, name="entry"),
    path("<int:pk>/print/", ledger.entry_print, name="entry_print"),
    path("<int:pk>/export/", ledger.entry_export, name="entry_export"),
    path("<int:pk>/do/<slug:action>/", ledger.entry_transition, name="entry_transition"),
    path("<int:pk>/problems/add/", ledger.problem_create, name="problem_create"),
    path("<int:pk>/leaders/add/", ledger.leader_create, name="leader_create"),
    path("problems/<int:pk>/edit/", ledger.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/measures/add/", ledger.measure_create, name="measure_create"),
    path("measures/<int:pk>/edit/", ledger.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/progress/add/", ledger.progress_create, name="progress_create"),
    path("measures/<int:pk>/do/<slug:action>/", ledger.measure_transition, name="measure_transition"),
    path("leaders/<int:pk>/edit/", ledger.leader_edit, name="leader_edit"),
    path("evidence/<int:pk>/", ledger.evidence_download, name="evidence"),
    path("categories/", categories.categories, name="categories"),
    path("categories/new/", categories.category_create, name="category_create"),
    path("categories/reorder/", categories.categories_reorder, name="categories_reorder"),
    path("categories/<int:pk>/edit/", categories.category_edit, name="category_edit"),
    path("categories/<int:pk>/active/", categories.category_active, name="category_active"),
    path("categories/<int:pk>/delete/", categories.category_delete, name="category_delete"),
]
