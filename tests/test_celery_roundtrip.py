"""A real Celery worker answers a task through the configured Redis (broker and results)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from config.celery import app  # noqa: F401  (binds the shared task to the project's app)
from core.tasks import ping

ROOT = Path(__file__).resolve().parent.parent
CELERY = Path(sys.executable).parent / "celery"


def test_ping_round_trip_through_a_real_worker():
    queue = f"test-{uuid.uuid4().hex}"
    token = uuid.uuid4().hex
    worker = subprocess.Popen(
        [str(CELERY), "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-Q", queue,
         "-n", f"{queue}@%h", "-l", "warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdin=subprocess.DEVNULL,
    )
    try:
        result = ping.apply_async(args=[token], queue=queue)
        assert result.get(timeout=60) == f"pong:{token}"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
