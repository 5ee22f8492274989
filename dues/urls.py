from django.urls import path

from . import views, views_rates

app_name = "dues"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("sheet/<int:org_pk>/", views.sheet, name="sheet"),
    path("sheet/<int:org_pk>/record/", views.sheet_record, name="sheet_record"),
    path("members/<int:pk>/", views.member_card, name="member"),
    path("payments/<int:pk>/reverse/", views.payment_reverse, name="reverse"),
    path("arrears/", views.arrears, name="arrears"),
    path("rates/", views_rates.rates, name="rates"),
    path("rates/new/", views_rates.rate_set_create, name="rate_set_create"),
    path("rates/<str:day>/edit/", views_rates.rate_set_edit, name="rate_set_edit"),
    path("rates/<str:day>/delete/", views_rates.rate_set_delete, name="rate_set_delete"),
]
