from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from organizations.models import Organization
from organizations.rules import Kind

from .. import calculators, rules
from ..choices import ItemKind, SheetStatus
from ..models import ScoreSheet, SheetItem, SheetSection
from .access import require_county

SHEET_FIELDS = ("name", "weight_self", "weight_public", "weight_org", "pass_threshold", "excellent_threshold")


def _ensure_editable(sheet: ScoreSheet) -> None:
    if not sheet.is_editable:
        raise ValidationError("评分表已启用（或已被取代），不能修改；如需调整，请生成新版本。")


def _check_weights(sheet: ScoreSheet) -> None:
    weights = (sheet.weight_self, sheet.weight_public, sheet.weight_org)
    if any(w < 0 for w in weights) or sum(weights) != 100:
        raise ValidationError({"weight_self": "三个环节的权重必须都不小于0且合计为100%。"})
    if sheet.excellent_threshold < sheet.pass_threshold:
        raise ValidationError({"excellent_threshold": "创优分数线不能低于达标分数线。"})


@transaction.atomic
def sheet_create(*, organization: Organization, year: int, name: str, actor: Any, field: str = "",
                 weights: tuple[Decimal, Decimal, Decimal] | None = None,
                 pass_threshold: Decimal | None = None, excellent_threshold: Decimal | None = None) -> ScoreSheet:
    """A county defines a draft score sheet for a year and field (the first version)."""
    require_county(actor, organization)
    if organization.kind != Kind.COUNTY:
        raise ValidationError({"organization": "评分表由县委组织部制定。"})
    w = weights or rules.default_weights()
    last = ScoreSheet.objects.filter(organization=organization, year=year, field=field).aggregate(v=Max("version"))["v"]
    sheet = ScoreSheet(
        organization=organization, year=year, field=field, name=name.strip(), version=(last or 0) + 1,
        weight_self=w[0], weight_public=w[1], weight_org=w[2], created_by=actor,
        pass_threshold=rules.default_pass_threshold() if pass_threshold is None else pass_threshold,
        excellent_threshold=rules.default_excellent_threshold() if excellent_threshold is None else excellent_threshold,
    )
    _check_weights(sheet)
    sheet.full_clean(exclude=["supersedes"])
    sheet.save()
    audit_record(action=AuditAction.CREATE, obj=sheet, actor=actor, changes=diff({}, snapshot(sheet, SHEET_FIELDS)))
    return sheet


@transaction.atomic
def sheet_update(*, sheet: ScoreSheet, actor: Any, **data: Any) -> ScoreSheet:
    require_county(actor, sheet.organization)
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    _ensure_editable(sheet)
    before = snapshot(sheet, SHEET_FIELDS)
    for key, value in data.items():
        if key not in SHEET_FIELDS:
            raise ValidationError(f"不能修改字段 {key}。")
        setattr(sheet, key, value)
    _check_weights(sheet)
    sheet.save()
    audit_record(action=AuditAction.UPDATE, obj=sheet, actor=actor, changes=diff(before, snapshot(sheet, SHEET_FIELDS)))
    return sheet


@transaction.atomic
def sheet_add_section(*, sheet: ScoreSheet, title: str, actor: Any) -> SheetSection:
    require_county(actor, sheet.organization)
    _ensure_editable(ScoreSheet.objects.select_for_update().get(pk=sheet.pk))
    order = (sheet.sections.aggregate(m=Max("order"))["m"] or 0) + 1
    section = SheetSection.objects.create(sheet=sheet, title=title.strip(), order=order)
    audit_record(action=AuditAction.UPDATE, obj=sheet, actor=actor, extra={"section_added": section.title})
    return section


