"""Dues 党费 rules as small pure functions over the rate table (rows of DuesRate).

Source: 中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》(2008). The national
table ships as data (migration 0002) with its effective date; a later table is a new
set of rows with a later `effective_from`, never an edit of the old ones."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable, Sequence

from .choices import BaseKind

CENT = Decimal("0.01")


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


# --- rate sets 一组党费标准 ---------------------------------------------------------------------
# A rate set is every row of the rate table with one effective date. The table in force in a
# month is the latest set not after it (RateTable above). These are the pure rules a set must
# satisfy as a whole before it is written (services/rates.py checks them again).

# 中组发〔2008〕3号: the fixed-amount kinds and the farmers' self-declared range.
RANGE_KINDS = (BaseKind.FARMER,)
FIXED_KINDS = (BaseKind.STUDENT, BaseKind.UNEMPLOYED, BaseKind.RELIEF)
KIND_LABELS = {
    BaseKind.EMPLOYED: "在岗职工", BaseKind.RETIRED: "离退休人员", BaseKind.FARMER: "农民党员",
    BaseKind.STUDENT: "学生党员", BaseKind.UNEMPLOYED: "下岗失业党员", BaseKind.RELIEF: "依靠救济党员",
}
KIND_ORDER = {k: i for i, k in enumerate(BaseKind.values)}


@dataclass(frozen=True)
class RateRow:
    """One band as entered: the row number on the form is its index in the list."""

    kind: str
    upper_bound: Decimal | None = None
    percent: Decimal | None = None
    fixed_amount: Decimal | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None


def yuan(value: Decimal) -> str:
    """3000.00 → "3000", 0.20 → "0.2" (labels and messages)."""
    return format(value.normalize(), "f")


def band_label(lower: Decimal | None, upper: Decimal | None, kind: str) -> str:
    """收入档次 as people say it: 3000元及以下 / 3000–5000元 / 10000元以上 / 不分档."""
    if kind not in INCOME_KINDS:
        return "不分档"
    if upper is None:
        return f"{yuan(lower)}元以上" if lower is not None else "不分档"
    if lower is None:
        return f"{yuan(upper)}元及以下"
    return f"{yuan(lower)}–{yuan(upper)}元"


def rule_label(row: Any) -> str:
    if row.percent is not None:
        return f"{yuan(row.percent)}%"
    if row.min_amount is not None and row.max_amount is not None:
        return f"每月{row.min_amount}–{row.max_amount}元（本人自报）"
    if row.fixed_amount is not None:
        return f"每月{row.fixed_amount}元"
    return "—"


def sort_key(row: Any) -> tuple[int, bool, Decimal]:
    return KIND_ORDER.get(row.kind, 99), row.upper_bound is None, row.upper_bound or Decimal(0)


def _row_errors(row: RateRow) -> list[str]:
    errors: list[str] = []
    has_range = row.min_amount is not None or row.max_amount is not None
    rules = sum([row.percent is not None, row.fixed_amount is not None, has_range])
    if rules == 0:
        errors.append("请填写交纳比例、固定金额或金额区间中的一种。")
    elif rules > 1:
        errors.append("每一档只能填写交纳比例、固定金额或金额区间中的一种。")
    if row.percent is not None and not Decimal(0) < row.percent <= Decimal(100):
        errors.append("交纳比例须大于 0 且不超过 100（%）。")
    if row.fixed_amount is not None and row.fixed_amount <= 0:
        errors.append("固定金额须大于零。")
    if has_range:
        if row.min_amount is None or row.max_amount is None:
            errors.append("金额区间须同时填写最低金额和最高金额。")
        elif row.min_amount <= 0:
            errors.append("最低金额须大于零。")
        elif row.min_amount > row.max_amount:
            errors.append("最低金额不能高于最高金额。")
    if row.upper_bound is not None and row.upper_bound <= 0:
        errors.append("收入上限须大于零。")
    return errors


def _kind_errors(kind: str, rows: list[tuple[int, RateRow]]) -> tuple[dict[int, list[str]], list[str]]:
    """Rules for the rows of one kind; rows are (form index, row) in entry order."""
    label = KIND_LABELS.get(kind, kind)
    by_row: dict[int, list[str]] = {}
    whole: list[str] = []
    if kind in INCOME_KINDS:
        # 按收入分档: bands from 0 upward, each band's lower bound the one below's upper bound
        # (so they are contiguous by construction); bounds strictly increasing, the top open.
        for i, row in rows:
            if row.min_amount is not None or row.max_amount is not None:
                by_row.setdefault(i, []).append(f"{label}按收入比例交纳，不能设金额区间。")
        open_rows = [i for i, r in rows if r.upper_bound is None]
        if not open_rows:
            whole.append(f"{label}：最高一档的收入上限须留空（表示以上），否则收入更高的党员没有适用标准。")
        for i in open_rows[1:]:
            by_row.setdefault(i, []).append(f"{label}只能有一档不设收入上限。")
        seen: dict[Decimal, int] = {}
        for i, row in rows:
            if row.upper_bound is not None:
                if row.upper_bound in seen:
                    by_row.setdefault(i, []).append(f"{label}：收入上限 {yuan(row.upper_bound)} 元重复。")
                seen.setdefault(row.upper_bound, i)
        # 按工资收入分档递增: a higher band never pays a lower percentage (bad percents are told apart).
        ordered = [ir for ir in sorted(rows, key=lambda ir: sort_key(ir[1]))
                   if ir[1].percent is not None and Decimal(0) < ir[1].percent <= 100]
        for (_, low), (i, high) in zip(ordered, ordered[1:]):
            if high.percent < low.percent:
                by_row.setdefault(i, []).append(
                    f"{label}：收入更高的一档交纳比例（{yuan(high.percent)}%）不能低于前一档（{yuan(low.percent)}%）。")
        return by_row, whole
    # Not by income: exactly one row, no upper bound.
    if len(rows) > 1:
        whole.append(f"{label}不按收入分档，只能填写一行。")
    for i, row in rows:
        if row.upper_bound is not None:
            by_row.setdefault(i, []).append(f"{label}不按收入分档，收入上限须留空。")
        if kind in RANGE_KINDS and (row.percent is not None or row.fixed_amount is not None):
            by_row.setdefault(i, []).append(f"{label}须填写金额区间（最低、最高金额），由本人在区间内自报。")
        if kind in FIXED_KINDS and (row.percent is not None or row.min_amount is not None or row.max_amount is not None):
            by_row.setdefault(i, []).append(f"{label}须填写固定金额（元/月）。")
    return by_row, whole


def check_rows(rows: Sequence[RateRow]) -> tuple[dict[int, list[str]], list[str]]:
    """Errors of a whole set: ({row index: messages}, messages about the set). Empty when valid.
    A set is complete: every kind of member has its rows, so the set in force is one table."""
    by_row: dict[int, list[str]] = {}
    whole: list[str] = []
    groups: dict[str, list[tuple[int, RateRow]]] = {}
    for i, row in enumerate(rows):
        if row.kind not in BaseKind.values:
            by_row.setdefault(i, []).append("请选择党员类别。")
            continue
        errors = _row_errors(row)
        if errors:
            by_row.setdefault(i, []).extend(errors)
        groups.setdefault(row.kind, []).append((i, row))
    if not rows:
        whole.append("请至少填写一行标准。")
    missing = [KIND_LABELS[k] for k in BaseKind.values if k not in groups]
    if rows and missing:
        whole.append(f"缺少{'、'.join(missing)}的标准：一组标准须包括全部党员类别。")
    for kind, kind_rows in groups.items():
        row_errors, set_errors = _kind_errors(kind, kind_rows)
        for i, messages in row_errors.items():
            by_row.setdefault(i, []).extend(messages)
        whole.extend(set_errors)
    return by_row, whole


@dataclass
class RateSet:
    """The rows of one effective date, with the place of the set among the others."""

    effective_from: datetime.date
    rows: list  # DuesRate rows, ordered by kind then upper bound
    next_from: datetime.date | None = None  # the next set's date: this set is in force until the day before
    used: bool = False  # payments exist for months in [effective_from, next_from)
    in_force: bool = False  # the set in force today

    @property
    def source(self) -> str:
        return next((r.source for r in self.rows if r.source), "")

    def is_future(self, today: datetime.date) -> bool:
        return self.effective_from > today

    def can_change(self, today: datetime.date) -> bool:
        """Only an unused set that has not taken effect may be edited or deleted; any
        other is superseded by a newer set."""
        return self.is_future(today) and not self.used

    def status(self, today: datetime.date) -> str:
        if self.in_force:
            return "现行"
        return "待生效" if self.is_future(today) else "已被取代"


def group_sets(rows: Iterable, today: datetime.date) -> list[RateSet]:
    """DuesRate rows → rate sets, newest first, with `next_from` and `in_force` set
    (`used` is filled by the selector, which asks the payments)."""
    by_date: dict[datetime.date, list] = {}
    for row in rows:
        by_date.setdefault(row.effective_from, []).append(row)
    dates = sorted(by_date)
    sets = []
    for n, day in enumerate(dates):
        band_rows = sorted(by_date[day], key=sort_key)
        _label_bands(band_rows)
        sets.append(RateSet(effective_from=day, rows=band_rows, next_from=dates[n + 1] if n + 1 < len(dates) else None))
    current = [s for s in sets if s.effective_from <= today]
    if current:
        current[-1].in_force = True
    return list(reversed(sets))


def _label_bands(rows: list) -> None:
    """Give each DuesRate row `band` (收入档次) and `rule` labels for pages and exports."""
    lower: Decimal | None = None
    kind = None
    for row in rows:
        if row.kind != kind:
            kind, lower = row.kind, None
        row.band = band_label(lower, row.upper_bound, row.kind)
        row.lower_bound = lower
        row.rule = rule_label(row)
        lower = row.upper_bound
