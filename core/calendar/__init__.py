"""Working days by the official calendar: Monday–Friday, less the public holidays, plus the
weekend days that are working days (调休上班), as kept in `core.models.CalendarDay`. A date
not in the table follows Monday–Friday (a year whose arrangement is not entered yet).

Each function reads the table once for the whole range it needs."""

from __future__ import annotations

import datetime

from core.models import CalendarDay

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
