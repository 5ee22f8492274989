"""Import of organizations from a township's spreadsheet: a dry run that lists every bad
row with its column and reason, then a commit that writes all rows in one transaction or
none. Idempotent: a row whose organization is already on file (by 组织代码, else by name
under the same parent) is updated or left alone, never created twice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.scope import is_in_scope
from audit.models import AuditAction
from audit.services import audit_record
from core.importing.cells import Column, choice_parser, parse_cells, parse_date, parse_text
from core.importing.plan import Plan as ImportPlan
from core.importing.plan import check_file

from . import services
from .models import Organization
from .rules import Field, Kind, Status, parent_error

KIND_ALIASES = {"县委": Kind.COUNTY, "乡镇党委": Kind.TOWNSHIP, "街道党工委": Kind.TOWNSHIP, "乡党委": Kind.TOWNSHIP,
                "镇党委": Kind.TOWNSHIP, "党委": Kind.PRIMARY, "支部": Kind.BRANCH}
FIELD_ALIASES = {"卫生院": Field.HOSPITAL, "医院": Field.HOSPITAL, "非公企业": Field.PRIVATE_ENTERPRISE,
                 "非公": Field.PRIVATE_ENTERPRISE, "国企": Field.STATE_ENTERPRISE, "社会组织": Field.SOCIAL_ORG}

COLUMNS: tuple[Column, ...] = (
    Column("上级组织", "parent", parse_text, True, ("上级党组织", "隶属"), "系统中已有组织或本表前面各行的名称或组织代码", "城关镇党委"),
    Column("名称", "name", parse_text, True, ("组织名称", "党组织名称"), "", "柳树村党支部"),
    Column("简称", "short_name", parse_text, False, (), "", "柳树村"),
    Column("组织代码", "code", parse_text, False, ("代码",), "全系统唯一；填写后重复导入按代码识别", "C01-T01-B001"),
    Column("类型", "kind", choice_parser(Kind, KIND_ALIASES), True, ("组织类型",), "、".join(Kind.labels), "党支部"),
    Column("领域", "field", choice_parser(Field, FIELD_ALIASES), False, ("所属领域",), "党支部必填：" + "、".join(Field.labels), "村"),
    Column("所在单位", "unit_name", parse_text, False, (), "", "柳树村村民委员会"),
    Column("成立日期", "established_on", parse_date, False, (), "如 2019-07-01", "2003-06-18"),
    Column("联系人", "contact_person", parse_text, False, (), "", "王建国"),
    Column("联系电话", "contact_phone", parse_text, False, (), "", "0839-1234567"),
    Column("地址", "address", parse_text, False, (), "", ""),
)
FIELDS = [c.field for c in COLUMNS if c.field != "parent"]
HEADER = {c.field: c.header for c in COLUMNS}


@dataclass
class PlannedRow:
    number: int
    data: dict[str, Any]
    parent_ref: str
    parent_org: Organization | None = None
    parent_row: "PlannedRow | None" = None
    existing: Organization | None = None
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan(ImportPlan):
    rows: list[PlannedRow] = field(default_factory=list)

    @property
    def to_create(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.existing is None]

    @property
    def to_update(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.existing is not None and r.changes]

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.existing is not None and not r.changes)


class _Known:
    """Organizations the user may write under, by code and by name, plus the rows planned so far."""

    def __init__(self, user: Any) -> None:
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = {}
        for o in Organization.objects.for_user(user, "change").filter(status=Status.ACTIVE):
            if o.code:
                self.by_code[o.code] = o
            self.by_name.setdefault(o.name, []).append(o)
        self.planned_by_ref: dict[str, PlannedRow] = {}
        self.all_codes = set(Organization.objects.exclude(code="").values_list("code", flat=True))

    def parent(self, ref: str) -> tuple[Organization | PlannedRow | None, str]:
        if ref in self.planned_by_ref:
            return self.planned_by_ref[ref], ""
        if ref in self.by_code:
            return self.by_code[ref], ""
        matches = self.by_name.get(ref, [])
        if len(matches) > 1:
            return None, f"系统中有 {len(matches)} 个名为“{ref}”的组织，请改填组织代码。"
        if matches:
            return matches[0], ""
        return None, f"找不到上级组织“{ref}”，或它不在您的管理范围内（上级组织须在系统中已有，或写在本表前面的行）。"


def _parse(number: int, values: list[Any], columns: dict[int, Column], plan: Plan) -> dict[str, Any] | None:
    data, ok = parse_cells(values, columns, lambda header, message: plan.error(number, header, message))
    return data if ok else None


def plan_import(handle: IO[bytes], filename: str, *, user: Any) -> Plan:
    """The dry run: check every row, list every error with row and column, write nothing."""
    plan = Plan()
    known = _Known(user)
    file_codes: dict[str, int] = {}

    def check_row(number: int, values: list[Any], columns: dict[int, Column]) -> None:
        data = _parse(number, values, columns, plan)
        if data is None:
            return
        if str(data.get("short_name", "")).startswith("示例"):
            plan.total -= 1
            return
        _check_row(number, data, known, file_codes, plan, user)

    check_file(plan, handle, filename, COLUMNS, check_row)
    return plan


def _check_row(number: int, data: dict[str, Any], known: _Known, file_codes: dict[str, int], plan: Plan,
               user: Any) -> None:
    parent_ref = data.pop("parent")
    parent, message = known.parent(parent_ref)
    if parent is None:
        plan.error(number, HEADER["parent"], message)
        return
    parent_kind = parent.data["kind"] if isinstance(parent, PlannedRow) else parent.kind
    problem = parent_error(data["kind"], parent_kind)
    if problem:
        plan.error(number, HEADER["kind"], problem)
        return
    if data["kind"] in (Kind.BRANCH, Kind.JOINT_BRANCH) and not data.get("field"):
        plan.error(number, HEADER["field"], "党支部必须填写所在领域。")
        return
    if data.get("established_on") and data["established_on"] > datetime.date.today():
        plan.error(number, HEADER["established_on"], "成立日期不能晚于今天。")
        return
    code = data.get("code", "")
    if code and code in file_codes:
        plan.error(number, HEADER["code"], f"与第{file_codes[code]}行的组织代码重复。")
        return
    existing = known.by_code.get(code) if code else None
    if code and existing is None and code in known.all_codes:
        plan.error(number, HEADER["code"], "组织代码已被您管理范围以外的组织使用。")
        return
    # the parent as it is on file (a row already in the system stands for its organization)
    on_file = parent.existing if isinstance(parent, PlannedRow) else parent
    if existing is None and on_file is not None:
        existing = next((o for o in known.by_name.get(data["name"], []) if o.path[:-o.steplen] == on_file.path), None)
    row = PlannedRow(number=number, data=data, parent_ref=parent_ref, existing=existing,
                     parent_org=parent if isinstance(parent, Organization) else None,
                     parent_row=parent if isinstance(parent, PlannedRow) else None)
    if existing is not None:
        if on_file is None or existing.path[:-existing.steplen] != on_file.path:
            plan.error(number, HEADER["parent"], f"“{existing.name}”已在系统中且上级不同；调整隶属关系请使用“移动”功能。")
            return
        row.changes = {k: v for k, v in data.items() if v not in ("", None) and getattr(existing, k) != v}
    if code:
        file_codes[code] = number
        known.planned_by_ref.setdefault(code, row)
    known.planned_by_ref.setdefault(data["name"], row)
    plan.rows.append(row)


def import_commit(plan: Plan, *, user: Any, filename: str = "") -> dict[str, int]:
    """Write every planned row in one transaction (all or nothing), through the audited services;
    the import itself is audited too (IMPORT, with the file's name and the counts)."""
    if plan.errors:
        raise ValidationError("导入文件有错误，请修改后重新上传。")
    written: dict[int, Organization] = {}
    with transaction.atomic():
        for row in plan.rows:
            if row.existing is not None:
                if row.changes:
                    services.organization_update(org=row.existing, actor=user, **row.changes)
                written[row.number] = row.existing
                continue
            parent = row.parent_org if row.parent_row is None else written[row.parent_row.number]
            if not is_in_scope(user, parent.path, "change"):
                raise ValidationError(f"第{row.number}行：上级组织不在您的管理范围内。")
            values = {k: v for k, v in row.data.items() if k in FIELDS}
            try:
                written[row.number] = services.organization_create(
                    parent=Organization.objects.get(pk=parent.pk), actor=user, **values)
            except ValidationError as exc:
                raise ValidationError(f"第{row.number}行：{'；'.join(exc.messages)}") from exc
        result = {"created": len(plan.to_create), "updated": len(plan.to_update), "unchanged": plan.unchanged}
        audit_record(action=AuditAction.IMPORT, actor=user, extra={"file": filename, "organizations": result})
    return result


def template_rows() -> tuple[list[str], list[Any], list[list[str]]]:
    headers = [("*" if c.required else "") + c.header for c in COLUMNS]
    example = [c.example for c in COLUMNS]
    example[COLUMNS.index(next(c for c in COLUMNS if c.field == "short_name"))] = "示例行（导入时跳过）"
    notes = [[c.header, "必填" if c.required else "选填", c.help] for c in COLUMNS]
    return headers, example, notes
