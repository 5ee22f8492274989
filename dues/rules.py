"""Dues 党费 rules as small pure functions over the rate table (rows of DuesRate).

Source: 中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》(2008). The national
table ships as data (migration 0002) with its effective date; a later table is a new
set of rows with a later `effective_from`, never an edit of the old ones."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from django.db import models

CENT = Decimal("0.01")


class BaseKind(models.TextChoices):
    EMPLOYED = "employed", "在岗职工（按月税后工资）"
    RETIRED = "retired", "离退休人员（按月离退休费）"
    FARMER = "farmer", "农民党员"
    STUDENT = "student", "学生党员"
    UNEMPLOYED = "unemployed", "下岗失业党员"
    RELIEF = "relief", "依靠救济党员"


# Kinds whose dues are a percentage of a monthly income.
INCOME_KINDS = (BaseKind.EMPLOYED, BaseKind.RETIRED)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def month_from_index(index: int) -> datetime.date:
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    return month_from_index(month_index(month) + n)


@dataclass(frozen=True)
class Rate:
    kind: str
    effective_from: datetime.date
    upper_bound: Decimal | None  # income up to and including this; None = no upper bound
    percent: Decimal | None
    fixed_amount: Decimal | None
    min_amount: Decimal | None
    max_amount: Decimal | None


class RateTable:
    """The rate rows, loaded once per request; `rates(kind, month)` picks the table in
    force in that month (the latest `effective_from` not after it)."""

    def __init__(self, rows: Iterable[Rate]) -> None:
        self.rows = sorted(rows, key=lambda r: (r.kind, r.effective_from))

    def rates(self, kind: str, month: datetime.date) -> list[Rate]:
        mine = [r for r in self.rows if r.kind == kind and r.effective_from <= month]
        if not mine:
            return []
        latest = max(r.effective_from for r in mine)
        return sorted((r for r in mine if r.effective_from == latest),
                      key=lambda r: (r.upper_bound is None, r.upper_bound or 0))

    def band(self, kind: str, month: datetime.date, income: Decimal | None) -> Rate | None:
        rates = self.rates(kind, month)
        if kind in INCOME_KINDS:
            if income is None:
                return None
            for r in rates:
                if r.upper_bound is None or income <= r.upper_bound:
                    return r
            return None
        return rates[0] if rates else None

    def due(self, kind: str, month: datetime.date, income: Decimal | None, fixed: Decimal | None) -> Decimal | None:
        """The monthly amount due, or None when no rate applies (no base, no table)."""
        rate = self.band(kind, month, income)
        if rate is None:
            return None
        if rate.percent is not None:
            return (Decimal(income or 0) * rate.percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        if rate.min_amount is not None and rate.max_amount is not None:
            # 农民党员每月0.2元至1元: the member's chosen amount, within the range
            chosen = fixed if fixed is not None else rate.min_amount
            return min(max(chosen, rate.min_amount), rate.max_amount).quantize(CENT)
        return (rate.fixed_amount or Decimal(0)).quantize(CENT)

    def describe(self, kind: str, month: datetime.date, income: Decimal | None) -> str:
        rate = self.band(kind, month, income)
        if rate is None:
            return "未核定"
        if rate.percent is not None:
            return f"{rate.percent.normalize()}%"
        if rate.min_amount is not None:
            return f"{rate.min_amount}–{rate.max_amount}元"
        return f"{rate.fixed_amount}元"
