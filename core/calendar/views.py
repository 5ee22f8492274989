"""Pages of the working-day calendar (工作日历): the year view with its list, month grid and
Excel export; add, edit, delete a day; import a year's arrangement. County organization
department and system administrators only (403 for everyone else)."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.exports import xlsx_response
from core.forms import apply_errors
from core.importing.staging import stage, staged, template_response, unstage
from core.models import CalendarDay

from . import selectors, services
from .forms import CalendarDayForm, FilterForm, ImportForm
from .importing import plan_import, template_rows

MAX_BYTES = 1024 * 1024


def _year(value: str | None) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return datetime.date.today().year
    return year if 2000 <= year <= 2100 else datetime.date.today().year


def _year_url(year: int) -> str:
    return f"{reverse('core:calendar')}?year={year}"


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
    return render(request, "core/calendar/year.html", {
        "year": year, "years": years, "form": form, "query": query.urlencode(),
        "page": Paginator(qs, 50).get_page(request.GET.get("page")),
        "festivals": selectors.festivals(all_days), "months": selectors.month_grid(year, all_days),
        "holiday_count": sum(1 for d in all_days if not d.is_workday),
        "workday_count": sum(1 for d in all_days if d.is_workday),
        "weekdays": selectors.WEEKDAYS,
    })


def _form_page(request: HttpRequest, form: CalendarDayForm, day: CalendarDay | None) -> HttpResponse:
    year = day.date.year if day else _year(request.GET.get("year"))
    return render(request, "core/calendar/form.html", {
        "form": form, "day": day, "title": "修改日期" if day else "新增日期", "back": _year_url(year),
    })


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


@login_required
def day_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.require_keeper(request.user)
    day = get_object_or_404(CalendarDay, pk=pk)
    if request.method == "POST":
        services.calendar_day_delete(actor=request.user, day=day)
        messages.success(request, f"已删除：{day}。该日期恢复按周一至周五计算。")
        return redirect(_year_url(day.date.year))
    return render(request, "core/calendar/delete.html", {"day": day, "back": _year_url(day.date.year),
                                                        "weekday": selectors.weekday_label(day.date)})


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    services.require_keeper(request.user)
    context: dict = {"back_year": _year(request.GET.get("year") or request.POST.get("year"))}
    if request.method == "POST" and request.POST.get("token"):
        token = request.POST["token"]
        stored = staged(request, "calendarimport", token)
        if stored is None:
            messages.error(request, "上传的文件已过期，请重新上传。")
            return redirect("core:calendar_import")
        year, name, content = stored
        context["back_year"] = year
        plan = plan_import(io.BytesIO(content), name, year=year)
        if plan.errors:  # the table changed since the check in a way the file now breaks
            context.update(plan=plan, filename=name, form=ImportForm(initial={"year": year}))
            return render(request, "core/calendar/import.html", context)
        try:
            result = services.calendar_import(actor=request.user, year=year, rows=plan.rows, filename=name)
        except ValidationError as exc:
            context.update(plan=plan, filename=name, token=token, commit_error="；".join(exc.messages))
        else:
            unstage(request, "calendarimport", token)
            messages.success(request, f"{year}年工作日历导入完成：新增 {result['created']} 天、更新 {result['updated']} 天、"
                                      f"未变 {result['unchanged']} 天、删除 {result['deleted']} 天。")
            return redirect(_year_url(year))
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid() and form.cleaned_data["file"].size > MAX_BYTES:
            form.add_error("file", "文件超过 1 MB：一个年度的安排只有几十行，请检查是否选错了文件。")
        if form.is_valid():
            upload, year = form.cleaned_data["file"], form.cleaned_data["year"]
            content = upload.read()
            plan = plan_import(io.BytesIO(content), upload.name, year=year)
            token = "" if plan.errors else stage(request, "calendarimport", (year, upload.name, content))
            context.update(plan=plan, token=token, filename=upload.name)
        context["form"] = form
    else:
        context["form"] = ImportForm(initial={"year": _year(request.GET.get("year"))})
    return render(request, "core/calendar/import.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    services.require_keeper(request.user)
    headers, notes = template_rows()
    return template_response(filename="工作日历导入模板.xlsx", sheet="工作日历", headers=headers, examples=[], notes=notes)
