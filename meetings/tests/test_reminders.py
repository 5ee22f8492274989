"""Reminder sources: before a period ends, after a gap, escalation, art. 9 — each
cancelled at send time when its cause is gone."""

import datetime

import time_machine
from django.utils import timezone

from reminders import services as reminders
from reminders.models import DeliveryStatus, Notification

from .conftest import record


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 9, 0))


def test_secretary_reminded_days_before_month_end_and_cancelled_when_recorded(world, rolls):
    now = at(2026, 3, 25)  # 7 days before the end of March (default)
    with time_machine.travel(now, tick=False):
        reminders.sweep(only="meetings", now=now)
        due = Notification.objects.filter(kind="meetings.due_soon", recipient=world.secretary_a1, period="2026-03")
        assert due.count() == 1 and due.get().period == "2026-03"
        assert not Notification.objects.filter(kind="meetings.due_soon", recipient=world.clerk_a).exists()
        for code in ("branch_committee", "theme_day"):
            record(world.branch_a1, code, datetime.date(2026, 3, 20))
        record(world.group_a1, "group_meeting", datetime.date(2026, 3, 20))
        reminders.deliver_due(only="meetings", now=now)
    assert due.get().status == DeliveryStatus.CANCELLED


def test_no_reminder_too_early_in_the_month(world, rolls):
    reminders.sweep(only="meetings", now=at(2026, 3, 10))
    assert not Notification.objects.filter(kind="meetings.due_soon").exists()


def test_quarter_reminder_fifteen_days_before_quarter_end(world, rolls):
    reminders.sweep(only="meetings", now=at(2026, 3, 17))
    assert Notification.objects.filter(kind="meetings.due_soon", period="2026-Q1", recipient=world.secretary_b1).exists()


def test_gap_after_period_goes_to_secretary_and_township(world, rolls):
    reminders.sweep(only="meetings", now=at(2026, 4, 2))
    users = set(Notification.objects.filter(kind="meetings.gap", period="2026-03",
                                            organization=world.branch_a1).values_list("recipient__username", flat=True))
    assert users == {"secretary_a1", "clerk_a"}


def test_late_record_cancels_the_gap_reminder(world, rolls):
    now = at(2026, 4, 2)
    reminders.sweep(only="meetings", now=now)
    for code in ("branch_committee", "theme_day"):
        record(world.branch_b1, code, datetime.date(2026, 3, 30))
    reminders.deliver_due(only="meetings", now=now)
    n = Notification.objects.get(kind="meetings.gap", period="2026-03", recipient=world.secretary_b1)
    assert n.status == DeliveryStatus.CANCELLED


def test_two_consecutive_gaps_escalate_to_county(world, rolls):
    record(world.branch_b1, "branch_committee", datetime.date(2026, 2, 3))
    record(world.branch_b1, "theme_day", datetime.date(2026, 2, 3))
    reminders.sweep(only="meetings", now=at(2026, 4, 2))
    escalated = set(Notification.objects.filter(kind="meetings.escalation", period="2026-03")
                    .values_list("organization__name", flat=True))
    assert world.branch_a1.name in escalated and world.branch_b1.name not in escalated
    assert set(Notification.objects.filter(kind="meetings.escalation").values_list("recipient__username", flat=True)) == {"county"}
    titles = set(Notification.objects.filter(kind="meetings.escalation").values_list("title", flat=True))
    assert f"{world.branch_a1.name}连续 2 个月组织生活缺项" in titles
    assert not any("个年" in t for t in titles)


def test_member_six_months_without_life_reminds_secretary_until_they_attend(world, rolls):
    now = at(2026, 7, 20)
    b1 = rolls["b1"]
    record(world.branch_b1, "theme_day", datetime.date(2026, 1, 10), attendance=[(b1[0].pk, "present", ""), (b1[1].pk, "present", "")])
    reminders.sweep(only="meetings", now=now)
    rows = Notification.objects.filter(kind="meetings.member_life", recipient=world.secretary_b1)
    assert rows.count() == 2 and {r.period.split(":")[0] for r in rows} == {"flag"}
    record(world.branch_b1, "theme_day", datetime.date(2026, 7, 18), attendance=[(b1[0].pk, "present", ""), (b1[1].pk, "absent", "")])
    reminders.deliver_due(only="meetings", now=now)
    assert sorted(rows.values_list("status", flat=True)) == [DeliveryStatus.CANCELLED, DeliveryStatus.SENT]
