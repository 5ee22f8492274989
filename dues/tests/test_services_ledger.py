from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InternalError, transaction

from audit.models import AuditAction, AuditEvent
from dues import selectors
from dues.choices import Entry
from dues.models import DuesPayment, DuesTally
from dues.services import ledger as services
from members.choices import MemberStatus

from .factories import D, member_with_base

TODAY = D(2025, 11, 20)


def pay(m, *months, amount=None, today=TODAY):
    return services.dues_pay(member=m, months=list(months), paid_on=D(2025, 11, 10), actor=None, amount=amount,
                             today=today)


def test_payment_amount_is_computed_from_base(world):
    m = member_with_base(world.branch_a1, income="5000.01")
    [p] = pay(m, D(2025, 3, 1))
    assert (p.amount, p.amount_due, p.organization_id) == (Decimal("75.00"), Decimal("75.00"), world.branch_a1.pk)


def test_several_months_in_advance(world):
    m = member_with_base(world.branch_a1)
    rows = pay(m, D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1))
    assert [r.month for r in rows] == [D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1)]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, content_type__model="duespayment").count() == 3


def test_advance_limited_by_setting(world, settings):
    settings.JICENG_DUES_MAX_ADVANCE_MONTHS = 2
    m = member_with_base(world.branch_a1)
    pay(m, D(2026, 1, 1))
    with pytest.raises(ValidationError) as exc:
        pay(m, D(2026, 2, 1))
    assert "最多预交2个月" in str(exc.value)


def test_a_month_is_paid_once(world):
    m = member_with_base(world.branch_a1)
    pay(m, D(2025, 5, 1))
    with pytest.raises(ValidationError):
        pay(m, D(2025, 5, 1))


def test_paying_less_than_due_refused_more_allowed(world):
    m = member_with_base(world.branch_a1, income="4000")
    with pytest.raises(ValidationError):
        pay(m, D(2025, 5, 1), amount=Decimal("39.99"))
    [p] = pay(m, D(2025, 5, 1), amount=Decimal("100"))
    assert p.amount_due == Decimal("40.00") and p.amount == Decimal("100")


def test_no_base_no_payment(world):
    m = member_with_base(world.branch_a1, since=D(2025, 6, 1))
    with pytest.raises(ValidationError) as exc:
        pay(m, D(2025, 5, 1))
    assert "未核定党费基数" in str(exc.value)


def test_no_dues_before_joining(world):
    m = member_with_base(world.branch_a1, since=D(2025, 1, 1), joined=D(2025, 3, 15))
    with pytest.raises(ValidationError):
        pay(m, D(2025, 2, 1))
    pay(m, D(2025, 3, 1))


def test_base_changes_apply_from_their_month(world):
    m = member_with_base(world.branch_a1, income="4000", since=D(2025, 1, 1))
    services.base_set(member=m, actor=None, kind="retired", effective_from=D(2025, 7, 15), monthly_income=Decimal("6000"))
    june, july = pay(m, D(2025, 6, 1), D(2025, 7, 1))
    assert (june.amount, july.amount) == (Decimal("40.00"), Decimal("60.00"))


def test_farmer_amount_must_be_within_range(world):
    with pytest.raises(ValidationError):
        member_with_base(world.branch_a1, kind="farmer", income=None, fixed="1.50")
    m = member_with_base(world.branch_a1, kind="farmer", income=None, fixed="0.50")
    [p] = pay(m, D(2025, 4, 1))
    assert p.amount == Decimal("0.50")


def test_reversal_keeps_both_rows_and_frees_the_month(world):
    m = member_with_base(world.branch_a1)
    [p] = pay(m, D(2025, 5, 1))
    reversal = services.payment_reverse(payment=p, actor=world.secretary_a1, reason="误登记月份")
    p.refresh_from_db()
    assert p.is_reversed and reversal.amount == -p.amount and reversal.entry == Entry.REVERSAL
    with pytest.raises(ValidationError):
        services.payment_reverse(payment=p, actor=world.secretary_a1, reason="再次")
    [again] = pay(m, D(2025, 5, 1))
    net = sum(DuesPayment.objects.filter(member=m).values_list("amount", flat=True))
    assert net == again.amount
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, content_type__model="duespayment",
                                     extra__reason="误登记月份").exists()


def test_reversal_needs_a_reason(world):
    m = member_with_base(world.branch_a1)
    [p] = pay(m, D(2025, 5, 1))
    with pytest.raises(ValidationError):
        services.payment_reverse(payment=p, actor=None, reason=" ")


