from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api.views import TokenObtainView
from assessments.api.views import GradingViewSet, ReviewViewSet, RoundViewSet, SheetViewSet
from committees.api import register_api as register_committees_api
from development.api.views import ApplicantViewSet
from dues.api.views import DuesBaseViewSet, DuesPaymentViewSet, DuesRateViewSet
from meetings.api.views import ComplianceViewSet, MeetingViewSet
from members.api.views import MemberViewSet
from organizations.api.views import OrganizationViewSet
from rectification.api.views import RectificationViewSet, RectificationYearViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("rectifications", RectificationViewSet, basename="rectification")
router.register("rectification-years", RectificationYearViewSet, basename="rectification-year")
router.register("members", MemberViewSet, basename="member")
router.register("assessments/gradings", GradingViewSet, basename="assessment-grading")
router.register("assessments/sheets", SheetViewSet, basename="assessment-sheet")
router.register("assessments/reviews", ReviewViewSet, basename="assessment-review")
router.register("assessments/member-reviews", RoundViewSet, basename="assessment-round")
register_committees_api(router)
router.register("development/applicants", ApplicantViewSet, basename="applicant")
router.register("dues/payments", DuesPaymentViewSet, basename="duespayment")
router.register("dues/bases", DuesBaseViewSet, basename="duesbase")
router.register("dues/rates", DuesRateViewSet, basename="duesrate")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("compliance", ComplianceViewSet, basename="compliance")

urlpatterns = [
    path("", include("core.urls")),
    path("", include("home.urls")),
    path("", include("workcalendar.urls")),
    path("accounts/", include("accounts.urls")),
    path("organizations/", include("organizations.urls")),
    path("members/", include("members.urls")),
    path("audit/", include("audit.urls")),
    path("reminders/", include("reminders.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("rectification/", include("rectification.urls")),
    path("assessments/", include("assessments.urls")),
    path("committees/", include("committees.urls")),
    path("development/", include("development.urls")),
    path("dues/", include("dues.urls")),
    path("meetings/", include("meetings.urls")),
    path("sysadmin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/v1/auth/token/", TokenObtainView.as_view(), name="api-token"),
    # Logged-in users only (SPECTACULAR_SETTINGS SERVE_PERMISSIONS): the schema answers 401,
    # the Swagger page sends a browser to the login page.
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its init script from ?script: no inline script (Content-Security-Policy).
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema",
                                                                         template_name="api/swagger_ui.html")),
         name="swagger-ui"),
]
handler400 = "core.views.bad_request"
