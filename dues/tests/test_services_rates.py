"""Writing rate sets: validation as a whole, the used/unused rule, who may, the audit trail,
and what a new set does to the amount due."""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditAction, AuditEvent
from dues import selectors
from dues.models import DuesPayment, DuesRate
from dues.services import ledger as services
from dues.services import rates as services_rates
from dues.services.rates import RateSetInvalid, rate_set_create, rate_set_delete, rate_set_update
from members.models import Member

from .factories import member_with_base
from .test_rate_sets import national

D = datetime.date
TODAY = D(2026, 3, 15)
NEXT = D(2026, 4, 1)
NATIONAL = D(2008, 4, 1)


def doubled() -> list:
    """The national table with the employed bands' percentages doubled."""
    return [replace(r, percent=r.percent * 2) if r.kind == "employed" else r for r in national()]


def create(when=NEXT, rows=None, actor=None, today=TODAY, source="某省委组织部〔2026〕1号"):
    return rate_set_create(effective_from=when, rows=rows or doubled(), source=source, actor=actor, today=today)


def test_a_new_set_changes_the_amount_due_from_its_month_on_only(world):
    m = member_with_base(world.branch_a1, name="孙在岗", income="4000")
    create(actor=world.sysadmin)
    paid = services.dues_pay(member=m, months=[D(2026, 3, 1), NEXT, D(2026, 5, 1)], paid_on=TODAY, actor=None,
                             today=TODAY)
    assert [(p.month, p.amount_due) for p in paid] == [
        (D(2026, 3, 1), Decimal("40.00")), (NEXT, Decimal("80.00")), (D(2026, 5, 1), Decimal("80.00"))]
    table = selectors.rate_table()
    assert selectors.sheet_rows(Member.objects.filter(pk=m.pk), D(2026, 3, 1), table)[0].due == Decimal("40.00")
    assert selectors.sheet_rows(Member.objects.filter(pk=m.pk), NEXT, table)[0].due == Decimal("80.00")


def test_creating_a_set_is_audited_row_by_row(world):
    rows = create(actor=world.sysadmin)
    assert len(rows) == 10 and DuesRate.objects.filter(effective_from=NEXT).count() == 10
    events = AuditEvent.objects.filter(action=AuditAction.CREATE, content_type__model="duesrate")
    assert events.count() == 10
    assert {e.extra["rate_set"] for e in events} == {"2026-04-01"}
    assert all(e.actor == world.sysadmin and e.org_path == "" for e in events)
    assert {e.changes["source"] for e in events} == {"某省委组织部〔2026〕1号"}


@pytest.mark.parametrize(("when", "message"), [
    (D(2026, 3, 1), "最早从下月（2026年04月）起执行"),
    (D(2025, 1, 1), "最早从下月"),
    (D(2026, 4, 2), "须为某月1日"),
])
def test_the_effective_month_is_a_later_month(world, when, message):
    with pytest.raises(ValidationError, match=message):
        create(when=when, actor=world.sysadmin)
    assert not DuesRate.objects.exclude(effective_from=NATIONAL).exists()


def test_a_new_set_comes_after_the_newest_one(world):
    create(when=D(2026, 7, 1), actor=world.sysadmin)
    with pytest.raises(ValidationError, match="须晚于现有最新一组标准（2026年07月01日起执行）"):
        create(when=D(2026, 5, 1), actor=world.sysadmin)
    with pytest.raises(ValidationError, match="须晚于现有最新一组标准"):
        create(when=D(2026, 7, 1), actor=world.sysadmin)


def test_the_whole_set_is_validated_and_nothing_written(world):
    rows = doubled()
    rows[1] = replace(rows[1], percent=Decimal("150"))
    rows = [r for r in rows if r.kind != "relief"]
    with pytest.raises(RateSetInvalid) as exc:
        create(rows=rows, actor=world.sysadmin)
    assert exc.value.row_errors == {1: ["交纳比例须大于 0 且不超过 100（%）。"]}
    assert exc.value.set_errors == ["缺少依靠救济党员的标准：一组标准须包括全部党员类别。"]
    assert "第2行：交纳比例须大于 0 且不超过 100（%）。" in exc.value.messages
    assert DuesRate.objects.count() == 10 and not AuditEvent.objects.filter(content_type__model="duesrate").exists()


def test_a_source_is_required(world):
    with pytest.raises(ValidationError, match="请填写依据"):
        create(source="  ", actor=world.sysadmin)


# The table is shared by every county: a county officer is refused too (security finding 10).
@pytest.mark.parametrize("persona", ["county_officer", "clerk_a", "secretary_a1", "viewer_a", "auditor", "nobody"])
def test_only_the_sysadmin_changes_the_table(world, persona):
    with pytest.raises(PermissionDenied, match="党费标准由各县共用，只有系统管理员可以修改"):
        create(actor=getattr(world, persona))
    assert not services_rates.can_change_rates(getattr(world, persona))


def test_a_sysadmin_may_change_the_table(world):
    create(actor=world.sysadmin)
    assert DuesRate.objects.filter(effective_from=NEXT).count() == 10


