"""County-variable numbers of assessments, as settings readable from the environment.
Each is a *default*: a county changes it without touching code."""

from __future__ import annotations

import os
from decimal import Decimal

from django.conf import settings


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
