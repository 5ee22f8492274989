import datetime

import pytest

from development.rules import add_months, working_days

D = datetime.date


@pytest.mark.parametrize("day,months,expected", [
    (D(2021, 1, 31), 1, D(2021, 2, 28)), (D(2020, 1, 31), 1, D(2020, 2, 29)), (D(2021, 5, 28), 12, D(2022, 5, 28)),
    (D(2021, 11, 15), 3, D(2022, 2, 15)), (D(2024, 2, 29), 12, D(2025, 2, 28)),
])
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("start,end,expected", [
    (D(2021, 5, 17), D(2021, 5, 21), 5),  # Monday to Friday
    (D(2021, 5, 19), D(2021, 5, 25), 5),  # Wednesday to next Tuesday, over a weekend
    (D(2021, 5, 19), D(2021, 5, 24), 4),
    (D(2021, 5, 22), D(2021, 5, 23), 0),  # a weekend only
    (D(2021, 5, 21), D(2021, 5, 20), 0),
])
def test_working_days_skip_weekends(db, start, end, expected):
    assert working_days(start, end) == expected


@pytest.mark.parametrize("start,end,expected", [
    (D(2025, 9, 29), D(2025, 10, 9), 3),  # 国庆节、中秋节 10月1日至8日放假: Monday–Friday would say 9
    (D(2025, 10, 9), D(2025, 10, 14), 5),  # 10月11日（周六）上班: Monday–Friday would say 4
])
def test_working_days_follow_the_official_calendar(db, start, end, expected):
    assert working_days(start, end) == expected
