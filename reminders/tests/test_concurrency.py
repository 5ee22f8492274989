"""Two deliverers at once (two workers, or two beat processes) never send a reminder twice,
and a worker that dies mid-send leaves its reminder pending for the next run."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from core.testing import build_world
from reminders import services
from reminders.choices import DeliveryStatus
from reminders.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)
NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))


def _rows(world, n):
    return Notification.objects.bulk_create([
        Notification(recipient=world.clerk_a, organization=world.branch_a1, kind="test.concurrency",
                     subject_key=f"s:{i}", period="2026-11", title=f"提醒{i}", send_after=NOW)
        for i in range(n)
    ])


def test_two_concurrent_deliverers_send_each_row_once():
    world = build_world()
    _rows(world, 40)
    delivered: list[int] = []

    def worker():
        try:
            delivered.append(services.deliver_due(now=NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sum(delivered) == 40
    assert Notification.objects.filter(status=DeliveryStatus.SENT, attempts=1).count() == 40


def test_worker_dying_mid_send_leaves_the_row_pending(monkeypatch):
    world = build_world()
    (row,) = _rows(world, 1)

    class Crash(BaseException):
        """Stands for the process being killed: nothing after it runs, the transaction rolls back."""

    def dying_send(self, notification):
        raise Crash

    monkeypatch.setattr("reminders.channels.InAppChannel.send", dying_send)
    with pytest.raises(Crash):
        services.process_one_due(now=NOW)
    row.refresh_from_db()
    assert row.status == DeliveryStatus.PENDING and row.sent_at is None
    monkeypatch.undo()
    assert services.deliver_due(now=NOW) == 1
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT


def test_a_row_claimed_by_one_worker_is_skipped_by_another():
    world = build_world()
    (row,) = _rows(world, 1)
    claimed = threading.Event()
    release = threading.Event()

    def holder():
        try:
            with transaction.atomic():
                Notification.objects.select_for_update().get(pk=row.pk)
                claimed.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    t = threading.Thread(target=holder)
    t.start()
    assert claimed.wait(timeout=30)
    try:
        assert services.process_one_due(now=NOW) is False  # skip_locked: not waited for, not sent twice
    finally:
        release.set()
        t.join(timeout=30)
    assert services.process_one_due(now=NOW) is True
