"""The beat task, run by a real Celery worker through Redis against the test database."""

import time

import pytest

from config.celery import app  # noqa: F401  (binds the shared tasks to the project's app)
from core.testing import build_world
from reminders.choices import DeliveryStatus
from reminders.models import Notification
from reminders.tasks import sweep_reminders

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_until_sent(row: Notification, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.status != DeliveryStatus.PENDING:
            return
        time.sleep(0.2)


def test_worker_sweeps_then_delivers_a_due_row_exactly_once(celery_worker_queue):
    world = build_world()
    row = Notification.objects.create(
        recipient=world.clerk_a, organization=world.branch_a1, kind="test.worker",
        subject_key="x:1", period="2026-11", title="测试提醒", send_after="2026-01-01T00:00:00+08:00")
    sweep_reminders.apply_async(queue=celery_worker_queue).get(timeout=60)
    _wait_until_sent(row)
    assert row.status == DeliveryStatus.SENT
    assert row.channels[0] == "inbox"
    sent_at = row.sent_at
    sweep_reminders.apply_async(queue=celery_worker_queue).get(timeout=60)
    row.refresh_from_db()
    assert row.sent_at == sent_at
    assert Notification.objects.filter(kind="test.worker").count() == 1
