"""workcalendar.selectors: working days by the official calendar seeded from the State Council's notices."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from workcalendar.models import CalendarDay
from workcalendar.selectors import add_working_days, is_workday, working_days

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", [D(2025, 10, d) for d in range(1, 9)])
def test_national_day_2025_is_eight_days_off(day):
    entry = CalendarDay.objects.get(date=day)
    assert not entry.is_workday and entry.name == "国庆节、中秋节"
    assert not is_workday(day)


@pytest.mark.parametrize("day", [D(2025, 9, 28), D(2025, 10, 11), D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27),
                                 D(2026, 2, 14), D(2026, 2, 28), D(2026, 9, 20), D(2026, 10, 10)])
def test_adjusted_weekend_workdays_are_working_days(day):
    assert day.weekday() >= 5 and is_workday(day)


def test_spring_festival_2026_is_nine_days_off_with_two_saturdays_worked():
    days = {d.date: d for d in CalendarDay.objects.filter(date__range=(D(2026, 2, 14), D(2026, 2, 28)))}
    assert [d for d in days if not days[d].is_workday] == [D(2026, 2, 15) + datetime.timedelta(days=i) for i in range(9)]
    assert {d for d in days if days[d].is_workday} == {D(2026, 2, 14), D(2026, 2, 28)}
    assert {days[d].name for d in days} == {"春节"}
    assert working_days(D(2026, 2, 14), D(2026, 2, 28)) == 6  # 14th, 24th–27th, 28th


def test_seed_sizes():
    assert CalendarDay.objects.filter(date__year=2025, is_workday=False).count() == 28
    assert CalendarDay.objects.filter(date__year=2025, is_workday=True).count() == 5
    assert CalendarDay.objects.filter(date__year=2026, is_workday=False).count() == 33
    assert CalendarDay.objects.filter(date__year=2026, is_workday=True).count() == 6


def test_working_days_across_national_day_2025():
    # Mon 09-29 .. Thu 10-09: nine Mondays–Fridays, but 10-01..10-08 are off
    assert working_days(D(2025, 9, 29), D(2025, 10, 9)) == 3
    # the whole stretch with both adjusted weekend days: 9-28 (Sun), 9-29, 9-30, 10-9, 10-10, 10-11 (Sat)
    assert working_days(D(2025, 9, 27), D(2025, 10, 12)) == 6


def test_working_days_across_an_adjusted_saturday():
    assert working_days(D(2025, 10, 10), D(2025, 10, 12)) == 2  # Fri and the Saturday worked
    assert working_days(D(2025, 10, 11), D(2025, 10, 11)) == 1
    assert working_days(D(2025, 10, 18), D(2025, 10, 19)) == 0  # an ordinary weekend


def test_years_without_an_arrangement_fall_back_to_monday_to_friday():
    assert working_days(D(2027, 9, 27), D(2027, 10, 8)) == 10
    assert is_workday(D(2027, 10, 1)) and not is_workday(D(2027, 10, 2))


def test_working_days_of_an_empty_range():
    assert working_days(D(2025, 10, 9), D(2025, 10, 8)) == 0


def test_working_days_reads_the_table_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert working_days(D(2025, 1, 1), D(2026, 12, 31)) == 248 + 248  # both years hold 248 working days


def test_add_working_days_skips_holidays_and_counts_adjusted_days():
    assert add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)  # Sunday worked
    assert add_working_days(D(2025, 9, 29), 5) == D(2025, 10, 13)  # 9-30, 10-9, 10-10, 10-11, 10-13
    assert add_working_days(D(2025, 9, 30), 0) == D(2025, 9, 30)
    assert add_working_days(D(2027, 1, 1), 60) == D(2027, 3, 26)  # no arrangement: Monday–Friday
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 1), -1)


def test_add_working_days_agrees_with_working_days():
    start = D(2025, 1, 20)
    for n in (1, 5, 20, 80):
        end = add_working_days(start - datetime.timedelta(days=1), n)
        assert working_days(start, end) == n and is_workday(end)


def test_database_refuses_a_weekday_marked_as_adjusted_workday():
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=D(2027, 1, 4), is_workday=True, name="")  # a Monday


def test_database_refuses_an_unnamed_holiday_and_a_duplicate_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=D(2027, 1, 1), is_workday=False, name="")
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=D(2025, 10, 1), is_workday=False, name="重复")
