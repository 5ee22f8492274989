from django.urls import path

from . import views, views_compliance, views_member

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/submit/", views.meeting_submit, name="submit"),
    path("<int:pk>/correct/", views.meeting_correct, name="correct"),
    path("<int:pk>/delete/", views.meeting_delete, name="delete"),
    path("files/<int:pk>/", views.meeting_file, name="file"),
    path("compliance/", views_compliance.compliance, name="compliance"),
    path("branch/<int:pk>/", views_compliance.branch, name="branch"),
    path("branch/<int:pk>/plan/", views_compliance.plan_new, name="plan_new"),
    path("ledger/<int:pk>/<int:year>/", views_compliance.ledger, name="ledger"),
    path("inactive/", views_compliance.inactive, name="inactive"),
    path("leaders/", views_compliance.leaders, name="leaders"),
    path("member/<int:pk>/", views_member.member_life, name="member_life"),
    path("member/<int:pk>/leave/", views_member.leave_new, name="leave_new"),
    path("member/<int:pk>/outside/", views_member.outside_new, name="outside_new"),
    path("member/<int:pk>/leader/", views_member.leader_set, name="leader_set"),
    path("requirements/", views_compliance.requirements, name="requirements"),
]
