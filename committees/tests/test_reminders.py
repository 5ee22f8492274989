"""Term reminders at frozen times: 6, 3 and 1 months before the end to the secretary and
the township; weekly after it, escalated to the county; cancelled by an election."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from committees.reminders import KIND, period_for
from committees.tests.factories import elect, roll
from reminders import services as reminders
from reminders.models import DeliveryStatus, Level, Notification

D = datetime.date


def at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


@pytest.fixture
def term(world):
    """柳树村党支部: term ends 2026-06-30."""
    return elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2021, 6, 30))


def _recipients(period_suffix=""):
    return {(n.recipient.username, n.period) for n in Notification.objects.filter(kind=KIND).select_related("recipient")
            if n.period.endswith(period_suffix)}


def test_nothing_is_due_more_than_six_months_before(term):
    assert reminders.sweep(only="committees", now=at(2025, 12, 29)) == 0


def test_secretary_and_township_are_reminded_at_six_three_and_one_month(term):
    reminders.sweep(only="committees", now=at(2025, 12, 30))
    assert _recipients() == {("secretary_a1", "20260630:6m"), ("clerk_a", "20260630:6m")}
    reminders.sweep(only="committees", now=at(2026, 1, 15))  # same stage: nothing new
    assert Notification.objects.count() == 2
    reminders.sweep(only="committees", now=at(2026, 3, 30))
    reminders.sweep(only="committees", now=at(2026, 5, 30))
    assert {p for _, p in _recipients()} == {"20260630:6m", "20260630:3m", "20260630:1m"}
    assert Notification.objects.get(recipient__username="clerk_a", period="20260630:1m").level == Level.WARNING
    assert not Notification.objects.filter(recipient__username__in=["county", "clerk_b", "secretary_b1"]).exists()


def test_first_sweep_late_sends_only_the_latest_stage(term):
    reminders.sweep(only="committees", now=at(2026, 6, 10))
    assert {p for _, p in _recipients()} == {"20260630:1m"}


def test_overdue_term_is_escalated_to_the_county_every_week(term):
    reminders.sweep(only="committees", now=at(2026, 7, 1))
    first = _recipients()
    assert {u for u, _ in first} == {"secretary_a1", "clerk_a", "county"}
    assert {n.level for n in Notification.objects.all()} == {Level.ESCALATION}
    reminders.sweep(only="committees", now=at(2026, 7, 3))  # same ISO week
    assert _recipients() == first
    reminders.sweep(only="committees", now=at(2026, 7, 8))
    assert len(_recipients()) == 6


def test_recording_the_election_cancels_pending_reminders(term, world):
    reminders.sweep(only="committees", now=at(2026, 7, 1))
    with time_machine.travel(at(2026, 7, 2), tick=False):
        elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2026, 7, 2))
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}
    assert reminders.sweep(only="committees", now=at(2026, 7, 9)) == 0


def test_election_between_sweep_and_delivery_cancels_at_send_time(term, world):
    reminders.sweep(only="committees", now=at(2026, 5, 30))
    term.state = "replaced"  # replaced outside the service: the re-check at send time still catches it
    term.save(update_fields=["state"])
    reminders.deliver_due(only="committees", now=at(2026, 5, 30))
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}


def test_approved_delay_moves_the_reminders_to_the_new_date(term, world):
    from committees.services import terms as services

    reminders.sweep(only="committees", now=at(2026, 5, 30))  # 1m before 2026-06-30
    with time_machine.travel(at(2026, 6, 1), tick=False):
        delay = services.delay_request(term=term, until=D(2026, 12, 31), reason="统一换届", actor=world.secretary_a1)
        services.delay_decide(delay=delay, approve=True, actor=world.clerk_a)
    reminders.deliver_due(only="committees", now=at(2026, 6, 1))
    # the old reminder no longer matches the due date: cancelled at send time
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}
    assert reminders.sweep(only="committees", now=at(2026, 7, 1)) == 2  # 6 months before 2026-12-31, not overdue
    assert {p for _, p in _recipients()} >= {"20261231:6m"}


def test_lead_times_are_a_setting(term, settings):
    settings.TERMS_REMINDER_LEAD_MONTHS = [2]
    assert reminders.sweep(only="committees", now=at(2026, 3, 30)) == 0
    reminders.sweep(only="committees", now=at(2026, 4, 30))
    assert {p for _, p in _recipients()} == {"20260630:2m"}


def test_period_names():
    assert period_for(D(2026, 6, 30), D(2026, 7, 6)) == "20260630:w2026-28"
    assert period_for(D(2026, 6, 30), D(2025, 1, 1)) is None
