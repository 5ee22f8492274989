"""Arrears reminders: 5 and 6 consecutive unpaid months go to the branch secretary, at
frozen times through the reminders sweep; a payment since cancels what is pending."""

from __future__ import annotations

import datetime

import time_machine

from dues.services import ledger as services
from reminders.models import DeliveryStatus, Level, Notification
from reminders.services import deliver_due, sweep

from .factories import member_with_base

D = datetime.date


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 9, 0, tzinfo=datetime.timezone.utc)


def pay(m, *months: D, on: D):  # type: ignore[no-untyped-def]
    return services.dues_pay(member=m, months=list(months), paid_on=on, actor=None, today=on)


def test_five_then_six_unpaid_months_remind_the_branch_secretary(world):
    m = member_with_base(world.branch_a1, name="王五", since=D(2025, 1, 1))
    pay(m, *[D(2025, k, 1) for k in range(1, 6)], on=D(2025, 5, 20))  # paid through May
    on_time = member_with_base(world.branch_a1, name="按月交", since=D(2025, 1, 1))
    pay(on_time, *[D(2025, k, 1) for k in range(1, 11)], on=D(2025, 10, 20))

    assert sweep(only="dues", now=at(2025, 10, 5)) == 0  # June–September: 4 months
    with time_machine.travel(at(2025, 11, 5), tick=False):
        assert sweep(only="dues", now=at(2025, 11, 5)) == 1
    n = Notification.objects.get(kind="dues.arrears")
    assert (n.recipient, n.organization_id, n.level) == (world.secretary_a1, world.branch_a1.pk, Level.INFO)
    assert "王五已连续5个月未交纳党费" == n.title and "2025年6月" in n.body
    sweep(only="dues", now=at(2025, 11, 20))
    assert Notification.objects.count() == 1  # once per run of months

    sweep(only="dues", now=at(2025, 12, 5))
    assert Notification.objects.count() == 2
    six = Notification.objects.get(kind="dues.arrears", period="6m:2025-06")
    assert six.level == Level.WARNING and "自行脱党" in six.body
    assert deliver_due(only="dues", now=at(2025, 12, 5)) == 2
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_payment_since_cancels_the_pending_reminder(world):
    m = member_with_base(world.branch_a1, since=D(2025, 1, 1))
    pay(m, *[D(2025, k, 1) for k in range(1, 6)], on=D(2025, 5, 20))
    sweep(only="dues", now=at(2025, 11, 5))
    pay(m, D(2025, 6, 1), on=D(2025, 11, 6))
    deliver_due(only="dues", now=at(2025, 11, 7))
    assert Notification.objects.get(kind="dues.arrears").status == DeliveryStatus.CANCELLED


def test_thresholds_are_settings_and_other_branches_are_not_told(world, settings):
    settings.JICENG_DUES_ARREARS_WARN_MONTHS = 3
    m = member_with_base(world.branch_b1, since=D(2025, 1, 1))
    pay(m, *[D(2025, k, 1) for k in range(1, 6)], on=D(2025, 5, 20))
    assert sweep(only="dues", now=at(2025, 9, 5)) == 1  # June–August
    n = Notification.objects.get()
    assert n.recipient == world.secretary_b1 and n.period == "3m:2025-06"
