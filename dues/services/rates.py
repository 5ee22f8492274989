"""Writes of the rate table 党费标准, one whole set (all rows of one effective date) at a time.

The table is global: one per deployment, shared by every county, so only a role above the
counties may change it (accounts.scope.keeps_shared_reference_data: the system administrator);
a county organization department reads it. A set that payments have
used (any payment of a month from its date until the next set's) is never edited or
deleted, only superseded by a newer set; an unused set that has not taken effect may be."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from accounts.scope import grants, keeps_shared_reference_data
from audit.models import AuditAction
from audit.services import audit_bulk, audit_record, diff, snapshot
from core import dataversion

from ..models import DuesRate
from ..rules import CENT, RateRow, RateSet, check_rows
from ..selectors import earliest_month, load_sets

RATE_FIELDS = ["kind", "effective_from", "upper_bound", "percent", "fixed_amount", "min_amount", "max_amount", "source"]
RULE_FIELDS = ("percent", "fixed_amount", "min_amount", "max_amount")
# pg_advisory_xact_lock key of the rate table ("dues" in ASCII). Rate-set writes hold it
# exclusively, payment writes shared: a set's use is checked with no payment in flight, and no
# payment computes its amount due from a set that is being rewritten.
RATES_LOCK = 0x64756573


class RateSetInvalid(ValidationError):
    """A set that breaks the rules: messages per form row, and about the set as a whole."""

    def __init__(self, row_errors: dict[int, list[str]], set_errors: list[str]) -> None:
        self.row_errors, self.set_errors = row_errors, set_errors
        flat = [*set_errors, *(f"第{i + 1}行：{m}" for i, ms in sorted(row_errors.items()) for m in ms)]
        super().__init__(flat)


def can_view_rates(user: Any) -> bool:
    """Everyone with a party-data scope reads the table; those who may change it too."""
    return bool(grants(user)) or can_change_rates(user)


def can_change_rates(user: Any) -> bool:
    return keeps_shared_reference_data(user)


def _require_change(actor: Any) -> None:
    # actor None is the system itself (data migrations, demo seeding), not a person.
    if actor is not None and not can_change_rates(actor):
        raise PermissionDenied("党费标准由各县共用，只有系统管理员可以修改。")


def lock_for_payment() -> None:
    """Called by payment writes before they read the rate table (see RATES_LOCK)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [RATES_LOCK])


def _lock_for_rates() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RATES_LOCK])


def _check_date(effective_from: datetime.date, today: datetime.date, after: datetime.date | None,
                before: datetime.date | None, after_label: str = "前一组标准") -> None:
    if effective_from.day != 1:
        raise ValidationError({"effective_from": "生效月份须为某月1日。"})
    earliest = earliest_month(today)
    if effective_from < earliest:
        raise ValidationError({"effective_from": f"新标准最早从下月（{earliest:%Y年%m月}）起执行；已经开始的月份仍按原标准计算。"})
    if after is not None and effective_from <= after:
        raise ValidationError({"effective_from": f"生效月份须晚于{after_label}（{after:%Y年%m月%d日}起执行）。"})
    if before is not None and effective_from >= before:
        raise ValidationError({"effective_from": f"生效月份须早于后一组标准（{before:%Y年%m月%d日}起执行）；"
                                                 "如要在其后执行，请修改或删除那一组。"})


def _cents(value: Decimal | None) -> Decimal | None:
    # Every amount and percentage of DuesRate has two decimals: compare and audit them as stored.
    return value.quantize(CENT) if value is not None else None


def _check(rows: Sequence[RateRow], source: str) -> tuple[list[RateRow], str]:
    """The rows as stored (two decimals) and the source, or the set's errors."""
    row_errors, set_errors = check_rows(rows)
    if row_errors or set_errors:
        raise RateSetInvalid(row_errors, set_errors)
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": "请填写依据（文件名称和文号）。"})
    return [RateRow(kind=r.kind, **{name: _cents(getattr(r, name)) for name in ("upper_bound", *RULE_FIELDS)})
            for r in rows], source


def _row(effective_from: datetime.date, row: RateRow, source: str) -> DuesRate:
    rate = DuesRate(kind=row.kind, effective_from=effective_from, upper_bound=row.upper_bound, percent=row.percent,
                    fixed_amount=row.fixed_amount, min_amount=row.min_amount, max_amount=row.max_amount, source=source)
    rate.full_clean(validate_unique=False)
    return rate


def _find(sets: list[RateSet], effective_from: datetime.date) -> RateSet:
    found = next((s for s in sets if s.effective_from == effective_from), None)
    if found is None:
        raise ValidationError("没有这一组党费标准。")
    return found


