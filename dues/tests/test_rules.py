import datetime
from decimal import Decimal

import pytest

from dues.selectors import rate_table

M = datetime.date(2025, 6, 1)


@pytest.mark.parametrize("income,expected", [
    ("3000.00", "15.00"), ("3000.01", "30.00"), ("5000.00", "50.00"), ("5000.01", "75.00"),
    ("10000.00", "150.00"), ("10000.01", "200.00"), ("0", "0.00"), ("4321.50", "43.22"),
])
def test_employed_rate_at_each_threshold(db, income, expected):
    assert rate_table().due("employed", M, Decimal(income), None) == Decimal(expected)


@pytest.mark.parametrize("income,expected", [("5000.00", "25.00"), ("5000.01", "50.00"), ("2800", "14.00")])
def test_retired_rate_at_the_threshold(db, income, expected):
    assert rate_table().due("retired", M, Decimal(income), None) == Decimal(expected)


@pytest.mark.parametrize("kind", ["student", "unemployed", "relief"])
def test_fixed_twenty_fen(db, kind):
    assert rate_table().due(kind, M, None, None) == Decimal("0.20")


def test_farmer_pays_the_chosen_amount_within_the_range(db):
    table = rate_table()
    assert table.due("farmer", M, None, Decimal("0.50")) == Decimal("0.50")
    assert table.due("farmer", M, None, None) == Decimal("0.20")


def test_a_later_table_applies_from_its_effective_date(db):
    from dues.models import DuesRate

    DuesRate.objects.create(kind="student", effective_from=datetime.date(2026, 1, 1), fixed_amount=Decimal("0.50"))
    table = rate_table()
    assert table.due("student", datetime.date(2025, 12, 1), None, None) == Decimal("0.20")
    assert table.due("student", datetime.date(2026, 1, 1), None, None) == Decimal("0.50")


def test_no_rate_before_the_first_table(db):
    assert rate_table().due("employed", datetime.date(2000, 1, 1), Decimal(1000), None) is None
