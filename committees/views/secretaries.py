"""Pages of the secretaries' corps 书记队伍: roster with filters and export, shortfalls
per township, first secretaries, reserves, training and yearly reviews."""

from __future__ import annotations

import datetime
from typing import Any, Iterator

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.exports import xlsx_response
from core.params import id_param, year_param
from core.views import ScopedListView, scoped_object, scoped_page
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization
from organizations.rules import Kind

from .. import selectors
from ..forms import AuditForm, FirstSecretaryForm, ReserveForm, ReviewForm, RosterFilterForm, TrainingForm
from ..models import CommitteePost, SecretaryReview, TrainingCourse
from ..rules import VILLAGE_FIELDS, Post, Rating, TermState, years_between
from ..services import secretaries as S
from .terms import PAGE_SIZE, form_page

ROSTER_HEADERS = ["乡镇", "党组织", "领域", "书记", "性别", "年龄", "学历", "任书记以来", "任职年数",
                  "本年培训天数", "后备干部数", "本届届满"]


def roster_rows(qs: QuerySet[CommitteePost], on: datetime.date) -> Iterator[list[Any]]:
    """Rows for the Excel export (no personal identifiers beyond name, age, education)."""
    for p in qs.iterator(chunk_size=2000):
        org = p.term.organization
        yield [p.township_name, org.name, org.get_field_display(), p.member.name, p.member.get_sex_display(),
               p.member.age(on), p.member.get_education_display(), p.in_post_since,
               years_between(p.in_post_since, on), p.trained_days,
               p.reserve_count if org.field in VILLAGE_FIELDS else "", p.term.ends_on]


def _roster(request: HttpRequest, qs: QuerySet[CommitteePost], params: dict, on: datetime.date) -> QuerySet:
    """The serving secretaries of the user's scope (`qs`), filtered (and under ?ancestor=)."""
    return selectors.filter_roster(selectors.secretaries(qs, on), {**params, "ancestor": id_param(request, "ancestor")}, on)


class Roster(ScopedListView):
    model = CommitteePost
    template_name = "committees/roster.html"
    filter_form_class = RosterFilterForm
    paginate_by = PAGE_SIZE
    export_filename = "书记队伍名册"
    export_title = "书记队伍"
    export_headers = ROSTER_HEADERS

    def filter_queryset(self, qs: QuerySet, params: dict[str, Any]) -> QuerySet:
        self.on = timezone.localdate()
        return _roster(self.request, qs, params, self.on)

    def export_rows(self, qs: QuerySet) -> Iterator[list[Any]]:
        return roster_rows(qs, self.on)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        for p in context["page"].object_list:
            p.age = p.member.age(self.on)
            p.years_in_post = years_between(p.in_post_since, self.on)
            p.is_village = p.term.organization.field in VILLAGE_FIELDS
        return {**context, "year": self.on.year, "min_reserves": settings.SECRETARY_RESERVES_PER_SECRETARY,
                "min_days": settings.SECRETARY_TRAINING_MIN_DAYS}


roster = Roster.as_view()


@scoped_page
def shortfalls(request: HttpRequest) -> HttpResponse:
    on = timezone.localdate()
    rows = selectors.shortfalls_by_township(_roster(request, CommitteePost.objects.for_user(request.user), {}, on))
    township_ids = dict(Organization.objects.filter(path__in=[r["township_path"] for r in rows]).values_list("path", "pk"))
    for r in rows:
        r["pk"] = township_ids.get(r["township_path"])
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="书记队伍短板", title="书记队伍短板", actor=request.user,
            headers=["乡镇", "书记人数", f"{on.year}年培训未达标", "村（社区）书记", "后备干部不足1:2"],
            rows=([r["township_name"], r["secretaries"], r["untrained"], r["village"], r["reserves_short"]] for r in rows))
    return render(request, "committees/shortfalls.html", {"rows": rows, "year": on.year})


@login_required
@scoped_object(Organization, "change")
def first_secretary_create(request: HttpRequest, org: Organization) -> HttpResponse:
    return form_page(request, FirstSecretaryForm(request.POST or None),
                     lambda data: S.first_secretary_add(organization=org, actor=request.user, **data),
                     success="已登记第一书记。", then=_org_page(org), org=org, title=f"登记第一书记：{org.name}")


@login_required
@scoped_object(Organization, "change")
def reserve_create(request: HttpRequest, org: Organization) -> HttpResponse:
    return form_page(request, ReserveForm(request.POST or None),
                     lambda data: S.reserve_add(organization=org, actor=request.user, **data),
                     success="已加入后备干部库。", then=_org_page(org), org=org, title=f"新增后备干部：{org.name}")


def _org_page(org: Organization) -> str:
    return reverse("committees:org", args=[org.pk])


def _org_members(org: Organization):  # type: ignore[no-untyped-def]
    return Member.objects.filter(organization=org, status__in=ACTIVE_STATUSES).order_by("name")


