from django.urls import path

from . import views

app_name = "dues"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("sheet/<int:org_pk>/", views.sheet, name="sheet"),
    path("sheet/<int:org_pk>/record/", views.sheet_record, name="sheet_record"),
    path("members/<int:pk>/", views.member_card, name="member"),
    path("payments/<int:pk>/reverse/", views.payment_reverse, name="reverse"),
    path("arrears/", views.arrears, name="arrears"),
]
