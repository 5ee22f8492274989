"""Writes to the official calendar: add, change, delete a day, and import a year's
arrangement. Each write is audited; the import writes every row or none."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import Role
from accounts.scope import grants, has_role
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from core import dataversion

from .models import CalendarDay

FIELDS = ["date", "is_workday", "name"]


def can_keep_calendar(user: Any) -> bool:
    """The county organization department and system administrators keep the calendar."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or any(g.role == Role.COUNTY_OFFICER for g in grants(user)):
        return True
    return has_role(user, Role.SYSADMIN)


def require_keeper(user: Any) -> None:
    if not can_keep_calendar(user):
        raise PermissionDenied("只有县委组织部和系统管理员可以维护工作日历。")


def audit_path(actor: Any) -> str:
    """The calendar belongs to no organization; file its changes under the county of the
    officer who made them, so that county's officers see them in their audit trail."""
    paths = sorted(g.path for g in grants(actor) if g.role == Role.COUNTY_OFFICER)
    return paths[0] if paths else ""


def day_errors(*, date: datetime.date | None, is_workday: bool, name: str, exclude_pk: int | None = None,
               taken: set[datetime.date] | None = None) -> dict[str, str]:
    """Why this day cannot be kept, by field ({} when it can). `taken`: dates already on file,
    when the caller has read them (the import); else the table is asked."""
    if date is None:
        return {"date": "请填写日期。"}
    if is_workday and date.weekday() < 5:
        return {"is_workday": f"{date.isoformat()}是周{'一二三四五'[date.weekday()]}，本来就是工作日；"
                              "调休上班日只能是周六或周日。"}
    if not is_workday and not name:
        return {"name": "放假日须填写名称（如 国庆节）。"}
    if taken is not None:
        exists = date in taken
    else:
        exists = CalendarDay.objects.filter(date=date).exclude(pk=exclude_pk).exists()
    if exists:
        return {"date": f"{date.isoformat()}已在工作日历中，请修改原有记录。"}
    return {}


def _clean_name(name: str) -> str:
    return " ".join((name or "").split())


@transaction.atomic
def calendar_day_create(*, actor: Any, date: datetime.date, is_workday: bool, name: str = "") -> CalendarDay:
    require_keeper(actor)
    name = _clean_name(name)
    errors = day_errors(date=date, is_workday=is_workday, name=name)
    if errors:
        raise ValidationError(errors)
    day = CalendarDay.objects.create(date=date, is_workday=is_workday, name=name)
    audit_record(action=AuditAction.CREATE, obj=day, actor=actor, changes=snapshot(day, FIELDS),
                 org_path=audit_path(actor))
    dataversion.bump()  # working days count in figures everywhere
    return day


@transaction.atomic
def calendar_day_update(*, actor: Any, day: CalendarDay, date: datetime.date, is_workday: bool,
                        name: str = "") -> CalendarDay:
    require_keeper(actor)
    name = _clean_name(name)
    errors = day_errors(date=date, is_workday=is_workday, name=name, exclude_pk=day.pk)
    if errors:
        raise ValidationError(errors)
    before = snapshot(day, FIELDS)
    day.date, day.is_workday, day.name = date, is_workday, name
    changes = diff(before, snapshot(day, FIELDS))
    if changes:
        day.save()
        audit_record(action=AuditAction.UPDATE, obj=day, actor=actor, changes=changes, org_path=audit_path(actor))
        dataversion.bump()
    return day


@transaction.atomic
def calendar_day_delete(*, actor: Any, day: CalendarDay) -> None:
    require_keeper(actor)
    audit_record(action=AuditAction.DELETE, obj=day, actor=actor, changes=snapshot(day, FIELDS),
                 org_path=audit_path(actor))
    day.delete()
    dataversion.bump()


@dataclass(frozen=True)
class ImportRow:
    number: int
    date: datetime.date
    is_workday: bool
    name: str


@transaction.atomic
def calendar_import(*, actor: Any, year: int, rows: list[ImportRow], filename: str = "") -> dict[str, int]:
    """Make the year's calendar exactly the checked rows: add new dates, change differing
    ones, delete the year's dates the file does not list. All in one transaction."""
    require_keeper(actor)
    path = audit_path(actor)
    on_file = {d.date: d for d in CalendarDay.objects.select_for_update().filter(date__year=year)}
    listed = {r.date for r in rows}
    result = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0}
    for stale in sorted(set(on_file) - listed):
        day = on_file[stale]
        audit_record(action=AuditAction.DELETE, obj=day, actor=actor, changes=snapshot(day, FIELDS), org_path=path,
                     extra={"import": filename})
        day.delete()
        result["deleted"] += 1
    for row in rows:
        if row.date.year != year:
            raise ValidationError(f"第{row.number}行：日期不在{year}年。")
        errors = day_errors(date=row.date, is_workday=row.is_workday, name=row.name, taken=set())
        if errors:
            raise ValidationError(f"第{row.number}行：" + "；".join(errors.values()))
        day = on_file.get(row.date)
        if day is None:
            day = CalendarDay.objects.create(date=row.date, is_workday=row.is_workday, name=row.name)
            audit_record(action=AuditAction.CREATE, obj=day, actor=actor, changes=snapshot(day, FIELDS),
                         org_path=path, extra={"import": filename})
            result["created"] += 1
            continue
        before = snapshot(day, FIELDS)
        day.is_workday, day.name = row.is_workday, row.name
        changes = diff(before, snapshot(day, FIELDS))
        if not changes:
            result["unchanged"] += 1
            continue
        day.save()
        audit_record(action=AuditAction.UPDATE, obj=day, actor=actor, changes=changes, org_path=path,
                     extra={"import": filename})
        result["updated"] += 1
    audit_record(action=AuditAction.IMPORT, actor=actor, org_path=path,
                 extra={"file": filename, "year": year, "calendar_days": result})
    dataversion.bump()
    return result
