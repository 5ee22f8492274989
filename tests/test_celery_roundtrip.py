"""A real Celery worker answers a task through the configured Redis (broker and results)."""

import uuid

from config.celery import app  # noqa: F401  (binds the shared task to the project's app)
from core.tasks import ping
from core.testing import start_celery_worker, stop_process


def test_ping_round_trip_through_a_real_worker():
    queue = f"test-{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    worker = start_celery_worker(queue)
    try:
        result = ping.apply_async(args=[token], queue=queue)
        assert result.get(timeout=60) == f"pong:{token}"
    finally:
        stop_process(worker)
