"""Thin Celery tasks: beat calls `sweep_reminders`; it enqueues delivery after commit."""

from celery import shared_task
from django.db import transaction

from . import services


@shared_task(acks_late=True)
def sweep_reminders() -> int:
    with transaction.atomic():
        written = services.sweep()
        transaction.on_commit(lambda: deliver_reminders.delay())
    return written


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def deliver_reminders() -> int:
    return services.deliver_due()
