"""Writes of the dues ledger. Keyword-only, typed, atomic, authorized (the actor's change
scope on the member or the payment), validated with Chinese messages, audited. Amounts are
Decimal throughout; a payment is never deleted."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditAction
from audit.services import audit_bulk, audit_record, diff, snapshot
from core import dataversion
from core.scoping import authorize
from members.choices import ACTIVE_STATUSES
from members.models import Member

from ..choices import BaseKind, Entry
from ..models import DuesBase, DuesPayment
from ..rules import INCOME_KINDS, RateTable, add_months, first_of_month
from ..selectors import rate_table
from .rates import lock_for_payment

BASE_FIELDS = ["kind", "monthly_income", "fixed_amount", "effective_from", "note"]
PAYMENT_FIELDS = ["member_id", "organization_id", "month", "entry", "amount", "amount_due", "paid_on", "reason"]


@transaction.atomic
def base_set(*, member: Member, actor: Any, kind: str, effective_from: datetime.date,
             monthly_income: Decimal | None = None, fixed_amount: Decimal | None = None, note: str = "") -> DuesBase:
    """核定党费基数 from a month on (replaces a base set for the same month)."""
    authorize(actor, member)
    if kind not in BaseKind.values:
        raise ValidationError({"kind": "请选择党员类别。"})
    month = first_of_month(effective_from)
    if kind in INCOME_KINDS:
        if monthly_income is None or monthly_income < 0:
            raise ValidationError({"monthly_income": "在岗职工和离退休人员须填写月收入（元）。"})
        fixed_amount = None
    else:
        monthly_income = None
    if kind == BaseKind.FARMER:
        rates = rate_table().rates(kind, month)
        if not rates:
            raise ValidationError({"kind": "该月份没有适用的党费标准。"})
        low, high = rates[0].min_amount, rates[0].max_amount
        if fixed_amount is None or low is None or high is None or not low <= fixed_amount <= high:
            raise ValidationError({"fixed_amount": f"农民党员每月交纳{low}元至{high}元，请填写自报金额。"})
    elif kind not in INCOME_KINDS:
        fixed_amount = None  # a fixed national amount (students, unemployed, relief)
    base = DuesBase.objects.filter(member=member, effective_from=month).first()
    before = snapshot(base, BASE_FIELDS) if base else {}
    base = base or DuesBase(member=member, effective_from=month)
    base.kind, base.monthly_income, base.fixed_amount, base.note = kind, monthly_income, fixed_amount, note
    base.created_by = actor if getattr(actor, "is_authenticated", False) else None
    base.save()
    audit_record(action=AuditAction.UPDATE if before else AuditAction.CREATE, obj=base, actor=actor,
                 changes=diff(before, snapshot(base, BASE_FIELDS)))
    return base


def _check_months(member: Member, months: list[datetime.date], today: datetime.date) -> None:
    if not months:
        raise ValidationError({"months": "请选择交纳的月份。"})
    if member.status not in ACTIVE_STATUSES:
        raise ValidationError(f"{member.name}不在册，不能登记党费。")
    joined = first_of_month(member.join_date)
    latest = add_months(first_of_month(today), settings.JICENG_DUES_MAX_ADVANCE_MONTHS)
    for month in months:
        if month < joined:
            raise ValidationError({"months": f"{member.name}{month:%Y年%m月}尚未入党，不需交纳党费。"})
        if month > latest:
            raise ValidationError({"months": f"最多预交{settings.JICENG_DUES_MAX_ADVANCE_MONTHS}个月（至{latest:%Y年%m月}）。"})


def _build_payments(member: Member, months: Iterable[datetime.date], paid_on: datetime.date, actor: Any,
                    table: RateTable, amount: Decimal | None) -> list[DuesPayment]:
    bases = list(member.dues_bases.order_by("-effective_from"))
    rows = []
    for month in sorted(set(months)):
        base = next((b for b in bases if b.effective_from <= month), None)
        due = table.due(base.kind, month, base.monthly_income, base.fixed_amount) if base else None
        if due is None:
            raise ValidationError({"months": f"{member.name}{month:%Y年%m月}未核定党费基数，请先核定。"})
        paid = due if amount is None else amount
        if paid < due:
            raise ValidationError({"amount": f"{member.name}{month:%Y年%m月}应交{due}元，交纳金额不能少于应交金额。"})
        if paid <= 0:
            raise ValidationError({"amount": f"{member.name}{month:%Y年%m月}交纳金额须大于零。"})
        rows.append(DuesPayment(member=member, organization_id=member.organization_id, month=month,
                                amount=paid, amount_due=due, paid_on=paid_on,
                                recorded_by=actor if getattr(actor, "is_authenticated", False) else None))
    return rows


@transaction.atomic
def dues_pay(*, member: Member, months: list[datetime.date], paid_on: datetime.date, actor: Any,
             amount: Decimal | None = None, today: datetime.date | None = None) -> list[DuesPayment]:
    """Record a member's dues for one or more months (several months in advance allowed,
    up to JICENG_DUES_MAX_ADVANCE_MONTHS). Each month's amount due is computed from the
    base and the rate table in force that month; `amount` (per month) may exceed it."""
    authorize(actor, member)
    today = today or datetime.date.today()
    months = [first_of_month(m) for m in months]
    if paid_on > today:
        raise ValidationError({"paid_on": "交纳日期不能晚于今天。"})
    _check_months(member, months, today)
    lock_for_payment()
    rows = _build_payments(member, months, paid_on, actor, rate_table(), amount)
    try:
        with transaction.atomic():
            created = DuesPayment.objects.bulk_create(rows)
    except IntegrityError as exc:
        raise ValidationError({"months": "所选月份中有已交纳的月份。"}) from exc
    dataversion.bump_rows(DuesPayment.objects.filter(pk__in=[p.pk for p in created]))  # bulk_create sends no post_save
    audit_bulk(action=AuditAction.CREATE, objects=created, actor=actor,
               changes_for=lambda p: snapshot(p, PAYMENT_FIELDS))
    return created


@transaction.atomic
def sheet_record(*, members: list[Member], month: datetime.date, paid_on: datetime.date, actor: Any,
                 today: datetime.date | None = None) -> list[DuesPayment]:
    """收缴表: record one month's dues (the computed amount) for several members of a
    branch at once; members who already paid that month are skipped."""
    authorize(actor, *members)
    today = today or datetime.date.today()
    month = first_of_month(month)
    if paid_on > today:
        raise ValidationError({"paid_on": "交纳日期不能晚于今天。"})
    paid = set(DuesPayment.objects.filter(member__in=members, month=month, entry=Entry.PAYMENT, is_reversed=False)
               .values_list("member_id", flat=True))
    lock_for_payment()
    table = rate_table()
    rows: list[DuesPayment] = []
    for member in members:
        if member.pk in paid:
            continue
        _check_months(member, [month], today)
        rows += _build_payments(member, [month], paid_on, actor, table, None)
    created = DuesPayment.objects.bulk_create(rows)
    dataversion.bump_rows(DuesPayment.objects.filter(pk__in=[p.pk for p in created]))  # bulk_create sends no post_save
    audit_bulk(action=AuditAction.CREATE, objects=created, actor=actor,
               changes_for=lambda p: snapshot(p, PAYMENT_FIELDS))
    return created


@transaction.atomic
def payment_reverse(*, payment: DuesPayment, actor: Any, reason: str,
                    on: datetime.date | None = None) -> DuesPayment:
    """冲正: cancel a mistaken payment with a reason; both rows stay in the ledger."""
    authorize(actor, payment)
    if not reason.strip():
        raise ValidationError({"reason": "请填写冲正原因。"})
    payment = DuesPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.entry != Entry.PAYMENT:
        raise ValidationError("冲正记录不能再冲正。")
    if payment.is_reversed:
        raise ValidationError("该缴费已冲正。")
    payment.is_reversed = True
    payment.save(update_fields=["is_reversed"])
    reversal = DuesPayment.objects.create(
        member_id=payment.member_id, organization_id=payment.organization_id, month=payment.month,
        entry=Entry.REVERSAL, amount=-payment.amount, amount_due=payment.amount_due,
        paid_on=on or datetime.date.today(), reverses=payment, reason=reason.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(action=AuditAction.UPDATE, obj=payment, actor=actor, changes={"is_reversed": [False, True]},
                 extra={"reason": reason.strip(), "reversal": reversal.pk})
    return reversal
