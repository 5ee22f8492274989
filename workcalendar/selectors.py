"""Reads of the official calendar (工作日历).

Working days: Monday–Friday, less the public holidays, plus the weekend days that are
working days (调休上班), as kept in `CalendarDay`. A date not in the table follows
Monday–Friday (a year whose arrangement is not entered yet). Each function reads the table
once for the whole range it needs; other apps count working days through these.

The pages' reads: a year's days, its festivals at a glance, a month grid."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractYear

from .models import CalendarDay

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def weekday_default(day: D) -> bool:
    """Without an entry in the calendar, Monday–Friday are working days."""
    return day.weekday() < 5


def overrides(start: D, end: D) -> dict[D, bool]:
    """{date: is_workday} of the calendar's entries from start to end inclusive (one query)."""
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_workday"))


def _monday_to_friday(start: D, end: D) -> int:
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for i in range(rest):
        if weekday_default(start + datetime.timedelta(days=weeks * 7 + i)):
            count += 1
    return count


def is_workday(day: D) -> bool:
    found = overrides(day, day)
    return found.get(day, weekday_default(day))


def working_days(start: D, end: D) -> int:
    """Working days from start to end, both included (0 when end is before start)."""
    if end < start:
        return 0
    count = _monday_to_friday(start, end)
    for day, workday in overrides(start, end).items():
        if workday != weekday_default(day):
            count += 1 if workday else -1
    return count


def add_working_days(day: D, n: int) -> D:
    """The n-th working day after `day` (`day` itself not counted); `day` when n is 0.
    So a period starting on `start` holds n working days on `add_working_days(start - 1 day, n)`."""
    if n < 0:
        raise ValueError("n must not be negative")
    found = 0
    current = day
    # 7 calendar days hold 5 working days; the longest official holiday is 9 days
    window = n * 7 // 5 + 21
    while found < n:
        table = overrides(current + ONE_DAY, current + datetime.timedelta(days=window))
        for _ in range(window):
            current += ONE_DAY
            if table.get(current, weekday_default(current)):
                found += 1
                if found == n:
                    break
    return current


# --- the pages' reads ----------------------------------------------------------------------

WEEKDAYS = "一二三四五六日"


def weekday_label(day: datetime.date) -> str:
    return "周" + WEEKDAYS[day.weekday()]  # as CalendarDay.weekday_label


def year_days(year: int, *, kind: str = "", q: str = "") -> QuerySet[CalendarDay]:
    qs = CalendarDay.objects.filter(date__year=year)
    if kind == "holiday":
        qs = qs.filter(is_workday=False)
    elif kind == "workday":
        qs = qs.filter(is_workday=True)
    if q:
        qs = qs.filter(Q(name__icontains=q))
    return qs.order_by("date")


def known_years() -> list[int]:
    return list(CalendarDay.objects.annotate(y=ExtractYear("date")).values_list("y", flat=True).distinct().order_by("y"))


@dataclass
class Festival:
    name: str
    holidays: list[datetime.date] = field(default_factory=list)
    workdays: list[datetime.date] = field(default_factory=list)

    @property
    def holiday_text(self) -> str:
        return "、".join(_ranges(self.holidays))

    @property
    def workday_text(self) -> str:
        return "、".join(f"{d.month}月{d.day}日（{weekday_label(d)}）" for d in self.workdays)


def _ranges(days: list[datetime.date]) -> list[str]:
    """Consecutive days as 10月1日至10月8日（共8天）."""
    out: list[str] = []
    start = prev = None
    for day in sorted(days) + [None]:  # type: ignore[list-item]
        if start is not None and (day is None or (day - prev).days != 1):
            count = (prev - start).days + 1
            text = f"{start.month}月{start.day}日"
            out.append(text + (f"至{prev.month}月{prev.day}日（共{count}天）" if count > 1 else ""))
            start = None
        if day is not None and start is None:
            start = day
        prev = day
    return out


def festivals(days: list[CalendarDay]) -> list[Festival]:
    """The year's arrangement as the State Council's notice reads: per festival, the days
    off and the weekend days worked, in the order of the first date."""
    by_name: dict[str, Festival] = {}
    for d in days:
        fest = by_name.setdefault(d.name or "（未命名）", Festival(d.name or "（未命名）"))
        (fest.workdays if d.is_workday else fest.holidays).append(d.date)
    return list(by_name.values())


def month_grid(year: int, days: list[CalendarDay]) -> list[dict[str, Any]]:
    """Twelve months, Monday-first weeks; each cell: date, in month, and its kind
    (holiday / workday (调休上班) / weekend / "")."""
    entry = {d.date: d for d in days}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                found = entry.get(day)
                if found is not None:
                    kind = "workday" if found.is_workday else "holiday"
                else:
                    kind = "weekend" if day.weekday() >= 5 else ""
                cells.append({"date": day, "in_month": day.month == month, "kind": kind,
                              "title": str(found) if found else "", "pk": found.pk if found else None})
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months
