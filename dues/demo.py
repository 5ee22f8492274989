"""Demo dues for `manage.py seed_demo`: a base for every member on the roll of a demo
branch (kind from the branch's field: farmers in villages, wages in organs, schools and
hospitals, pensions among older community members), and the payments of the current and
previous year — most members monthly, some in advance, a few falling behind (5–8 months,
so the arrears list and 党章第九条 flag show).

Deterministic (one `random.Random` per member, seeded from the seed and the member's
ID-number index), idempotent (members who already have a base are skipped) and bulk-written,
with one audit row (CREATE, extra "demo") for the whole seeding."""

from __future__ import annotations

import contextlib
import datetime
import random
from decimal import Decimal
from typing import Any, Iterator

from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record
from core.bulkload import bulk_load, copy_rows
from members.models import Member
from organizations.rules import Field

from .choices import BaseKind, Entry
from .models import DuesBase, DuesPayment
from .rules import add_months, first_of_month
from .selectors import rate_table

DEMO_PREFIX = "DEMO-C"
BULK_LOAD_ROWS = 500_000
PAYMENT_COLUMNS = ["member_id", "organization_id", "month", "entry", "amount", "amount_due", "paid_on", "is_reversed",
                   "reason", "created_at"]
WAGE_FIELDS = (Field.ORGAN, Field.INSTITUTION, Field.SCHOOL, Field.HOSPITAL, Field.STATE_ENTERPRISE)


def _base(rng: random.Random, member: Member, today: datetime.date) -> tuple[str, Decimal | None, Decimal | None]:
    field = member.organization.field
    age = member.age(today)
    if age >= 60 and rng.random() < 0.85:
        return BaseKind.RETIRED, Decimal(rng.randrange(2600, 7800, 50)), None
    if field in WAGE_FIELDS or field == Field.PRIVATE_ENTERPRISE:
        low, high = (3200, 12500) if field in WAGE_FIELDS else (2600, 9000)
        return BaseKind.EMPLOYED, Decimal(rng.randrange(low, high, 10)), None
    if field == Field.VILLAGE:
        if rng.random() < 0.8:
            return BaseKind.FARMER, None, rng.choice([Decimal("0.20"), Decimal("0.50"), Decimal("1.00")])
        return BaseKind.EMPLOYED, Decimal(rng.randrange(2200, 5200, 10)), None
    kind = rng.choices([BaseKind.EMPLOYED, BaseKind.UNEMPLOYED, BaseKind.RELIEF, BaseKind.STUDENT], [80, 10, 5, 5])[0]
    return kind, (Decimal(rng.randrange(2500, 8000, 10)) if kind == BaseKind.EMPLOYED else None), None


def seed(*, scale: str, rng_seed: int, stdout: Any) -> None:
    today = datetime.date.today()
    stamp = timezone.now().isoformat()
    this_month = first_of_month(today)
    start = datetime.date(today.year - 1, 1, 1)
    members = list(Member.objects.active().filter(organization__code__startswith=DEMO_PREFIX, dues_bases__isnull=True)
                   .select_related("organization").order_by("id"))
    if not members:
        stdout.write("党费：演示数据已存在（或没有演示党员），跳过。")
        return
    table = rate_table()
    bases: list[DuesBase] = []

    def payments() -> Iterator[tuple]:
        """COPY rows in PAYMENT_COLUMNS order, generated as they are written (a city has ~3
        million: never all in memory); each member's base is collected on the way."""
        for m in members:
            rng = random.Random(f"{rng_seed}:dues:{m.id_number_index}")
            kind, income, fixed = _base(rng, m, today)
            since = max(start, first_of_month(m.join_date))
            bases.append(DuesBase(member=m, kind=kind, monthly_income=income, fixed_amount=fixed, effective_from=since,
                                  note="演示数据"))
            habit = rng.random()
            if habit < 0.06:
                last = add_months(this_month, -rng.randint(6, 9))  # 6–8 months behind: 党章第九条
            elif habit < 0.12:
                last = add_months(this_month, -rng.randint(4, 5))  # falling behind
            elif habit < 0.25:
                last = add_months(this_month, rng.randint(0, 5))  # paid ahead
            else:
                last = add_months(this_month, -rng.choice([0, 1]))
            month = since
            while month <= last:
                due = table.due(kind, month, income, fixed)
                if due:
                    paid_on = min(today, month + datetime.timedelta(days=rng.randint(3, 25)))
                    if month > this_month:  # an advance is paid together with the current month
                        paid_on = min(today, this_month + datetime.timedelta(days=rng.randint(3, 10)))
                    yield (m.pk, m.organization_id, month, Entry.PAYMENT.value, due, due, paid_on, False, "", stamp)
                month = add_months(month, 1)

    with transaction.atomic():
        # COPY (and, for a city, indexes rebuilt once) instead of millions of INSERT rows;
        # about a year and a half of months per member decides whether to rebuild indexes
        table_name = DuesPayment._meta.db_table
        with bulk_load([table_name]) if len(members) * 18 > BULK_LOAD_ROWS else contextlib.nullcontext():
            written = copy_rows(table_name, PAYMENT_COLUMNS, payments())
        DuesBase.objects.bulk_create(bases, batch_size=5000)
        audit_record(action=AuditAction.CREATE, extra={"demo": "dues", "bases": len(bases), "payments": written})
    stdout.write(f"党费：核定基数 {len(bases)} 人，交纳记录 {written} 条。")
