from django.urls import path

from core.importing.resources import import_paths

from .importing import MeetingImport
from .views import compliance, member, records

app_name = "meetings"

urlpatterns = [
    path("", records.meeting_list, name="list"),
    path("new/", records.meeting_new, name="new"),
    path("<int:pk>/", records.meeting_detail, name="detail"),
    path("<int:pk>/edit/", records.meeting_edit, name="edit"),
    path("<int:pk>/submit/", records.meeting_submit, name="submit"),
    path("<int:pk>/correct/", records.meeting_correct, name="correct"),
    path("<int:pk>/delete/", records.meeting_delete, name="delete"),
    path("files/<int:pk>/", records.meeting_file, name="file"),
    path("compliance/", compliance.compliance, name="compliance"),
    path("branch/<int:pk>/", compliance.branch, name="branch"),
    path("branch/<int:pk>/plan/", compliance.plan_new, name="plan_new"),
    path("ledger/<int:pk>/<int:year>/", compliance.ledger, name="ledger"),
    path("inactive/", compliance.inactive, name="inactive"),
    path("leaders/", compliance.leaders, name="leaders"),
    path("member/<int:pk>/", member.member_life, name="member_life"),
    path("member/<int:pk>/leave/", member.leave_new, name="leave_new"),
    path("member/<int:pk>/outside/", member.outside_new, name="outside_new"),
    path("member/<int:pk>/leader/", member.leader_set, name="leader_set"),
    path("requirements/", compliance.requirements, name="requirements"),
    *import_paths("import/", "import", MeetingImport()),
]