def _check_reviewer(request: HttpRequest, org: Organization) -> None:
    """The organization whose secretary is reviewed or audited (in the user's scope: the
    scoped base gives 404 outside) must be reviewable by the user, i.e. they act for the
    level above (else 403)."""
    if not S.can_review_secretary(request.user, org):
        raise PermissionDenied("书记述职评议和任期/离任审计须由上级党组织登记，被评议（审计）的书记本人和本组织不能登记。")


@login_required
@scoped_object(Organization)
def review_create(request: HttpRequest, org: Organization) -> HttpResponse:
    _check_reviewer(request, org)
    secretary = CommitteePost.objects.filter(term__organization=org, term__state=TermState.CURRENT,
                                             post=Post.SECRETARY, ended_on__isnull=True).first()
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, members=_org_members(org), initial={
        "member": secretary.member_id if secretary else None, "year": today.year - 1 if today.month < 4 else today.year,
        "reviewed_on": today})
    return form_page(request, form, lambda data: S.review_record(organization=org, actor=request.user, **data),
                     success="已登记述职评议。", then=_org_page(org), org=org, title=f"书记述职评议：{org.name}",
                     hint="评议结果按各档票数加权计算：好100、较好80、一般60、差40，平均≥90为好，≥75为较好，≥60为一般。")


@login_required
@scoped_object(Organization)
def audit_create(request: HttpRequest, org: Organization) -> HttpResponse:
    _check_reviewer(request, org)
    return form_page(request, AuditForm(request.POST or None, members=_org_members(org)),
                     lambda data: S.secretary_audit_record(organization=org, actor=request.user, **data),
                     success="已登记审计。", then=_org_page(org), org=org, title=f"任期/离任审计：{org.name}")


class TrainingList(ScopedListView):
    model = TrainingCourse
    template_name = "committees/training.html"
    paginate_by = PAGE_SIZE
    export_filename = export_title = "书记培训"
    export_headers = ("培训班", "举办单位", "开始", "结束", "学时", "地点", "参训人数")

    def get_base_queryset(self) -> QuerySet:
        return TrainingCourse.objects.select_related("organizer")

    def filter_queryset(self, qs: QuerySet, params: dict[str, Any]) -> QuerySet:
        q = (self.request.GET.get("q") or "").strip()
        if q:
            qs = qs.filter(title__icontains=q)
        if year := year_param(self.request):
            qs = qs.filter(started_on__year=year)
        return qs.annotate(n=Count("attendances")).order_by("-started_on", "-id")

    def export_row(self, c: TrainingCourse) -> list[Any]:
        return [c.title, c.organizer.name, c.started_on, c.ended_on, c.hours, c.place, c.n]  # type: ignore[attr-defined]

    def get_export_extra(self) -> dict[str, Any] | None:
        return None

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        can_add = Organization.objects.for_user(self.request.user, "change").filter(
            kind__in=[Kind.COUNTY, Kind.TOWNSHIP]).exists()
        return {**context, "can_add": can_add}


training_list = TrainingList.as_view()


@scoped_page
def training_create(request: HttpRequest) -> HttpResponse:
    organizers = Organization.objects.for_user(request.user, "change").active().filter(kind__in=[Kind.COUNTY, Kind.TOWNSHIP])
    if not organizers.exists():
        raise PermissionDenied("只有县委组织部或乡镇党委可以登记培训班。")
    secretaries = Member.objects.for_user(request.user, "change").filter(
        committee_posts__post=Post.SECRETARY, committee_posts__ended_on__isnull=True,
        committee_posts__term__state=TermState.CURRENT).select_related("organization").distinct()
    return form_page(request, TrainingForm(request.POST or None, organizers=organizers, attendees=secretaries),
                     lambda data: S.course_record(actor=request.user, **data),
                     success="已登记培训班。", then=reverse("committees:training"), title="登记书记培训班")


class ReviewList(ScopedListView):
    model = SecretaryReview
    template_name = "committees/reviews.html"
    paginate_by = PAGE_SIZE
    export_filename = "书记述职评议"
    export_title = "述职评议"
    export_headers = ("年度", "党组织", "书记", "好", "较好", "一般", "差", "结果", "评议单位", "评议意见")

    def get_base_queryset(self) -> QuerySet:
        return SecretaryReview.objects.select_related("organization", "member")

    def filter_queryset(self, qs: QuerySet, params: dict[str, Any]) -> QuerySet:
        if year := year_param(self.request):
            qs = qs.filter(year=year)
        if self.request.GET.get("result"):
            qs = qs.filter(result=self.request.GET["result"])
        if (q := (self.request.GET.get("q") or "").strip()):
            qs = qs.filter(organization__name__icontains=q) | qs.filter(member__name__icontains=q)
        return qs

    def export_row(self, r: SecretaryReview) -> list[Any]:
        return [r.year, r.organization.name, r.member.name, r.good, r.fairly_good, r.average, r.poor,
                r.get_result_display(), r.reviewer, r.conclusion]

    def get_export_extra(self) -> dict[str, Any] | None:
        return None

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "ratings": Rating.choices}


review_list = ReviewList.as_view()
