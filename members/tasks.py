"""Celery tasks of the roll: thin, take ids, call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task
def expire_transfers() -> int:
    """Flag every transfer whose letter expired unconfirmed (hourly, CELERY_BEAT_SCHEDULE)."""
    from .services.transfers import process_one_due

    count = 0
    while process_one_due():
        count += 1
    return count


@shared_task(bind=True, max_retries=2, default_retry_delay=10)
def run_import_job(self, job_id: int, commit: bool) -> None:  # type: ignore[no-untyped-def]
    """Check (dry run) or import an uploaded roll file, updating the job's progress."""
    from .services.import_jobs import import_job_run

    import_job_run(job_id=job_id, commit=commit)


@shared_task
def purge_import_files() -> int:
    """Delete uploaded roll files (plaintext ID numbers) of finished or abandoned jobs (hourly)."""
    from .services.import_jobs import purge_import_files as purge

    return purge()