@transaction.atomic
def sheet_add_item(*, sheet: ScoreSheet, section: SheetSection, code: str, title: str, max_points: Decimal,
                   actor: Any, kind: str = ItemKind.BASIC, evidence_hint: str = "", calculator_code: str = "") -> SheetItem:
    """Add an item. A calculator code that no installed app has registered yet is accepted
    (its app may arrive later) but must look like "<app>.<name>"."""
    require_county(actor, sheet.organization)
    _ensure_editable(ScoreSheet.objects.select_for_update().get(pk=sheet.pk))
    if section.sheet_id != sheet.pk:
        raise ValidationError({"section": "栏目不属于该评分表。"})
    if calculator_code and "." not in calculator_code:
        raise ValidationError({"calculator_code": "自动计算依据的编码形如“meetings.all_held”。"})
    if kind not in ItemKind.values:
        raise ValidationError({"kind": "请选择基本项、加分项或扣分项。"})
    if max_points <= 0:
        raise ValidationError({"max_points": "分值必须大于0。"})
    if sheet.items.filter(code=code).exists():
        raise ValidationError({"code": "评分表内细则编号不能重复。"})
    order = (section.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = SheetItem.objects.create(
        sheet=sheet, section=section, order=order, code=code.strip(), title=title.strip(), kind=kind,
        max_points=max_points, evidence_hint=evidence_hint.strip(), calculator_code=calculator_code.strip(),
    )
    audit_record(action=AuditAction.UPDATE, obj=sheet, actor=actor,
                 extra={"item_added": item.code, "registered": calculators.CALCULATORS.get(item.calculator_code) is not None})
    return item


@transaction.atomic
def sheet_publish(*, sheet: ScoreSheet, actor: Any) -> ScoreSheet:
    """Put a draft in use; from now on it is frozen. The version it supersedes stops being
    used for new reviews (reviews already on it keep it)."""
    require_county(actor, sheet.organization)
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    _ensure_editable(sheet)
    if not sheet.items.filter(kind=ItemKind.BASIC).exists():
        raise ValidationError("评分表至少要有一项基本项才能启用。")
    if sheet.supersedes_id:
        ScoreSheet.objects.filter(pk=sheet.supersedes_id).update(status=SheetStatus.SUPERSEDED)
    sheet.status = SheetStatus.PUBLISHED
    sheet.published_at = timezone.now()
    sheet.save(update_fields=["status", "published_at"])
    audit_record(action=AuditAction.UPDATE, obj=sheet, actor=actor, changes={"status": [SheetStatus.DRAFT, SheetStatus.PUBLISHED]})
    return sheet


@transaction.atomic
def sheet_supersede(*, sheet: ScoreSheet, actor: Any) -> ScoreSheet:
    """A new draft version copying a published sheet's settings, sections and items."""
    require_county(actor, sheet.organization)
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.status != SheetStatus.PUBLISHED:
        raise ValidationError("只有使用中的评分表可以生成新版本。")
    if ScoreSheet.objects.filter(supersedes=sheet).exists():
        raise ValidationError("该评分表已有待启用的新版本。")
    last = ScoreSheet.objects.filter(organization=sheet.organization, year=sheet.year, field=sheet.field).aggregate(
        v=Max("version"))["v"]
    new = ScoreSheet.objects.create(
        organization=sheet.organization, year=sheet.year, field=sheet.field, name=sheet.name, version=last + 1,
        supersedes=sheet, created_by=actor, **{f: getattr(sheet, f) for f in SHEET_FIELDS if f != "name"},
    )
    for section in sheet.sections.prefetch_related("items"):
        copy = SheetSection.objects.create(sheet=new, order=section.order, title=section.title)
        SheetItem.objects.bulk_create([
            SheetItem(sheet=new, section=copy, order=i.order, code=i.code, title=i.title, kind=i.kind,
                      max_points=i.max_points, evidence_hint=i.evidence_hint, calculator_code=i.calculator_code)
            for i in section.items.all()
        ])
    audit_record(action=AuditAction.CREATE, obj=new, actor=actor, extra={"supersedes": sheet.pk})
    return new


ITEM_FIELDS = ("code", "title", "kind", "max_points", "evidence_hint", "calculator_code")


@transaction.atomic
def sheet_item_update(*, item: SheetItem, actor: Any, **data: Any) -> SheetItem:
    """Change an item of a draft sheet; a published sheet is frozen."""
    require_county(actor, item.sheet.organization)
    _ensure_editable(ScoreSheet.objects.select_for_update().get(pk=item.sheet_id))
    item = SheetItem.objects.select_for_update().get(pk=item.pk)
    before = snapshot(item, ITEM_FIELDS)
    for key, value in data.items():
        if key not in ITEM_FIELDS:
            raise ValidationError(f"不能修改字段 {key}。")
        setattr(item, key, value.strip() if isinstance(value, str) else value)
    if item.calculator_code and "." not in item.calculator_code:
        raise ValidationError({"calculator_code": "自动计算依据的编码形如“meetings.all_held”。"})
    if item.kind not in ItemKind.values:
        raise ValidationError({"kind": "请选择基本项、加分项或扣分项。"})
    if item.max_points is None or item.max_points <= 0:
        raise ValidationError({"max_points": "分值必须大于0。"})
    if not item.code or not item.title:
        raise ValidationError("请填写细则编号和评分内容。")
    if SheetItem.objects.filter(sheet_id=item.sheet_id, code=item.code).exclude(pk=item.pk).exists():
        raise ValidationError({"code": "评分表内细则编号不能重复。"})
    item.save()
    changes = diff(before, snapshot(item, ITEM_FIELDS))
    audit_record(action=AuditAction.UPDATE, obj=item.sheet, actor=actor, changes=changes, extra={"item": item.code})
    return item


@transaction.atomic
def sheet_item_delete(*, item: SheetItem, actor: Any) -> None:
    """Remove an item from a draft sheet."""
    require_county(actor, item.sheet.organization)
    sheet = ScoreSheet.objects.select_for_update().get(pk=item.sheet_id)
    _ensure_editable(sheet)
    code = item.code
    item.delete()
    audit_record(action=AuditAction.UPDATE, obj=sheet, actor=actor, extra={"item_removed": code})
