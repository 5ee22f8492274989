"""The dues tally (DuesTally) is kept by database triggers: after every kind of write to
the ledger it equals the aggregate of the payments themselves."""

from decimal import Decimal

from django.db import connection

from dues.choices import Entry
from dues.models import DuesPayment, DuesTally
from dues.services import ledger as services

from .factories import D, member_with_base

TODAY = D(2025, 11, 20)


def ledger() -> dict[tuple[int, int, int], tuple[Decimal, int]]:
    with connection.cursor() as c:
        c.execute("""SELECT organization_id, member_id, extract(year FROM month)::int, sum(amount),
                            count(*) FILTER (WHERE entry = 'payment' AND NOT is_reversed)
                     FROM dues_duespayment GROUP BY 1, 2, 3""")
        return {(o, m, y): (a, n) for o, m, y, a, n in c.fetchall()}


def tally() -> dict[tuple[int, int, int], tuple[Decimal, int]]:
    return {(t.organization_id, t.member_id, t.year): (t.collected, t.live_months) for t in DuesTally.objects.all()}


def test_tally_follows_payments_sheets_and_reversals(world):
    a = member_with_base(world.branch_a1, income="4000")
    b = member_with_base(world.branch_b1, income="2000")
    services.dues_pay(member=a, months=[D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1)], paid_on=D(2025, 11, 10),
                      actor=None, today=TODAY)
    assert tally() == ledger() == {
        (world.branch_a1.pk, a.pk, 2025): (Decimal("80.00"), 2), (world.branch_a1.pk, a.pk, 2026): (Decimal("40.00"), 1)}
    services.sheet_record(members=[a, b], month=D(2025, 10, 1), paid_on=D(2025, 11, 10), actor=None, today=TODAY)
    [pb] = DuesPayment.objects.filter(member=b)
    services.payment_reverse(payment=pb, actor=None, reason="错交")
    assert tally() == ledger()
    assert tally()[(world.branch_b1.pk, b.pk, 2025)] == (Decimal("0.00"), 0)
    assert tally()[(world.branch_a1.pk, a.pk, 2025)] == (Decimal("120.00"), 3)
    # paid again after the reversal
    services.sheet_record(members=[b], month=D(2025, 10, 1), paid_on=D(2025, 11, 12), actor=None, today=TODAY)
    assert tally()[(world.branch_b1.pk, b.pk, 2025)] == (Decimal("10.00"), 1)


def test_tally_follows_bulk_and_raw_writes(world):
    """Any code path — a bulk insert of many rows, a raw UPDATE — keeps the tally right."""
    members = [member_with_base(world.branch_a1) for _ in range(3)]
    DuesPayment.objects.bulk_create([
        DuesPayment(member=m, organization=world.branch_a1, month=D(2024, k, 1), amount=Decimal("10.00"),
                    amount_due=Decimal("10.00"), paid_on=D(2024, k, 5), entry=Entry.PAYMENT)
        for m in members for k in range(1, 13)])
    assert tally() == ledger()
    assert all(v == (Decimal("120.00"), 12) for v in tally().values())
    with connection.cursor() as c:  # e.g. a branch merged into another by an administrator
        c.execute("UPDATE dues_duespayment SET organization_id = %s WHERE member_id = %s",
                  [world.branch_a2.pk, members[0].pk])
    assert tally() == {**ledger(), (world.branch_a1.pk, members[0].pk, 2024): (Decimal("0.00"), 0)}
    assert tally()[(world.branch_a2.pk, members[0].pk, 2024)] == (Decimal("120.00"), 12)
