import datetime
from decimal import Decimal

from assessments import calculators

from .factories import MemberFactory


def test_registry_registers_and_unregisters_by_code():
    calculators.CALCULATORS.register(calculators.Calculator(
        "test.all_held", "三会一课全年按要求召开", lambda org, year: calculators.Computed(Decimal("0.75"), "应开12次，已开9次")))
    try:
        assert ("test.all_held", "三会一课全年按要求召开") in calculators.choices()
    finally:
        calculators.CALCULATORS.unregister("test.all_held")
    assert calculators.CALCULATORS.get("test.all_held") is None


def test_unknown_code_computes_nothing(world):
    assert calculators.compute("absent.not_installed", world.branch_a1, 2025) is None


def test_the_demo_sheet_codes_are_all_registered():
    from assessments.demo import ITEMS

    assert {code for *_, code in ITEMS if code} <= {code for code, _ in calculators.choices()}


def test_ratio_is_clamped(world):
    calculators.CALCULATORS.register(
        calculators.Calculator("test.over", "超出", lambda org, year: calculators.Computed(Decimal(3), "x")))
    try:
        assert calculators.compute("test.over", world.branch_a1, 2025).ratio == Decimal(1)
    finally:
        calculators.CALCULATORS.unregister("test.over")


def test_developed_this_year_counts_members_admitted_in_the_year_with_records(world):
    new = MemberFactory(organization=world.branch_a1, join_date=datetime.date(2025, 7, 1), full_member_date=None,
                        category="probationary")
    MemberFactory(organization=world.branch_a1, join_date=datetime.date(2024, 7, 1), full_member_date=datetime.date(2025, 7, 1))
    MemberFactory(organization=world.branch_b1, join_date=datetime.date(2025, 3, 1), full_member_date=None)
    result = calculators.compute("members.developed_this_year", world.branch_a1, 2025)
    assert result.ratio == 1 and list(result.records) == [new]
    assert calculators.compute("members.developed_this_year", world.branch_a2, 2025).ratio == 0


def test_at_least_three_full_members(world):
    for _ in range(3):
        MemberFactory(organization=world.branch_a1)
    MemberFactory(organization=world.branch_a2)
    assert calculators.compute("members.at_least_three_full", world.branch_a1, 2025).ratio == 1
    assert calculators.compute("members.at_least_three_full", world.branch_a2, 2025).ratio == 0
