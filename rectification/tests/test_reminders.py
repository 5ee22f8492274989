import datetime

from django.utils import timezone

from rectification.models import Measure
from reminders import services as reminders
from reminders.models import DeliveryStatus, Level, Notification


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def test_measure_near_deadline_reminds_township_then_escalates_when_overdue(world, measure):
    deadline = measure.deadline
    reminders.sweep(only="rectification", now=_at(deadline - datetime.timedelta(days=40)))
    assert not Notification.objects.filter(kind="rectification.measure").exists()

    reminders.sweep(only="rectification", now=_at(deadline - datetime.timedelta(days=5)))
    near = Notification.objects.filter(kind="rectification.measure")
    assert {n.recipient.username for n in near} == {"clerk_a"}
    assert near.get().level == Level.WARNING

    reminders.sweep(only="rectification", now=_at(deadline + datetime.timedelta(days=1)))
    overdue = Notification.objects.filter(kind="rectification.measure", period__startswith="overdue")
    assert {n.recipient.username for n in overdue} == {"clerk_a", "county"}
    assert {n.level for n in overdue} == {Level.ESCALATION}
    assert "李明" in overdue.first().body


def test_closed_measure_cancels_pending_reminder(world, measure):
    reminders.sweep(only="rectification", now=_at(measure.deadline - datetime.timedelta(days=5)))
    Measure.objects.filter(pk=measure.pk).update(status="closed", closed_on=datetime.date.today())
    reminders.deliver_due(only="rectification", now=_at(measure.deadline - datetime.timedelta(days=5)))
    assert set(Notification.objects.filter(kind="rectification.measure").values_list("status", flat=True)) == {
        DeliveryStatus.CANCELLED}
