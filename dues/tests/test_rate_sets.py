"""The rules a rate set satisfies as a whole (dues/rules.py), without the database."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from dues.rules import Rate, RateRow, check_rows, group_sets

D = datetime.date


def national() -> list[RateRow]:
    """The 2008 national table as form rows."""
    P = Decimal
    return [
        RateRow("employed", P("3000"), percent=P("0.5")), RateRow("employed", P("5000"), percent=P("1")),
        RateRow("employed", P("10000"), percent=P("1.5")), RateRow("employed", None, percent=P("2")),
        RateRow("retired", P("5000"), percent=P("0.5")), RateRow("retired", None, percent=P("1")),
        RateRow("farmer", None, min_amount=P("0.2"), max_amount=P("1")),
        RateRow("student", None, fixed_amount=P("0.2")), RateRow("unemployed", None, fixed_amount=P("0.2")),
        RateRow("relief", None, fixed_amount=P("0.2")),
    ]


def errors_of(rows: list[RateRow]) -> str:
    by_row, whole = check_rows(rows)
    return " ".join([*whole, *(m for ms in by_row.values() for m in ms)])


def with_row(i: int, **changes) -> list[RateRow]:
    rows = national()
    rows[i] = replace(rows[i], **changes)
    return rows


def test_the_national_table_is_a_valid_set():
    assert check_rows(national()) == ({}, [])


def test_bands_may_be_entered_in_any_order():
    assert check_rows(list(reversed(national()))) == ({}, [])


def test_every_kind_is_needed():
    rows = [r for r in national() if r.kind not in ("student", "relief")]
    assert "缺少学生党员、依靠救济党员的标准" in errors_of(rows)


def test_an_empty_set_is_refused():
    assert "请至少填写一行标准" in errors_of([])


@pytest.mark.parametrize("percent", ["0", "-1", "100.01", "150"])
def test_percent_must_be_within_0_and_100(percent):
    assert "交纳比例须大于 0 且不超过 100" in errors_of(with_row(1, percent=Decimal(percent)))


def test_percent_of_100_is_allowed_by_the_range_rule():
    rows = with_row(3, percent=Decimal("100"))
    assert "交纳比例须大于 0" not in errors_of(rows)


def test_exactly_one_of_percent_fixed_or_range():
    assert "只能填写交纳比例、固定金额或金额区间中的一种" in errors_of(with_row(0, fixed_amount=Decimal("1")))
    assert "请填写交纳比例、固定金额或金额区间中的一种" in errors_of(with_row(0, percent=None))


def test_row_errors_name_the_row():
    by_row, _ = check_rows(with_row(2, percent=Decimal("120")))
    assert list(by_row) == [2]


def test_income_bands_need_increasing_distinct_bounds_and_an_open_top():
    assert "收入上限 5000 元重复" in errors_of(with_row(2, upper_bound=Decimal("5000")))
    assert "最高一档的收入上限须留空" in errors_of(with_row(3, upper_bound=Decimal("20000")))
    assert "只能有一档不设收入上限" in errors_of(with_row(2, upper_bound=None))
    assert "收入上限须大于零" in errors_of(with_row(0, upper_bound=Decimal("0")))


def test_a_higher_band_may_not_pay_a_lower_percent():
    assert "不能低于前一档（1%）" in errors_of(with_row(2, percent=Decimal("0.8")))


def test_income_kinds_have_no_range():
    assert "按收入比例交纳，不能设金额区间" in errors_of(with_row(0, percent=None, min_amount=Decimal("1"),
                                                                max_amount=Decimal("2")))


def test_farmers_declare_within_a_range():
    assert "农民党员须填写金额区间" in errors_of(with_row(6, min_amount=None, max_amount=None, fixed_amount=Decimal("1")))
    assert "最低金额不能高于最高金额" in errors_of(with_row(6, min_amount=Decimal("2")))
    assert "须同时填写最低金额和最高金额" in errors_of(with_row(6, max_amount=None))


def test_fixed_kinds_take_one_unbounded_fixed_row():
    assert "学生党员须填写固定金额" in errors_of(with_row(7, fixed_amount=None, percent=Decimal("1")))
    assert "学生党员不按收入分档，收入上限须留空" in errors_of(with_row(7, upper_bound=Decimal("100")))
    assert "学生党员不按收入分档，只能填写一行" in errors_of([*national(), RateRow("student", None, fixed_amount=Decimal("1"))])
    assert "固定金额须大于零" in errors_of(with_row(8, fixed_amount=Decimal("0")))


def test_unknown_kind_is_refused():
    assert "请选择党员类别" in errors_of([*national(), RateRow("", None, percent=Decimal("1"))])


class Row:
    """Stands in for a DuesRate row in group_sets."""

    def __init__(self, day: datetime.date, r: RateRow) -> None:
        self.effective_from, self.source = day, "文件"
        self.kind, self.upper_bound, self.percent = r.kind, r.upper_bound, r.percent
        self.fixed_amount, self.min_amount, self.max_amount = r.fixed_amount, r.min_amount, r.max_amount

    def as_rate(self) -> Rate:
        return Rate(self.kind, self.effective_from, self.upper_bound, self.percent, self.fixed_amount,
                    self.min_amount, self.max_amount)


def test_sets_are_grouped_newest_first_with_the_one_in_force_marked():
    rows = [Row(day, r) for day in (D(2008, 4, 1), D(2026, 7, 1), D(2027, 1, 1)) for r in national()]
    sets = group_sets(rows, today=D(2026, 9, 30))
    assert [s.effective_from for s in sets] == [D(2027, 1, 1), D(2026, 7, 1), D(2008, 4, 1)]
    assert [s.in_force for s in sets] == [False, True, False]
    assert [s.next_from for s in sets] == [None, D(2027, 1, 1), D(2026, 7, 1)]
    assert [s.status(D(2026, 9, 30)) for s in sets] == ["待生效", "现行", "已被取代"]
    employed = [(r.band, r.rule) for r in sets[0].rows if r.kind == "employed"]
    assert employed == [("3000元及以下", "0.5%"), ("3000–5000元", "1%"), ("5000–10000元", "1.5%"),
                        ("10000元以上", "2%")]
    farmer = next(r for r in sets[0].rows if r.kind == "farmer")
    assert (farmer.band, farmer.rule) == ("不分档", "每月0.2–1元（本人自报）")