def test_an_unused_future_set_is_edited_with_a_diff_per_row(world):
    create(when=D(2026, 6, 1), actor=world.sysadmin)
    rows = doubled()
    rows[3] = replace(rows[3], percent=Decimal("5"))  # top band 4% → 5%
    rows = [r for r in rows if not (r.kind == "employed" and r.upper_bound == Decimal("10000"))]
    rows.append(replace(rows[0], upper_bound=Decimal("8000"), percent=Decimal("3")))
    rate_set_update(effective_from=D(2026, 6, 1), new_effective_from=D(2026, 5, 1), rows=rows, source="新文件",
                    actor=world.sysadmin, today=TODAY)
    bands = dict(DuesRate.objects.filter(kind="employed", effective_from=D(2026, 5, 1))
                 .values_list("upper_bound", "percent"))
    assert bands == {Decimal("3000"): Decimal("1.00"), Decimal("5000"): Decimal("2.00"),
                     Decimal("8000"): Decimal("3.00"), None: Decimal("5.00")}
    assert not DuesRate.objects.filter(effective_from=D(2026, 6, 1)).exists()
    events = AuditEvent.objects.filter(content_type__model="duesrate").exclude(action=AuditAction.CREATE,
                                                                               extra__rate_set="2026-06-01")
    assert events.filter(action=AuditAction.DELETE).count() == 1
    assert events.filter(action=AuditAction.CREATE).count() == 1
    assert events.filter(action=AuditAction.UPDATE).count() == 10 - 1  # every kept row: new date and source
    top = events.get(action=AuditAction.UPDATE, changes__has_key="percent")
    assert top.changes["percent"] == ["4.00", "5.00"]
    assert top.extra == {"rate_set": "2026-05-01", "was": "2026-06-01"}


def test_an_unused_future_set_is_deleted_and_audited(world):
    create(actor=world.sysadmin)
    assert rate_set_delete(effective_from=NEXT, actor=world.sysadmin, today=TODAY) == 10
    assert not DuesRate.objects.filter(effective_from=NEXT).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, content_type__model="duesrate",
                                     extra__rate_set="2026-04-01").count() == 10


def test_a_set_used_by_an_advance_payment_is_locked(world):
    m = member_with_base(world.branch_a1, name="周预交", income="4000")
    create(when=D(2026, 6, 1), actor=world.sysadmin)
    services.dues_pay(member=m, months=[D(2026, 6, 1)], paid_on=TODAY, actor=None, today=TODAY)
    with pytest.raises(ValidationError, match="已有党费交纳记录使用，不能修改"):
        rate_set_update(effective_from=D(2026, 6, 1), new_effective_from=D(2026, 6, 1), rows=doubled(), source="x",
                        actor=world.sysadmin, today=TODAY)
    with pytest.raises(ValidationError, match="已有党费交纳记录使用，不能删除"):
        rate_set_delete(effective_from=D(2026, 6, 1), actor=world.sysadmin, today=TODAY)
    assert DuesRate.objects.filter(effective_from=D(2026, 6, 1)).count() == 10


def test_a_reversed_payment_still_counts_as_use(world):
    m = member_with_base(world.branch_a1, name="吴冲正", income="4000")
    create(when=D(2026, 6, 1), actor=world.sysadmin)
    p = services.dues_pay(member=m, months=[D(2026, 6, 1)], paid_on=TODAY, actor=None, today=TODAY)[0]
    services.payment_reverse(payment=p, actor=None, reason="误登记")
    with pytest.raises(ValidationError, match="已有党费交纳记录使用"):
        rate_set_delete(effective_from=D(2026, 6, 1), actor=world.sysadmin, today=TODAY)


def test_a_set_in_force_is_locked_even_without_payments(world):
    with pytest.raises(ValidationError, match="已经生效，不能删除"):
        rate_set_delete(effective_from=NATIONAL, actor=world.sysadmin, today=TODAY)
    with pytest.raises(ValidationError, match="已经生效，不能修改"):
        rate_set_update(effective_from=NATIONAL, new_effective_from=NATIONAL, rows=national(), source="x",
                        actor=world.sysadmin, today=TODAY)


def test_use_is_counted_from_a_sets_date_until_the_next_sets(world):
    m = member_with_base(world.branch_a1, name="郑三组", income="4000")
    create(when=D(2026, 5, 1), actor=world.sysadmin)
    create(when=D(2026, 8, 1), actor=world.sysadmin)
    services.dues_pay(member=m, months=[D(2026, 4, 1), D(2026, 8, 1)], paid_on=TODAY, actor=None, today=TODAY)
    used = {s.effective_from: s.used for s in selectors.load_sets(TODAY)}
    assert used == {NATIONAL: True, D(2026, 5, 1): False, D(2026, 8, 1): True}
    # the May set, between two used ones, may still be changed or removed
    rate_set_delete(effective_from=D(2026, 5, 1), actor=world.sysadmin, today=TODAY)


def test_an_edited_date_stays_between_its_neighbours(world):
    create(when=D(2026, 5, 1), actor=world.sysadmin)
    create(when=D(2026, 8, 1), actor=world.sysadmin)
    with pytest.raises(ValidationError, match="须早于后一组标准（2026年08月01日起执行）"):
        rate_set_update(effective_from=D(2026, 5, 1), new_effective_from=D(2026, 9, 1), rows=doubled(), source="x",
                        actor=world.sysadmin, today=TODAY)
    with pytest.raises(ValidationError, match="须晚于前一组标准（2026年05月01日起执行）"):
        rate_set_update(effective_from=D(2026, 8, 1), new_effective_from=D(2026, 5, 1), rows=doubled(), source="x",
                        actor=world.sysadmin, today=TODAY)


def test_payments_before_the_set_do_not_use_it(world):
    m = member_with_base(world.branch_a1, name="王本月", income="4000")
    services.dues_pay(member=m, months=[D(2026, 3, 1)], paid_on=TODAY, actor=None, today=TODAY)
    create(actor=world.sysadmin)
    assert DuesPayment.objects.get(member=m).amount_due == Decimal("40.00")
    rate_set_delete(effective_from=NEXT, actor=world.sysadmin, today=TODAY)