def test_payments_cannot_be_deleted(world):
    m = member_with_base(world.branch_a1)
    [p] = pay(m, D(2025, 5, 1))
    with pytest.raises(ValidationError):
        p.delete()
    with pytest.raises(InternalError), transaction.atomic():
        DuesPayment.objects.filter(pk=p.pk).delete()  # the database trigger refuses


def test_sheet_record_skips_paid_members(world):
    a = member_with_base(world.branch_a1, income="3000")
    b = member_with_base(world.branch_a1, income="12000")
    pay(a, D(2025, 10, 1))
    created = services.sheet_record(members=[a, b], month=D(2025, 10, 1), paid_on=D(2025, 10, 20), actor=None,
                                    today=TODAY)
    assert [(p.member_id, p.amount) for p in created] == [(b.pk, Decimal("240.00"))]


def test_transferred_out_member_cannot_pay(world):
    m = member_with_base(world.branch_a1)
    m.status = MemberStatus.DIED
    m.save()
    with pytest.raises(ValidationError):
        pay(m, D(2025, 5, 1))


@pytest.mark.parametrize("last_paid,unpaid", [
    (D(2025, 10, 1), 0), (D(2025, 6, 1), 4), (D(2025, 5, 1), 5), (D(2025, 4, 1), 6), (None, 10),
])
def test_consecutive_unpaid_months_up_to_last_month(world, last_paid, unpaid):
    m = member_with_base(world.branch_a1, since=D(2025, 1, 1))
    if last_paid:
        pay(m, last_paid)
    row = selectors.with_arrears(type(m).objects.filter(pk=m.pk), TODAY).get()
    assert row.unpaid_months == unpaid


def test_arrears_list_flags_five_and_six_months(world):
    five = member_with_base(world.branch_a1, name="五个月")
    six = member_with_base(world.branch_a1, name="六个月")
    paid = member_with_base(world.branch_a1, name="按月交")
    member_with_base(world.branch_a1, name="新入党", joined=D(2025, 9, 2))
    pay(five, D(2025, 5, 1))
    pay(six, D(2025, 4, 1))
    pay(paid, *[D(2025, k, 1) for k in range(1, 11)])
    rows = list(selectors.arrears(type(five).objects.all(), TODAY))
    assert [(r.name, r.unpaid_months) for r in rows] == [("六个月", 6), ("五个月", 5)]


def test_advance_payment_clears_arrears(world):
    m = member_with_base(world.branch_a1, since=D(2025, 1, 1))
    pay(m, *[D(2025, k, 1) for k in range(1, 13)])
    assert selectors.with_arrears(type(m).objects.filter(pk=m.pk), TODAY).get().unpaid_months == 0


def test_collection_by_township_and_month(world):
    a = member_with_base(world.branch_a1, income="4000")
    b = member_with_base(world.branch_b1, income="2000")
    pay(a, D(2025, 1, 1), D(2025, 2, 1))
    [pb] = pay(b, D(2025, 1, 1))
    services.payment_reverse(payment=pb, actor=None, reason="错交")
    rows = {r["org"].name: r for r in selectors.collection_by_child(DuesTally.objects.all(), world.county, 2025)}
    assert rows["城关镇党委"]["collected"] == Decimal("80.00") and rows["城关镇党委"]["payers"] == 1
    assert rows["石桥乡党委"]["collected"] == Decimal("0.00") and rows["石桥乡党委"]["payers"] == 0
    assert rows["石桥乡党委"]["members"] == 1
    months = selectors.year_by_month(DuesPayment.objects.filter(organization=world.branch_a1), 2025)
    assert [m["collected"] for m in months[:3]] == [Decimal("40.00"), Decimal("40.00"), Decimal(0)]


@pytest.mark.parametrize("persona", ["viewer_a", "clerk_b", "secretary_b1", "sysadmin"])
def test_writes_need_the_change_scope_inside_the_service(world, persona):
    """Authorization lives in the services: a read-only user or another township's staff is
    refused whatever page or API calls them, and nothing is written."""
    m = member_with_base(world.branch_a1)
    [p] = pay(m, D(2025, 5, 1))
    actor = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        services.dues_pay(member=m, months=[D(2025, 6, 1)], paid_on=D(2025, 11, 10), actor=actor, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.sheet_record(members=[m], month=D(2025, 6, 1), paid_on=D(2025, 11, 10), actor=actor, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.base_set(member=m, actor=actor, kind="retired", effective_from=D(2025, 6, 1),
                          monthly_income=Decimal("6000"))
    with pytest.raises(PermissionDenied):
        services.payment_reverse(payment=p, actor=actor, reason="误登记")
    assert list(DuesPayment.objects.filter(member=m).values_list("month", "is_reversed")) == [(D(2025, 5, 1), False)]
    assert m.dues_bases.count() == 1
