from django.urls import path

from .views import imports, member, roll, transfers

app_name = "members"
urlpatterns = [
    path("", roll.roll, name="roll"),
    path("<int:pk>/", member.detail, name="detail"),
    path("<int:pk>/edit/", member.edit, name="edit"),
    path("<int:pk>/reveal/<str:field>/", member.reveal, name="reveal"),
    path("<int:pk>/migrant/", member.migrant, name="migrant"),
    path("<int:pk>/transfer/", transfers.start, name="transfer_start"),
    path("add/<int:org_pk>/", member.create, name="create"),
    path("transfers/", transfers.transfer_list, name="transfers"),
    path("transfers/in/", transfers.transfer_in, name="transfer_in"),
    path("transfers/<int:pk>/confirm/", transfers.confirm, name="transfer_confirm"),
    path("transfers/<int:pk>/cancel/", transfers.cancel, name="transfer_cancel"),
    path("transfers/<int:pk>/receipt/", transfers.receipt, name="transfer_receipt"),
    path("import/", imports.upload, name="import"),
    path("import/template/", imports.template, name="import_template"),
    path("import/<int:pk>/", imports.job_detail, name="import_job"),
    path("import/<int:pk>/confirm/", imports.job_confirm, name="import_confirm"),
    path("import/<int:pk>/mapping/", imports.job_mapping, name="import_mapping"),
]
