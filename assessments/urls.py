from django.urls import path

from .views import dashboard, democratic, gradings, ratings, reviews, sheet_edit, sheets

app_name = "assessments"
urlpatterns = [
    path("", dashboard.index, name="index"),
    path("gradings/", gradings.grading_list, name="gradings"),
    path("gradings/<int:pk>/confirm/", gradings.grading_confirm, name="grading_confirm"),
    path("organizations/<int:org_pk>/", gradings.organization_history, name="org_history"),
    path("organizations/<int:org_pk>/grading/<int:year>/", gradings.grading_propose, name="grading_propose"),
    path("organizations/<int:org_pk>/member-review/", democratic.round_open, name="round_open"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/score/<str:step>/", reviews.review_score, name="review_score"),
    path("reviews/<int:pk>/public/", reviews.review_public, name="review_public"),
    path("reviews/<int:pk>/evidence/", reviews.review_evidence, name="review_evidence"),
    path("evidence/<int:pk>/file/", reviews.evidence_file, name="evidence_file"),
    path("sheets/", sheets.sheet_list, name="sheets"),
    path("sheets/new/", sheet_edit.sheet_new, name="sheet_new"),
    path("sheets/<int:pk>/", sheets.sheet_detail, name="sheet"),
    path("sheets/<int:pk>/edit/", sheet_edit.sheet_edit, name="sheet_edit"),
    path("sheets/<int:pk>/sections/add/", sheet_edit.section_add, name="sheet_section_add"),
    path("sheets/<int:pk>/items/add/", sheet_edit.item_add, name="sheet_item_add"),
    path("sheets/<int:pk>/items/<int:item_pk>/", sheet_edit.item_edit, name="sheet_item_edit"),
    path("sheets/<int:pk>/<str:action>/", sheets.sheet_action, name="sheet_action"),
    path("member-reviews/", democratic.round_list, name="rounds"),
    path("member-reviews/<int:pk>/", democratic.round_detail, name="round"),
    path("member-reviews/<int:pk>/decide/", democratic.round_decide, name="round_decide"),
    path("member-reviews/<int:pk>/members/<int:rating_pk>/", ratings.rating_edit, name="rating"),
    path("member-reviews/<int:pk>/members/<int:rating_pk>/followup/", ratings.rating_followup, name="rating_followup"),
]
