"""Small tasks that prove the worker and beat are alive."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone


@shared_task
def heartbeat() -> str:
    """Beat calls this every 5 minutes; the time is kept in the cache for the status page."""
    now = timezone.now().isoformat()
    cache.set("core:heartbeat", now, timeout=None)
    return now


@shared_task
def ping(token: str) -> str:
    """Round trip used by the test suite: a real worker answers through Redis."""
    return f"pong:{token}"
