"""The county defines a score sheet and edits its sections and items while it is a draft;
a published sheet is frozen (the services refuse, the page says so)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import scope_paths
from core.views import scoped_object, scoped_page
from organizations.models import Organization
from organizations.rules import Field, Kind

from .. import calculators, rules, services
from ..choices import ItemKind
from ..forms import ItemAddForm, ItemForm, SectionForm, SheetForm, SheetNewForm
from ..models import ScoreSheet, SheetItem
from .common import report


def _counties(user: Any) -> list[Organization]:
    """Counties the user may define sheets for; 404 outside any scope, 403 read-only."""
    counties = list(Organization.objects.for_user(user, "change").filter(kind=Kind.COUNTY).order_by("path"))
    if not counties:
        if scope_paths(user, "view"):
            raise PermissionDenied("只有县委组织部可以制定评分表。")
        raise Http404("未找到，或不在您的管辖范围内。")
    return counties


@scoped_page
def sheet_new(request: HttpRequest) -> HttpResponse:
    counties = _counties(request.user)
    w = rules.default_weights()
    initial: dict[str, Any] = {
        "weight_self": w[0], "weight_public": w[1], "weight_org": w[2],
        "pass_threshold": rules.default_pass_threshold(), "excellent_threshold": rules.default_excellent_threshold()}
    if request.method == "POST":
        form = SheetNewForm(request.POST, counties=counties)
        try:
            if not form.is_valid():
                raise ValidationError(form.first_error())
            d = form.cleaned_data
            sheet = services.sheet_create(
                organization=d["county"], year=d["year"], name=d["name"], actor=request.user, field=d["field"],
                weights=(d["weight_self"], d["weight_public"], d["weight_org"]),
                pass_threshold=d["pass_threshold"], excellent_threshold=d["excellent_threshold"])
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, "评分表草稿已建立，请添加栏目和细则。")
            return redirect("assessments:sheet_edit", pk=sheet.pk)
        initial = request.POST.dict()
    return render(request, "assessments/sheet_new.html", {
        "counties": counties, "fields": Field.choices, "initial": initial})


@login_required
@scoped_object(ScoreSheet, "change")
def sheet_edit(request: HttpRequest, sheet: ScoreSheet) -> HttpResponse:
    if request.method == "POST":
        form = SheetForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.first_error())
            services.sheet_update(sheet=sheet, actor=request.user, **form.settings())
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, "评分表设置已保存。")
        return redirect("assessments:sheet_edit", pk=sheet.pk)
    return render(request, "assessments/sheet_edit.html", {
        "sheet": sheet, "sections": sheet.sections.all(), "items": sheet.items.select_related("section"),
        "kinds": ItemKind.choices, "calculators": calculators.choices(), "editable": sheet.is_editable,
    })


@login_required
@require_POST
@scoped_object(ScoreSheet, "change")
def section_add(request: HttpRequest, sheet: ScoreSheet) -> HttpResponse:
    form = SectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.first_error())
        services.sheet_add_section(sheet=sheet, title=form.cleaned_data["title"], actor=request.user)
    except ValidationError as exc:
        report(request, exc)
    return redirect("assessments:sheet_edit", pk=sheet.pk)


@login_required
@require_POST
@scoped_object(ScoreSheet, "change")
def item_add(request: HttpRequest, sheet: ScoreSheet) -> HttpResponse:
    form = ItemAddForm(request.POST, sheet=sheet)
    valid = form.is_valid()
    if "section" in form.errors:
        raise Http404("未找到。")  # a section of another sheet, or none
    try:
        if not valid:
            raise ValidationError(form.first_error())
        services.sheet_add_item(sheet=sheet, section=form.cleaned_data["section"], actor=request.user,
                                **form.item_data())
    except ValidationError as exc:
        report(request, exc)
    return redirect("assessments:sheet_edit", pk=sheet.pk)


@login_required
@require_POST
@scoped_object(ScoreSheet, "change")
def item_edit(request: HttpRequest, sheet: ScoreSheet, item_pk: int) -> HttpResponse:
    item = get_object_or_404(SheetItem, pk=item_pk, sheet=sheet)
    form = ItemForm(request.POST)
    valid = form.is_valid()
    try:
        if form.cleaned_data["delete"]:
            services.sheet_item_delete(item=item, actor=request.user)
        elif not valid:
            raise ValidationError(form.first_error())
        else:
            services.sheet_item_update(item=item, actor=request.user, **form.item_data())
    except ValidationError as exc:
        report(request, exc)
    return redirect("assessments:sheet_edit", pk=sheet.pk)
