"""Pages of the rate table 党费标准: the sets by effective date, a new set, editing or deleting
a set that has neither taken effect nor been used. The table is global (no scope filter):
everyone with a party-data scope reads it; county officers and system administrators change it."""

from __future__ import annotations

import datetime
import functools
from typing import Any, Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.exports import xlsx_response
from core.forms import apply_errors
from core.views import unscoped

from .. import selectors
from ..choices import BaseKind
from ..forms import RateRowFormSet, RateSetForm
from ..rules import KIND_LABELS, RateSet, add_months
from ..services import rates as services

SETS_PER_PAGE = 10
# The table is reference data shared by every county: no organization's rows, so no scope to apply;
# who reads and who changes it is the services' can_view_rates / can_change_rates.
GLOBAL = "the rate table 党费标准 is global reference data shared by every county, no organization's data"


def rate_page(view: Callable) -> Callable:
    """A page of the rate table: signed in, and marked unscoped (see GLOBAL)."""
    return unscoped(GLOBAL)(login_required(view))


def _require_view(request: HttpRequest) -> None:
    if not services.can_view_rates(request.user):
        raise PermissionDenied("您没有查看党费标准的权限。")


def _require_change(request: HttpRequest) -> None:
    _require_view(request)
    if not services.can_change_rates(request.user):
        raise PermissionDenied("党费标准由各县共用，只有系统管理员可以修改；您只能查看。")


def _export_rows(sets: list[RateSet], today: datetime.date) -> Any:
    for s in sets:
        for r in s.rows:
            yield [s.effective_from, s.status(today), KIND_LABELS.get(r.kind, r.kind), r.band, r.upper_bound,
                   r.percent, r.fixed_amount, r.min_amount, r.max_amount, r.source]


@rate_page
def rates(request: HttpRequest) -> HttpResponse:
    """党费标准: every set, newest first; the one in force today marked."""
    _require_view(request)
    today = datetime.date.today()
    sets = selectors.load_sets(today)
    kind = request.GET.get("kind") or ""
    if kind in BaseKind.values:
        for s in sets:
            s.rows = [r for r in s.rows if r.kind == kind]
    else:
        kind = ""
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="党费标准", title="党费标准", actor=request.user, extra={"filters": request.GET.dict()},
            headers=["生效日期", "状态", "党员类别", "收入档次", "收入上限（含，元）", "交纳比例（%）", "固定金额（元/月）",
                     "最低金额（元/月）", "最高金额（元/月）", "依据"],
            rows=_export_rows(sets, today),
        )
    page = Paginator(sets, SETS_PER_PAGE).get_page(request.GET.get("page"))
    for s in page:
        s.changeable = s.can_change(today)
        s.label = s.status(today)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "dues/rates.html", {
        "page": page, "kind": kind, "kinds": BaseKind.choices, "query": query.urlencode(), "today": today,
        "can_change": services.can_change_rates(request.user),
    })


def _initial_rows(s: RateSet | None) -> list[dict[str, Any]]:
    if s is None:
        return []
    return [{"kind": r.kind, "upper_bound": r.upper_bound, "percent": r.percent, "fixed_amount": r.fixed_amount,
             "min_amount": r.min_amount, "max_amount": r.max_amount} for r in s.rows]


def _save(request: HttpRequest, form: RateSetForm, rows: Any, save: Any) -> HttpResponse | None:
    """Validate the head and the rows, call the service; errors go back onto the form."""
    if not (form.is_valid() and rows.is_valid()):
        return None
    try:
        save(effective_from=form.cleaned_data["effective_from"], source=form.cleaned_data["source"],
             rows=[row for _, row in rows.rate_rows()])
    except services.RateSetInvalid as exc:
        rows.show_errors(exc.row_errors, exc.set_errors)
        return None
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    return redirect("dues:rates")


def _used_after(effective_from: datetime.date) -> bool:
    return selectors.payments_between(effective_from, None).exists()


@rate_page
def rate_set_create(request: HttpRequest) -> HttpResponse:
    """新增一组标准, prefilled with the newest set so only the changes are typed."""
    _require_change(request)
    today = datetime.date.today()
    sets = selectors.load_sets(today)
    latest = sets[0] if sets else None
    earliest = selectors.earliest_month(today)
    start = max(earliest, add_months(latest.effective_from, 1)) if latest else earliest
    form = RateSetForm(request.POST or None, initial={"effective_from": start, "source": ""})
    rows = RateRowFormSet(request.POST or None, prefix="rows", initial=_initial_rows(latest))

    def save(*, effective_from: datetime.date, source: str, rows: Any) -> None:
        services.rate_set_create(effective_from=effective_from, rows=rows, source=source, actor=request.user)
        messages.success(request, f"已新增一组党费标准，自{effective_from:%Y年%m月%d日}起执行。")
        if _used_after(effective_from):
            messages.warning(request, "注意：已有党员预交了该月份及以后的党费，已登记的金额不变；"
                                      "这组标准因此已被使用，不能再修改或删除，只能由更新的标准取代。")

    done = _save(request, form, rows, save) if request.method == "POST" else None
    return done or render(request, "dues/rate_set_form.html", {
        "form": form, "rows": rows, "title": "新增一组党费标准", "latest": latest, "earliest": earliest})


def _set_or_404(day: str, today: datetime.date) -> RateSet:
    try:
        effective_from = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404("没有这一组党费标准。") from None
    found = next((s for s in selectors.load_sets(today) if s.effective_from == effective_from), None)
    if found is None:
        raise Http404("没有这一组党费标准。")
    return found


def _changeable_set(what: str) -> Callable:
    """A page of one set that may still change (`what`: 修改/删除): 403 to those who may not
    change the table, 404 for an unknown date, back to the table with a message when the set
    is in force or used. The view gets `(request, found, today)`."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, day: str) -> HttpResponse:
            _require_change(request)
            today = datetime.date.today()
            found = _set_or_404(day, today)
            if not found.can_change(today):
                reason = "已有党费交纳记录使用" if found.used else "已经生效"
                messages.error(request, f"这组标准{reason}，不能{what}；如需调整，请新增一组生效日期更晚的标准取代它。")
                return redirect("dues:rates")
            return view(request, found, today)
        return wrapped
    return decorator


@rate_page
@_changeable_set("修改")
def rate_set_edit(request: HttpRequest, found: RateSet, today: datetime.date) -> HttpResponse:
    form = RateSetForm(request.POST or None, initial={"effective_from": found.effective_from, "source": found.source})
    rows = RateRowFormSet(request.POST or None, prefix="rows", initial=_initial_rows(found))

    def save(*, effective_from: datetime.date, source: str, rows: Any) -> None:
        services.rate_set_update(effective_from=found.effective_from, new_effective_from=effective_from, rows=rows,
                                 source=source, actor=request.user)
        messages.success(request, f"已修改自{effective_from:%Y年%m月%d日}起执行的党费标准。")

    done = _save(request, form, rows, save) if request.method == "POST" else None
    return done or render(request, "dues/rate_set_form.html", {
        "form": form, "rows": rows, "title": f"修改自{found.effective_from:%Y年%m月%d日}起执行的党费标准",
        "editing": found, "earliest": selectors.earliest_month(today)})


@rate_page
@_changeable_set("删除")
def rate_set_delete(request: HttpRequest, found: RateSet, today: datetime.date) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    if request.method == "POST":
        try:
            services.rate_set_delete(effective_from=found.effective_from, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"已删除自{found.effective_from:%Y年%m月%d日}起执行的党费标准。")
        return redirect("dues:rates")
    return render(request, "dues/rate_set_delete.html", {"set": found})
