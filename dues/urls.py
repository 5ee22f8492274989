from django.urls import path

from core.importing.resources import import_paths

from .importing import BaseImport, PaymentImport
from .views import ledger, rates

app_name = "dues"
urlpatterns = [
    path("", ledger.overview, name="overview"),
    path("sheet/<int:org_pk>/", ledger.sheet, name="sheet"),
    path("sheet/<int:org_pk>/record/", ledger.sheet_record, name="sheet_record"),
    path("members/<int:pk>/", ledger.member_card, name="member"),
    path("payments/<int:pk>/reverse/", ledger.payment_reverse, name="reverse"),
    path("arrears/", ledger.arrears, name="arrears"),
    path("rates/", rates.rates, name="rates"),
    path("rates/new/", rates.rate_set_create, name="rate_set_create"),
    path("rates/<str:day>/edit/", rates.rate_set_edit, name="rate_set_edit"),
    path("rates/<str:day>/delete/", rates.rate_set_delete, name="rate_set_delete"),
    *import_paths("import/bases/", "import_bases", BaseImport()),
    *import_paths("import/payments/", "import_payments", PaymentImport()),
]
