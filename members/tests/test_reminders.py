"""Reminders for internal transfers still waiting for the receiving branch near the end
of their letter's validity, re-checked at send time."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from members.reminders import KIND
from members.services.transfers import transfer_cancel, transfer_confirm, transfer_out_external, transfer_start_internal
from reminders import services as reminders
from reminders.models import DeliveryStatus, Level, Notification

ISSUED = datetime.date(2026, 3, 2)  # valid until 2026-06-02 with the default 3 months


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@pytest.fixture
def pending(tree, people, member):  # type: ignore[no-untyped-def]
    with time_machine.travel(_at(ISSUED), tick=False):
        return transfer_start_internal(member=member, to_org=tree.b2, actor=people.secretary, letter_number="东转1号")


def _sweep_and_deliver(day: datetime.date) -> None:
    with time_machine.travel(_at(day), tick=False):
        reminders.sweep(now=_at(day))
        reminders.deliver_due(now=_at(day))


def _notes():  # type: ignore[no-untyped-def]
    return Notification.objects.filter(kind=KIND)


def test_receiving_secretary_and_township_are_reminded_a_week_before_expiry(pending, settings):
    assert settings.JICENG_TRANSFER_REMIND_DAYS == 7
    _sweep_and_deliver(pending.valid_until - datetime.timedelta(days=8))
    assert not _notes().exists()
    _sweep_and_deliver(pending.valid_until - datetime.timedelta(days=7))
    assert {n.recipient.username for n in _notes()} == {"bob", "westclerk"}  # not the sending side, not the county
    note = _notes().first()
    assert note.level == Level.WARNING and note.status == DeliveryStatus.SENT
    assert "王红" in note.title and "还有7天到期" in note.title and "东转1号" in note.body
    assert note.organization_id == pending.to_org_id


def test_repeated_sweeps_do_not_repeat_the_reminder(pending):
    for days in (6, 5, 4):
        _sweep_and_deliver(pending.valid_until - datetime.timedelta(days=days))
    assert _notes().count() == 2


def test_lead_time_is_a_setting(pending, settings):
    settings.JICENG_TRANSFER_REMIND_DAYS = 3
    _sweep_and_deliver(pending.valid_until - datetime.timedelta(days=5))
    assert not _notes().exists()
    _sweep_and_deliver(pending.valid_until - datetime.timedelta(days=3))
    assert _notes().count() == 2


@pytest.mark.parametrize("step,who", [(transfer_confirm, "other_secretary"), (transfer_cancel, "secretary")],
                         ids=["confirmed", "withdrawn"])
def test_settled_before_sending_cancels_the_reminder(pending, people, step, who):
    day = pending.valid_until - datetime.timedelta(days=5)
    with time_machine.travel(_at(day), tick=False):
        reminders.sweep(now=_at(day))
        step(transfer=pending, actor=getattr(people, who))
        reminders.deliver_due(now=_at(day))
    assert set(_notes().values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}


def test_expired_letters_and_external_transfers_are_not_reminded(pending, tree, people):
    from .factories import MemberFactory

    with time_machine.travel(_at(ISSUED), tick=False):
        external = transfer_out_external(member=MemberFactory(organization=tree.b1), actor=people.secretary,
                                         external_org_name="外省党支部", letter_number="外1")
    _sweep_and_deliver(pending.valid_until - datetime.timedelta(days=2))
    assert set(_notes().values_list("subject_key", flat=True)) == {f"transfer:{pending.pk}"}
    assert external.valid_until == pending.valid_until
    _notes().delete()
    _sweep_and_deliver(pending.valid_until + datetime.timedelta(days=1))
    assert not _notes().exists()


def test_reminder_swept_before_expiry_is_cancelled_once_the_letter_expired(pending):
    reminders.sweep(now=_at(pending.valid_until - datetime.timedelta(days=2)))
    reminders.deliver_due(now=_at(pending.valid_until + datetime.timedelta(days=1)))
    assert set(_notes().values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}
