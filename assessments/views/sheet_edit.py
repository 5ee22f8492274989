"""The county defines a score sheet and edits its sections and items while it is a draft;
a published sheet is frozen (the services refuse, the page says so)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import scope_paths
from core.scoping import get_scoped_object
from organizations.models import Organization
from organizations.rules import Field, Kind

from .. import calculators, rules, services
from ..choices import ItemKind
from ..models import ScoreSheet, SheetItem, SheetSection
from .common import decimal_or_none, report


def _counties(user: Any) -> list[Organization]:
    """Counties the user may define sheets for; 404 outside any scope, 403 read-only."""
    counties = list(Organization.objects.for_user(user, "change").filter(kind=Kind.COUNTY).order_by("path"))
    if not counties:
        if scope_paths(user, "view"):
            raise PermissionDenied("只有县委组织部可以制定评分表。")
        raise Http404("未找到，或不在您的管辖范围内。")
    return counties


def _sheet_data(post: Any) -> dict[str, Any]:
    data = {"name": (post.get("name") or "").strip()}
    for key in ("weight_self", "weight_public", "weight_org", "pass_threshold", "excellent_threshold"):
        value = decimal_or_none(post.get(key))
        if value is None:
            raise ValidationError("权重和分数线须填写数字。")
        data[key] = value
    if not data["name"]:
        raise ValidationError({"name": "请填写评分表名称。"})
    return data


@login_required
def sheet_new(request: HttpRequest) -> HttpResponse:
    counties = _counties(request.user)
    w = rules.default_weights()
    initial = {"weight_self": w[0], "weight_public": w[1], "weight_org": w[2],
               "pass_threshold": rules.default_pass_threshold(), "excellent_threshold": rules.default_excellent_threshold()}
    if request.method == "POST":
        try:
            county = next((c for c in counties if str(c.pk) == request.POST.get("county")), counties[0])
            data = _sheet_data(request.POST)
            year = int(request.POST.get("year") or 0)
            field = request.POST.get("field") or ""
            if field and field not in Field.values:
                raise ValidationError({"field": "请选择适用领域。"})
            sheet = services.sheet_create(
                organization=county, year=year, name=data["name"], actor=request.user, field=field,
                weights=(data["weight_self"], data["weight_public"], data["weight_org"]),
                pass_threshold=data["pass_threshold"], excellent_threshold=data["excellent_threshold"])
        except ValueError:
            messages.error(request, "年度填写有误。")
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, "评分表草稿已建立，请添加栏目和细则。")
            return redirect("assessments:sheet_edit", pk=sheet.pk)
        initial = request.POST.dict()
    return render(request, "assessments/sheet_new.html", {
        "counties": counties, "fields": Field.choices, "initial": initial})


def _editable_sheet(request: HttpRequest, pk: int) -> ScoreSheet:
    return get_scoped_object(ScoreSheet, request.user, "change", pk=pk)


@login_required
def sheet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _editable_sheet(request, pk)
    if request.method == "POST":
        try:
            services.sheet_update(sheet=sheet, actor=request.user, **_sheet_data(request.POST))
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, "评分表设置已保存。")
        return redirect("assessments:sheet_edit", pk=sheet.pk)
    return render(request, "assessments/sheet_edit.html", {
        "sheet": sheet, "sections": sheet.sections.all(), "items": sheet.items.select_related("section"),
        "kinds": ItemKind.choices, "calculators": calculators.choices(), "editable": sheet.is_editable,
    })


def _item_data(post: Any) -> dict[str, Any]:
    points: Decimal | None = decimal_or_none(post.get("max_points"))
    if points is None:
        raise ValidationError({"max_points": "分值须填写数字。"})
    return {"code": (post.get("code") or "").strip(), "title": (post.get("title") or "").strip(),
            "kind": post.get("kind") or ItemKind.BASIC, "max_points": points,
            "evidence_hint": (post.get("evidence_hint") or "").strip(),
            "calculator_code": (post.get("calculator_code") or "").strip()}


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _editable_sheet(request, pk)
    try:
        title = (request.POST.get("title") or "").strip()
        if not title:
            raise ValidationError({"title": "请填写栏目名称。"})
        services.sheet_add_section(sheet=sheet, title=title, actor=request.user)
    except ValidationError as exc:
        report(request, exc)
    return redirect("assessments:sheet_edit", pk=sheet.pk)


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _editable_sheet(request, pk)
    try:
        section = get_object_or_404(SheetSection, pk=request.POST.get("section") or 0, sheet=sheet)
        data = _item_data(request.POST)
        if not data["code"] or not data["title"]:
            raise ValidationError("请填写细则编号和评分内容。")
        services.sheet_add_item(sheet=sheet, section=section, actor=request.user, **data)
    except ValidationError as exc:
        report(request, exc)
    return redirect("assessments:sheet_edit", pk=sheet.pk)


@login_required
@require_POST
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    sheet = _editable_sheet(request, pk)
    item = get_object_or_404(SheetItem, pk=item_pk, sheet=sheet)
    try:
        if request.POST.get("delete"):
            services.sheet_item_delete(item=item, actor=request.user)
        else:
            services.sheet_item_update(item=item, actor=request.user, **_item_data(request.POST))
    except ValidationError as exc:
        report(request, exc)
    return redirect("assessments:sheet_edit", pk=sheet.pk)
