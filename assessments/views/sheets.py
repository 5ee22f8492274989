"""Score sheets: the versions a county defined, read by everyone below it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exports import xlsx_response
from core.params import year_param
from core.views import ScopedListView, scoped_object
from organizations.models import Organization
from organizations.rules import Kind

from .. import calculators, services
from ..models import ScoreSheet
from ..services.access import is_county_officer_of
from .common import PAGE_SIZE, report


class SheetList(ScopedListView):
    model = ScoreSheet
    template_name = "assessments/sheet_list.html"
    paginate_by = PAGE_SIZE
    export_filename = "达标创优评分表"
    export_title = "评分表"
    export_headers = ("名称", "年度", "领域", "版本", "状态", "制定单位", "自评权重%", "群众测评权重%", "组织考评权重%",
                      "达标线", "创优线")

    def get_base_queryset(self) -> QuerySet:
        return ScoreSheet.objects.select_related("organization")

    def filter_queryset(self, qs: QuerySet, cleaned: dict[str, Any]) -> QuerySet:
        if year := year_param(self.request):
            qs = qs.filter(year=year)
        q = (self.request.GET.get("q") or "").strip()
        return qs.filter(name__icontains=q) if q else qs

    def export_row(self, x: ScoreSheet) -> list[Any]:
        return [x.name, x.year, x.get_field_display() or "全部领域", x.version, x.get_status_display(),
                x.organization.name, x.weight_self, x.weight_public, x.weight_org, x.pass_threshold,
                x.excellent_threshold]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        can_create = Organization.objects.for_user(self.request.user, "change").filter(kind=Kind.COUNTY).exists()
        return {**context, "can_create": can_create}


sheet_list = SheetList.as_view()


@login_required
@scoped_object(ScoreSheet)
def sheet_detail(request: HttpRequest, sheet: ScoreSheet) -> HttpResponse:
    items = sheet.items.select_related("section")
    registered = dict(calculators.choices())
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"{sheet.name}（第{sheet.version}版）评分细则", title="评分细则", actor=request.user,
            org_path=sheet.organization.path,
            headers=["栏目", "编号", "评分内容", "类型", "分值", "评分依据（痕迹材料）", "自动计算依据"],
            rows=([i.section.title, i.code, i.title, i.get_kind_display(), i.max_points, i.evidence_hint,
                   registered.get(i.calculator_code, i.calculator_code)] for i in items))
    return render(request, "assessments/sheet_detail.html", {
        "sheet": sheet, "items": items, "registered": registered,
        "is_county": is_county_officer_of(request.user, sheet.organization),
    })


@login_required
@require_POST
@scoped_object(ScoreSheet, "change")
def sheet_action(request: HttpRequest, sheet: ScoreSheet, action: str) -> HttpResponse:
    try:
        if action == "publish":
            sheet = services.sheet_publish(sheet=sheet, actor=request.user)
        elif action == "supersede":
            sheet = services.sheet_supersede(sheet=sheet, actor=request.user)
        elif action == "open":
            n = services.reviews_open_under(sheet=sheet, under=sheet.organization, actor=request.user)
            messages.info(request, f"已为{n}个党支部开启考评。")
    except ValidationError as exc:
        report(request, exc)
    return redirect("assessments:sheet", pk=sheet.pk)
