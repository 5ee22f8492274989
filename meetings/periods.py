"""Small pure functions on periods (month, quarter, year)."""

from __future__ import annotations

import datetime

from .choices import PeriodUnit


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clipped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def period_bounds(unit: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """[start, end) of the period of `unit` containing `day`."""
    if unit == PeriodUnit.MONTH:
        start = day.replace(day=1)
        return start, add_months(start, 1)
    if unit == PeriodUnit.QUARTER:
        start = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return start, add_months(start, 3)
    start = datetime.date(day.year, 1, 1)
    return start, datetime.date(day.year + 1, 1, 1)


def period_label(unit: str, start: datetime.date) -> str:
    """A stable key of a period: 2026-03, 2026-Q1, 2026."""
    if unit == PeriodUnit.MONTH:
        return f"{start:%Y-%m}"
    if unit == PeriodUnit.QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def period_display(unit: str, start: datetime.date) -> str:
    if unit == PeriodUnit.MONTH:
        return f"{start.year}年{start.month}月"
    if unit == PeriodUnit.QUARTER:
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    return f"{start.year}年"


def parse_label(label: str) -> tuple[str, datetime.date]:
    """Inverse of `period_label`."""
    if "-Q" in label:
        year, q = label.split("-Q")
        return PeriodUnit.QUARTER, datetime.date(int(year), (int(q) - 1) * 3 + 1, 1)
    if "-" in label:
        year, month = label.split("-")
        return PeriodUnit.MONTH, datetime.date(int(year), int(month), 1)
    return PeriodUnit.YEAR, datetime.date(int(label), 1, 1)


def full_months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole months from `earlier` to `later` (2025-01-15 → 2025-07-15 is 6)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day and add_months(earlier, months) > later:
        months -= 1
    return max(months, 0)


PERIOD_MONTHS = {PeriodUnit.MONTH: 1, PeriodUnit.QUARTER: 3, PeriodUnit.YEAR: 12}


def at_least_as_strict(period: str, count: int, base_period: str, base_count: int) -> bool:
    """Does "`count` per `period`" demand at least what "`base_count` per `base_period`"
    demands? A longer period is never as strict (4 a year may all fall in one quarter); a
    shorter one counts as many times as it fits in the base period (1 a month ⇒ 3 a quarter)."""
    months, base_months = PERIOD_MONTHS[PeriodUnit(period)], PERIOD_MONTHS[PeriodUnit(base_period)]
    return months <= base_months and count * (base_months // months) >= base_count
