"""Pages of the working-day calendar (工作日历): the year view with its list, month grid and
Excel export; add, edit, delete a day; import a year's arrangement. County organization
department and system administrators only (403 for everyone else). The calendar is national:
the pages are `@unscoped`, and every page checks the keeper (services.require_keeper)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.exports import xlsx_response
from core.forms import apply_errors
from core.importing.page import ImportKind, ImportPageView
from core.importing.staging import template_response
from core.views import unscoped

from . import selectors, services
from .forms import CalendarDayForm, FilterForm, ImportForm
from .importing import Plan, plan_import, template_rows
from .models import CalendarDay

MAX_BYTES = 1024 * 1024
# The calendar is the whole country's: no organization's data, so no scope to narrow it;
# who may see and keep it is checked on every page (services.require_keeper).
UNSCOPED_REASON = "the national holiday calendar: no organization's data (county officers and system administrators only)"


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


def _year_url(year: int) -> str:
    return f"{reverse('workcalendar:index')}?year={year}"


@unscoped(UNSCOPED_REASON)
@login_required
def year_view(request: HttpRequest) -> HttpResponse:
    services.require_keeper(request.user)
    year = _year(request.GET.get("year"))
    form = FilterForm(request.GET or None)
    kind = q = ""
    if form.is_valid():
        kind, q = form.cleaned_data["type"], form.cleaned_data["q"].strip()
    qs = selectors.year_days(year, kind=kind, q=q)
    if request.GET.get("export") == "xlsx":
        rows = ([d.date, d.get_is_workday_display(), d.name, selectors.weekday_label(d.date)] for d in qs)
        return xlsx_response(filename=f"工作日历{year}", title=f"{year}年工作日历", actor=request.user,
                             headers=["日期", "类型", "名称", "星期"], rows=rows,
                             extra={"year": year, "type": kind, "q": q}, org_path=services.audit_path(request.user))
    all_days = list(selectors.year_days(year))
    years = sorted(set(selectors.known_years()) | {year - 1, year, year + 1, datetime.date.today().year})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "workcalendar/year.html", {
        "year": year, "years": years, "form": form, "query": query.urlencode(),
        "page": Paginator(qs, 50).get_page(request.GET.get("page")),
        "festivals": selectors.festivals(all_days), "months": selectors.month_grid(year, all_days),
        "holiday_count": sum(1 for d in all_days if not d.is_workday),
        "workday_count": sum(1 for d in all_days if d.is_workday),
        "weekdays": selectors.WEEKDAYS,
    })


def _form_page(request: HttpRequest, form: CalendarDayForm, day: CalendarDay | None) -> HttpResponse:
    year = day.date.year if day else _year(request.GET.get("year"))
    return render(request, "workcalendar/form.html", {
        "form": form, "day": day, "title": "修改日期" if day else "新增日期", "back": _year_url(year),
    })


@unscoped(UNSCOPED_REASON)
@login_required
def day_create(request: HttpRequest) -> HttpResponse:
    services.require_keeper(request.user)
    if request.method == "POST":
        form = CalendarDayForm(request.POST)
        if form.is_valid():
            try:
                day = services.calendar_day_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已新增：{day}。")
                return redirect(_year_url(day.date.year))
    else:
        form = CalendarDayForm(initial={"date": request.GET.get("date") or None})
    return _form_page(request, form, None)


@unscoped(UNSCOPED_REASON)
@login_required
def day_edit(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_keeper(request.user)
    day = get_object_or_404(CalendarDay, pk=pk)
    if request.method == "POST":
        form = CalendarDayForm(request.POST)
        if form.is_valid():
            try:
                day = services.calendar_day_update(actor=request.user, day=day, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已保存：{day}。")
                return redirect(_year_url(day.date.year))
    else:
        form = CalendarDayForm(initial={"date": day.date, "is_workday": "1" if day.is_workday else "0", "name": day.name})
    return _form_page(request, form, day)


@unscoped(UNSCOPED_REASON)
@login_required
def day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_keeper(request.user)
    day = get_object_or_404(CalendarDay, pk=pk)
    if request.method == "POST":
        services.calendar_day_delete(actor=request.user, day=day)
        messages.success(request, f"已删除：{day}。该日期恢复按周一至周五计算。")
        return redirect(_year_url(day.date.year))
    return render(request, "workcalendar/delete.html", {"day": day, "back": _year_url(day.date.year),
                                                        "weekday": selectors.weekday_label(day.date)})


class CalendarImport(ImportKind):
    """A year's arrangement from a spreadsheet, on the shared import page (core.importing.page)."""

    key = "calendarimport"
    template_name = "workcalendar/import.html"
    form_class = ImportForm
    max_bytes = MAX_BYTES
    too_large = "文件超过 1 MB：一个年度的安排只有几十行，请检查是否选错了文件。"

    def allowed(self, user: Any) -> None:
        services.require_keeper(user)

    def initial(self, request: HttpRequest) -> dict[str, Any]:
        return {"year": _year(request.GET.get("year"))}

    def plan(self, handle: Any, filename: str, *, user: Any, year: int = 0, **params: Any) -> Plan:
        return plan_import(handle, filename, year=year)

    def commit(self, plan: Plan, *, user: Any, filename: str, year: int = 0, **params: Any) -> dict[str, int]:
        return services.calendar_import(actor=user, year=year, rows=plan.rows, filename=filename)

    def done(self, result: dict[str, int], *, year: int = 0, **params: Any) -> tuple[str, str]:
        return (f"{year}年工作日历导入完成：新增 {result['created']} 天、更新 {result['updated']} 天、"
                f"未变 {result['unchanged']} 天、删除 {result['deleted']} 天。", _year_url(year))

    def restart_url(self, *, year: int | None = None, **params: Any) -> str:
        url = reverse("workcalendar:import")
        return f"{url}?year={year}" if year else url

    def context(self, request: HttpRequest, params: dict[str, Any]) -> dict[str, Any]:
        return {"back_year": params.get("year") or _year(request.GET.get("year") or request.POST.get("year"))}


class CalendarImportView(ImportPageView):
    scoping = "none"
    unscoped_reason = UNSCOPED_REASON
    kind = CalendarImport()


@unscoped(UNSCOPED_REASON)
@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    services.require_keeper(request.user)
    headers, notes = template_rows()
    return template_response(filename="工作日历导入模板.xlsx", sheet="工作日历", headers=headers, examples=[], notes=notes)
