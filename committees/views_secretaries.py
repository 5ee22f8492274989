"""Pages of the secretaries' corps 书记队伍: roster with filters and export, shortfalls
per township, first secretaries, reserves, training and yearly reviews."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from core.exports import xlsx_response
from core.params import id_param, year_param
from core.scoping import get_scoped_object
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization
from organizations.rules import Kind

from . import roster as R
from . import secretary_services as S
from .forms import AuditForm, FirstSecretaryForm, ReserveForm, ReviewForm, RosterFilterForm, TrainingForm
from .models import CommitteePost, SecretaryReview, TrainingCourse
from .rules import Post, Rating, TermState
from .views import PAGE_SIZE, apply_errors


def _roster_qs(request: HttpRequest, params: dict):  # type: ignore[no-untyped-def]
    on = timezone.localdate()
    qs = R.secretaries(CommitteePost.objects.for_user(request.user), on)
    return R.filter_roster(qs, {**params, "ancestor": id_param(request, "ancestor")}, on), on


@login_required
def roster(request: HttpRequest) -> HttpResponse:
    form = RosterFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    qs, on = _roster_qs(request, params)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(filename="书记队伍名册", title="书记队伍", actor=request.user,
                             extra={"filters": request.GET.dict()}, headers=R.ROSTER_HEADERS,
                             rows=R.roster_rows(qs, on))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for p in page.object_list:
        p.age = p.member.age(on)
        p.years_in_post = R.years_between(p.in_post_since, on)
        p.is_village = p.term.organization.field in R.VILLAGE_FIELDS
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "committees/roster.html", {
        "form": form, "page": page, "query": query.urlencode(), "year": on.year,
        "min_reserves": settings.SECRETARY_RESERVES_PER_SECRETARY, "min_days": settings.SECRETARY_TRAINING_MIN_DAYS,
    })


@login_required
def shortfalls(request: HttpRequest) -> HttpResponse:
    qs, on = _roster_qs(request, {})
    rows = R.shortfalls_by_township(qs)
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
def first_secretary_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_object(Organization, request.user, "change", pk=pk)
    form = FirstSecretaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            S.first_secretary_add(organization=org, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已登记第一书记。")
            return redirect("committees:org", pk=org.pk)
    return render(request, "committees/form.html", {"form": form, "org": org, "title": f"登记第一书记：{org.name}"})


@login_required
def reserve_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_scoped_object(Organization, request.user, "change", pk=pk)
    form = ReserveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            S.reserve_add(organization=org, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已加入后备干部库。")
            return redirect("committees:org", pk=org.pk)
    return render(request, "committees/form.html", {"form": form, "org": org, "title": f"新增后备干部：{org.name}"})


def _org_members(org: Organization):  # type: ignore[no-untyped-def]
    return Member.objects.filter(organization=org, status__in=ACTIVE_STATUSES).order_by("name")


def _reviewable_org(request: HttpRequest, pk: int) -> Organization:
    """The organization whose secretary is reviewed or audited: in the user's scope (else
    404) and reviewable by them, i.e. they act for the level above (else 403)."""
    org = get_scoped_object(Organization, request.user, pk=pk)
    if not S.can_review_secretary(request.user, org):
        raise PermissionDenied("书记述职评议和任期/离任审计须由上级党组织登记，被评议（审计）的书记本人和本组织不能登记。")
    return org


@login_required
def review_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = _reviewable_org(request, pk)
    secretary = CommitteePost.objects.filter(term__organization=org, term__state=TermState.CURRENT,
                                             post=Post.SECRETARY, ended_on__isnull=True).first()
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, members=_org_members(org), initial={
        "member": secretary.member_id if secretary else None, "year": today.year - 1 if today.month < 4 else today.year,
        "reviewed_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            S.review_record(organization=org, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已登记述职评议。")
            return redirect("committees:org", pk=org.pk)
    return render(request, "committees/form.html", {"form": form, "org": org, "title": f"书记述职评议：{org.name}",
                                                    "hint": "评议结果按各档票数加权计算：好100、较好80、一般60、差40，平均≥90为好，≥75为较好，≥60为一般。"})


@login_required
def audit_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = _reviewable_org(request, pk)
    form = AuditForm(request.POST or None, members=_org_members(org))
    if request.method == "POST" and form.is_valid():
        try:
            S.secretary_audit_record(organization=org, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已登记审计。")
            return redirect("committees:org", pk=org.pk)
    return render(request, "committees/form.html", {"form": form, "org": org, "title": f"任期/离任审计：{org.name}"})


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    qs = TrainingCourse.objects.for_user(request.user).select_related("organizer")
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(title__icontains=q)
    if year := year_param(request):
        qs = qs.filter(started_on__year=year)
    qs = qs.annotate(n=Count("attendances")).order_by("-started_on", "-id")
    if request.GET.get("export") == "xlsx":
        return xlsx_response(filename="书记培训", title="书记培训", actor=request.user,
                             headers=["培训班", "举办单位", "开始", "结束", "学时", "地点", "参训人数"],
                             rows=([c.title, c.organizer.name, c.started_on, c.ended_on, c.hours, c.place, c.n] for c in qs))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_add = Organization.objects.for_user(request.user, "change").filter(kind__in=[Kind.COUNTY, Kind.TOWNSHIP]).exists()
    return render(request, "committees/training.html", {"page": page, "query": query.urlencode(), "can_add": can_add})


@login_required
def training_create(request: HttpRequest) -> HttpResponse:
    organizers = Organization.objects.for_user(request.user, "change").active().filter(kind__in=[Kind.COUNTY, Kind.TOWNSHIP])
    if not organizers.exists():
        raise PermissionDenied("只有县委组织部或乡镇党委可以登记培训班。")
    secretaries = Member.objects.for_user(request.user, "change").filter(
        committee_posts__post=Post.SECRETARY, committee_posts__ended_on__isnull=True,
        committee_posts__term__state=TermState.CURRENT).select_related("organization").distinct()
    form = TrainingForm(request.POST or None, organizers=organizers, attendees=secretaries)
    if request.method == "POST" and form.is_valid():
        try:
            S.course_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已登记培训班。")
            return redirect("committees:training")
    return render(request, "committees/form.html", {"form": form, "title": "登记书记培训班"})


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    qs = SecretaryReview.objects.for_user(request.user).select_related("organization", "member")
    if year := year_param(request):
        qs = qs.filter(year=year)
    if request.GET.get("result"):
        qs = qs.filter(result=request.GET["result"])
    if (q := (request.GET.get("q") or "").strip()):
        qs = qs.filter(organization__name__icontains=q) | qs.filter(member__name__icontains=q)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(filename="书记述职评议", title="述职评议", actor=request.user,
                             headers=["年度", "党组织", "书记", "好", "较好", "一般", "差", "结果", "评议单位", "评议意见"],
                             rows=([r.year, r.organization.name, r.member.name, r.good, r.fairly_good, r.average, r.poor,
                                    r.get_result_display(), r.reviewer, r.conclusion] for r in qs))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "committees/reviews.html", {"page": page, "query": query.urlencode(), "ratings": Rating.choices})
