from decimal import Decimal as D

from assessments import rules
from assessments.choices import ItemKind, ReviewResult


def test_full_marks_count_only_basic_items():
    assert rules.full_marks([(ItemKind.BASIC, D(60)), (ItemKind.BASIC, D(40)), (ItemKind.BONUS, D(5)),
                               (ItemKind.DEDUCTION, D(10))]) == D(100)


def test_deductions_subtract_and_total_never_goes_below_zero():
    assert rules.raw_total([(ItemKind.BASIC, D(50)), (ItemKind.BONUS, D(3)), (ItemKind.DEDUCTION, D(4))]) == D(49)
    assert rules.raw_total([(ItemKind.BASIC, D(2)), (ItemKind.DEDUCTION, D(10))]) == D(0)


def test_step_score_is_on_a_hundred_point_scale_rounded_half_up():
    # 2/3 of 90 marks = 66.666… → 66.67 ; 0.125 → 0.13 (half-up, not banker's rounding)
    assert rules.on_hundred(D(60), D(90)) == D("66.67")
    assert rules.round2(D("0.125")) == D("0.13")


def test_public_score_weighs_basically_satisfied_by_its_credit():
    # (7×100 + 2×60 + 1×0) / 10 = 82
    assert rules.public_score(7, 2, 1, D(60)) == D("82.00")
    assert rules.public_score(0, 0, 0, D(60)) == D(0)


def test_final_is_weighted_sum_rounded_once():
    # 0.2×85.55 + 0.4×82.35 + 0.4×90.05 = 17.11 + 32.94 + 36.02 = 86.07
    assert rules.weighted_final((D("85.55"), D("82.35"), D("90.05")), (D(20), D(40), D(40))) == D("86.07")
    # rounding once: 1/3 weights of 3 × 33.335 = 33.335 → 33.34 (summing rounded products would give 33.33)
    third = D(100) / 3
    assert rules.weighted_final((D("33.335"),) * 3, (third, third, third)) == D("33.34")


def test_result_thresholds():
    assert rules.result_for(D("79.99"), D(80), D(90)) == ReviewResult.FAILED
    assert rules.result_for(D(80), D(80), D(90)) == ReviewResult.PASSED
    assert rules.result_for(D(90), D(80), D(90)) == ReviewResult.EXCELLENT


def test_mean_of_reviewers():
    assert rules.mean([D(90), D("85.5"), D(80)]) == D("85.17")