@transaction.atomic
def rate_set_create(*, effective_from: datetime.date, rows: Sequence[RateRow], source: str, actor: Any,
                    today: datetime.date | None = None) -> list[DuesRate]:
    """新增一组党费标准 from a month after every existing set (and after the current month)."""
    _require_change(actor)
    today = today or datetime.date.today()
    _lock_for_rates()
    sets = load_sets(today)
    latest = sets[0].effective_from if sets else None
    _check_date(effective_from, today, latest, None, after_label="现有最新一组标准")
    rows, source = _check(rows, source)
    created = DuesRate.objects.bulk_create([_row(effective_from, r, source) for r in rows])
    audit_bulk(action=AuditAction.CREATE, objects=created, actor=actor, extra={"rate_set": effective_from.isoformat()},
               changes_for=lambda r: snapshot(r, RATE_FIELDS))
    dataversion.bump()  # the national rate table: amounts due everywhere
    return created


def _changeable(found: RateSet, today: datetime.date, what: str) -> None:
    if found.used:
        raise ValidationError(f"这组标准已有党费交纳记录使用，不能{what}；如需调整，请新增一组生效日期更晚的标准取代它。")
    if not found.is_future(today):
        raise ValidationError(f"这组标准已经生效，不能{what}；如需调整，请新增一组生效日期更晚的标准取代它。")


@transaction.atomic
def rate_set_update(*, effective_from: datetime.date, new_effective_from: datetime.date, rows: Sequence[RateRow],
                    source: str, actor: Any, today: datetime.date | None = None) -> list[DuesRate]:
    """修改一组尚未生效、未被使用的标准: rows matched by (kind, upper bound) are updated,
    the others deleted or added; every changed row leaves an audit row."""
    _require_change(actor)
    today = today or datetime.date.today()
    _lock_for_rates()
    sets = load_sets(today)
    found = _find(sets, effective_from)
    _changeable(found, today, "修改")
    index = sets.index(found)
    previous = sets[index + 1].effective_from if index + 1 < len(sets) else None
    _check_date(new_effective_from, today, previous, found.next_from)
    rows, source = _check(rows, source)
    extra = {"rate_set": new_effective_from.isoformat(), "was": effective_from.isoformat()}
    old = {(r.kind, r.upper_bound): r for r in found.rows}
    new_keys = {(r.kind, r.upper_bound) for r in rows}
    gone = [r for key, r in old.items() if key not in new_keys]
    if gone:
        audit_bulk(action=AuditAction.DELETE, objects=gone, actor=actor, extra=extra,
                   changes_for=lambda r: snapshot(r, RATE_FIELDS))
        DuesRate.objects.filter(pk__in=[r.pk for r in gone]).delete()
    result, added = [], []
    for row in rows:
        rate = old.get((row.kind, row.upper_bound))
        if rate is None:
            added.append(_row(new_effective_from, row, source))
            continue
        before = snapshot(rate, RATE_FIELDS)
        rate.effective_from, rate.source = new_effective_from, source
        for name in RULE_FIELDS:
            setattr(rate, name, getattr(row, name))
        rate.full_clean(validate_unique=False)
        changes = diff(before, snapshot(rate, RATE_FIELDS))
        if changes:
            rate.save()
            audit_record(action=AuditAction.UPDATE, obj=rate, actor=actor, changes=changes, extra=extra)
        result.append(rate)
    if added:
        added = DuesRate.objects.bulk_create(added)
        audit_bulk(action=AuditAction.CREATE, objects=added, actor=actor, extra=extra,
                   changes_for=lambda r: snapshot(r, RATE_FIELDS))
    dataversion.bump()  # the national rate table: amounts due everywhere
    return result + added


@transaction.atomic
def rate_set_delete(*, effective_from: datetime.date, actor: Any, today: datetime.date | None = None) -> int:
    """删除一组尚未生效、未被使用的标准 (the set before it stays in force)."""
    _require_change(actor)
    today = today or datetime.date.today()
    _lock_for_rates()
    found = _find(load_sets(today), effective_from)
    _changeable(found, today, "删除")
    audit_bulk(action=AuditAction.DELETE, objects=found.rows, actor=actor,
               extra={"rate_set": effective_from.isoformat()}, changes_for=lambda r: snapshot(r, RATE_FIELDS))
    DuesRate.objects.filter(pk__in=[r.pk for r in found.rows]).delete()
    dataversion.bump()  # the national rate table: amounts due everywhere
    return len(found.rows)
