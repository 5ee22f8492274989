"""Rules of assessments: the arithmetic of a 达标创优 review, as small pure functions, and the
county-variable numbers (weights, credits, caps, thresholds) as settings readable from the
environment.

Every step score is on a 100-point scale, rounded half-up to 2 decimals; the final score is the
weighted sum of the three step scores, rounded once more (never the sum of rounded products).
Each county-variable number is a *default*: a county changes it without touching code."""

from __future__ import annotations

import os
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

from django.conf import settings

from .choices import ItemKind, ReviewResult

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def full_marks(items: Iterable[tuple[str, Decimal]]) -> Decimal:
    """满分: the sum of the basic items' maximum points (bonus points may exceed it)."""
    return sum((m for kind, m in items if kind == ItemKind.BASIC), Decimal(0))


def raw_total(scored: Iterable[tuple[str, Decimal]]) -> Decimal:
    """Basic and bonus points added, deduction points subtracted, never below zero."""
    total = Decimal(0)
    for kind, points in scored:
        total += -points if kind == ItemKind.DEDUCTION else points
    return max(total, Decimal(0))


def on_hundred(total: Decimal, marks: Decimal) -> Decimal:
    if marks <= 0:
        return Decimal(0)
    return round2(total * HUNDRED / marks)


def mean(values: Sequence[Decimal]) -> Decimal:
    """Mean of the reviewers' step scores (each reviewer's scores are kept separately)."""
    return round2(sum(values, Decimal(0)) / len(values)) if values else Decimal(0)


def public_score(satisfied: int, basically: int, unsatisfied: int, basic_credit: Decimal) -> Decimal:
    """满意 counts 100, 基本满意 `basic_credit`, 不满意 0, averaged over respondents."""
    n = satisfied + basically + unsatisfied
    if n == 0:
        return Decimal(0)
    return round2((Decimal(satisfied) * HUNDRED + Decimal(basically) * basic_credit) / n)


def weighted_final(scores: tuple[Decimal, Decimal, Decimal], weights: tuple[Decimal, Decimal, Decimal]) -> Decimal:
    return round2(sum((s * w for s, w in zip(scores, weights)), Decimal(0)) / HUNDRED)


def result_for(final: Decimal, pass_threshold: Decimal, excellent_threshold: Decimal) -> str:
    if final < pass_threshold:
        return ReviewResult.FAILED
    return ReviewResult.EXCELLENT if final >= excellent_threshold else ReviewResult.PASSED


def points_for_ratio(ratio: Decimal, max_points: Decimal) -> Decimal:
    return round2(ratio * max_points)


# --- county-variable numbers ---------------------------------------------------------------

def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, os.environ.get(name, default)))


def default_weights() -> tuple[Decimal, Decimal, Decimal]:
    """Weights (percent) of self-assessment, public rating and organizational review for a
    new sheet. Seed 002 raises the public's weight: *default* 20 / 40 / 40."""
    parts = [Decimal(p.strip()) for p in _setting("ASSESSMENTS_DEFAULT_WEIGHTS", "20,40,40").split(",")]
    return parts[0], parts[1], parts[2]


def basic_satisfied_credit() -> Decimal:
    """Credit (percent) of one 基本满意 answer in the public rating; 满意 = 100, 不满意 = 0."""
    return Decimal(_setting("ASSESSMENTS_BASIC_SATISFIED_CREDIT", "60"))


def excellent_cap_percent() -> Decimal:
    """Cap on the share of 优秀 in a branch's democratic review of members (*default* 30%)."""
    return Decimal(_setting("ASSESSMENTS_EXCELLENT_CAP_PERCENT", "30"))


def default_pass_threshold() -> Decimal:
    return Decimal(_setting("ASSESSMENTS_PASS_THRESHOLD", "80"))


def default_excellent_threshold() -> Decimal:
    return Decimal(_setting("ASSESSMENTS_EXCELLENT_THRESHOLD", "90"))
