from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from dues.services import ledger as services
from members.tests.factories import MemberFactory

D = datetime.date


def member_with_base(org: Any, *, kind: str = "employed", income: str | None = "4000", fixed: str | None = None,
                     since: D = D(2025, 1, 1), joined: D = D(2010, 7, 1), **extra: Any):  # type: ignore[no-untyped-def]
    m = MemberFactory(organization=org, join_date=joined, full_member_date=D(joined.year + 1, joined.month, joined.day),
                      **extra)
    services.base_set(member=m, actor=None, kind=kind, effective_from=since,
                      monthly_income=Decimal(income) if income is not None else None,
                      fixed_amount=Decimal(fixed) if fixed is not None else None)
    return m
