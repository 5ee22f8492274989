"""Pages of the yearly list: the county's dashboard, the township's list and overdue items,
candidates and their confirmation. Every fetch goes through the user's scope."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import grants
from core.exports import xlsx_response
from core.forms import apply_errors as _apply_errors
from core.views import scoped_object, scoped_page
from organizations.models import Organization
from organizations.rules import Kind

from .. import selectors, services
from ..forms import ConfirmForm, EntryFilterForm, ProposeForm, YearForm
from ..models import CandidateReason, RectificationYear
from ..rules import COUNTY, TOWNSHIP, RectStatus
from ..services.access import acts_as, may

PAGE_SIZE = 50


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


@scoped_page
def index(request: HttpRequest) -> HttpResponse:
    years = list(selectors.years_for(request.user))
    counties = [g.org_id for g in grants(request.user) if g.role == "county_officer"]
    can_open = Organization.objects.filter(pk__in=counties, kind=Kind.COUNTY, depth=1)
    return render(request, "rectification/index.html", {"years": years, "open_counties": can_open})


@login_required
@scoped_object(Organization, "change", pk_url_kwarg="county_pk")
def year_create(request: HttpRequest, county: Organization) -> HttpResponse:
    if not may(request.user, county.path, (COUNTY,)) or county.kind != Kind.COUNTY:
        raise PermissionDenied("只有县委组织部可以建立整顿名单。")
    form = YearForm(request.POST or None, initial={"year": datetime.date.today().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            year = services.year_open(county=county, year=data.pop("year"), actor=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已建立{year.year}年整顿名单。")
            return redirect("rectification:year", pk=year.pk)
    return render(request, "rectification/form.html", {"form": form, "title": f"{county.name}：建立年度整顿名单",
                                                       "back": "rectification:index"})


@login_required
@scoped_object(RectificationYear, "change")
def year_edit(request: HttpRequest, year: RectificationYear) -> HttpResponse:
    form = YearForm(request.POST or None, instance=RectificationYear.objects.get(pk=year.pk))
    form.fields.pop("year")
    if request.method == "POST" and form.is_valid():
        try:
            services.year_update(year=year, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("rectification:year", pk=year.pk)
    return render(request, "rectification/form.html", {"form": form, "title": f"{year}：设置", "year": year})


def _entry_rows(qs: Any) -> Any:
    for e in qs:
        yield [e.organization.name, e.organization.get_field_display(), e.get_status_display(), e.listed_on,
               e.items_open, e.items_closed, e.items_overdue, e.accepted_on, e.recheck_due]


@login_required
@scoped_object(RectificationYear)
def year_detail(request: HttpRequest, year: RectificationYear) -> HttpResponse:
    year = RectificationYear.objects.select_related("county", "confirmed_by").get(pk=year.pk)
    today = datetime.date.today()
    form = EntryFilterForm(request.GET or None)
    params = {**(form.cleaned_data if form.is_valid() else {}), "unit": request.GET.get("unit", "")}
    entries = selectors.entries_for(year, request.user, today, params)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"{year.year}年软弱涣散基层党组织整顿名单", title="整顿名单", actor=request.user,
            org_path=year.county.path, extra={"year": year.year, "filters": request.GET.dict()},
            headers=["党组织", "领域", "状态", "列入日期", "未销号措施", "已销号措施", "逾期措施", "验收日期", "回头看日期"],
            rows=_entry_rows(entries.exclude(status=RectStatus.CANDIDATE)),
        )
    listed = entries.exclude(status=RectStatus.CANDIDATE)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    candidates = list(entries.filter(status=RectStatus.CANDIDATE).prefetch_related(
        Prefetch("reasons", queryset=CandidateReason.objects.order_by("id"))))
    is_county = may(request.user, year.county.path, (COUNTY,))
    return render(request, "rectification/year.html", {
        "year": year, "form": form, "page": page, "query": _query(request), "candidates": candidates,
        "quota": selectors.quota_status(year), "progress": selectors.township_progress(year, request.user, today),
        "is_county": is_county,
        "can_propose": any(TOWNSHIP in acts_as(request.user, g.path) for g in grants(request.user)
                           if g.path.startswith(year.county.path)),
    })


def _measure_rows(qs: Any) -> Any:
    for m in qs:
        yield [m.rectification.organization.name, m.problem.category.name, m.description, m.responsible_person,
               m.deadline, m.get_status_display()]


@login_required
@scoped_object(RectificationYear)
def year_items(request: HttpRequest, year: RectificationYear) -> HttpResponse:
    """Measures of the year the user may see; by default the overdue ones (the township's chase list)."""
    today = datetime.date.today()
    params = {"overdue": request.GET.get("overdue", "1") == "1", "status": request.GET.get("status", "")}
    qs = selectors.measures_for(year, request.user, today, params)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(filename=f"{year.year}年整改措施", title="整改措施", actor=request.user,
                             org_path=year.county.path, extra={"year": year.year, "filters": request.GET.dict()},
                             headers=["党组织", "问题类别", "整改措施", "责任人", "完成时限", "状态"], rows=_measure_rows(qs))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rectification/items.html", {"year": year, "page": page, "query": _query(request),
                                                        "overdue": params["overdue"], "today": today})


@login_required
@require_POST
@scoped_object(RectificationYear, "change")
def year_draw(request: HttpRequest, year: RectificationYear) -> HttpResponse:
    n = services.candidates_draw(year=year, actor=request.user)
    messages.success(request, f"已从各来源生成候选 {n} 个。" if n else "没有新的候选组织。")
    return redirect("rectification:year", pk=year.pk)


@login_required
@require_POST
@scoped_object(RectificationYear, "change")
def year_confirm(request: HttpRequest, year: RectificationYear) -> HttpResponse:
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        n = services.year_confirm(year=year, listed=form.cleaned_data["listed"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"名单已确认：列入 {n} 个组织。")
    return redirect("rectification:year", pk=year.pk)


@login_required
@scoped_object(RectificationYear)
def year_propose(request: HttpRequest, year: RectificationYear) -> HttpResponse:
    township_paths = [g.path for g in grants(request.user)
                      if g.path.startswith(year.county.path) and TOWNSHIP in acts_as(request.user, g.path)]
    if not township_paths:
        raise PermissionDenied("只有乡镇党委可以推荐整顿对象。")
    orgs = (Organization.objects.for_user(request.user, "change").active()
            .filter(path__startswith=year.county.path)
            .exclude(kind__in=[Kind.COUNTY, Kind.TOWNSHIP, Kind.PARTY_GROUP]))
    form = ProposeForm(request.POST or None, organizations=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.candidate_propose(year=year, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"已推荐“{entry.organization.name}”为整顿候选对象，待县委组织部确认。")
            return redirect("rectification:year", pk=year.pk)
    return render(request, "rectification/form.html", {"form": form, "title": f"{year}：推荐整顿对象", "year": year})
