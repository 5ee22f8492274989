"""Import jobs: the page's two steps (check, then confirm), synchronous for small files
and a Celery task for large ones; and the removal of the uploaded files, which hold
ID numbers in clear text, as soon as a job can no longer be confirmed.

The job is why the roll import does not use core.importing.page: a roll file may hold
100,000 rows (a worker checks and imports it while the page shows progress), and it holds
ID numbers in clear text, so it is kept in the private storage under the job — never in
the cache — and deleted as soon as the job can no longer be confirmed."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.scope import scope_paths
from audit.context import acting
from audit.models import AuditAction
from audit.services import audit_record
from core.importing.reader import FileFormatError
from organizations.models import Organization

from ..choices import ImportStatus
from ..models import ColumnMapping, ImportJob
from ..tasks import run_import_job
from .importing import Mappings, header_preview, import_commit, mapping_text, plan_import, rows_estimate

log = logging.getLogger(__name__)
# statuses after which the file is never read again
FINISHED = (ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.EXPIRED)
# a job being checked or imported by a worker keeps its file for twice the usual time
BUSY = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


def progress_key(job_id: int) -> str:
    return f"members:import:{job_id}:done"


def job_progress(job: ImportJob) -> int:
    return int(cache.get(progress_key(job.pk)) or job.done)


def discard_file(job: ImportJob) -> None:
    """Delete the job's uploaded file from storage (after the current transaction commits)."""
    if not job.file:
        return
    name, storage = job.file.name, job.file.storage
    ImportJob.objects.filter(pk=job.pk).update(file="")
    job.file.name = ""

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:  # the periodic purge cannot retry a cleared name: log it loudly
            log.exception("could not delete import file %s", name)

    transaction.on_commit(delete)


def _start(job: ImportJob, *, commit: bool, rows: int) -> None:
    """Run the job's step on the page for a small file, in a worker (after commit) for a large one."""
    if rows > settings.JICENG_IMPORT_ASYNC_ROWS:
        job.status = ImportStatus.IMPORTING if commit else ImportStatus.CHECKING
        job.save(update_fields=["status"])
        transaction.on_commit(lambda: run_import_job.delay(job.pk, commit))
    else:
        import_job_run(job_id=job.pk, commit=commit)


def import_writer_roots(actor: Any) -> list[str]:
    """The organizations `actor` keeps (change scope); PermissionDenied for a reader."""
    roots = scope_paths(actor, "change")
    if not roots:
        raise PermissionDenied("您只有查看权限，不能导入党员。")
    return roots


def import_job_create(*, file: Any, actor: Any) -> ImportJob:
    """Keep an uploaded roll file under a new job and check it (nothing is imported yet)."""
    roots = import_writer_roots(actor)
    rows = rows_estimate(file, file.name)
    job = ImportJob.objects.create(file=file, original_name=file.name, scope_path=roots[0], created_by=actor)
    _start(job, commit=False, rows=rows)
    return job


def import_job_own(job: ImportJob, actor: Any) -> ImportJob:
    """A job is seen and confirmed by the one who uploaded it only."""
    if job.created_by_id != actor.pk:
        raise PermissionDenied("只能查看自己上传的导入。")
    return job


def import_job_confirm(*, job: ImportJob, actor: Any) -> None:
    """Import a checked file without errors (on the page, or in a worker for a large one)."""
    if not ImportJob.objects.for_user(actor, "change").filter(pk=job.pk).exists():
        raise PermissionDenied("您只有查看权限，不能修改。")
    import_job_own(job, actor)
    if job.status != ImportStatus.CHECKED or job.errors:
        raise ValidationError("只有检查无误的文件才能导入。")
    if not job.file:
        raise ValidationError("上传的文件已超过保留期限被删除，请重新上传。")
    _start(job, commit=True, rows=job.total)


def import_job_run(*, job_id: int, commit: bool) -> ImportJob:
    """Check (and, when `commit`, import) the job's file, keeping progress in the cache:
    the import transaction hides row counts from other connections until it ends. The
    file is deleted once imported, once the check finds errors (it cannot be confirmed),
    or when the job fails."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status in FINISHED:  # a task delivered again (acks_late) after the job ended
        return job
    if not job.file:
        job.status = ImportStatus.EXPIRED
        job.save(update_fields=["status"])
        return job
    key = progress_key(job.pk)

    def progress(done: int) -> None:
        cache.set(key, done, timeout=3600)

    job.status = ImportStatus.IMPORTING if commit else ImportStatus.CHECKING
    job.save(update_fields=["status"])
    try:
        with acting(user=job.created_by, source="import"), job.file.open("rb") as handle:
            plan = plan_import(handle, job.original_name, user=job.created_by, progress=progress,
                               mappings=saved_mappings(job.scope_path))
            job.total, job.errors = plan.total, plan.errors
            job.summary = {**plan.summary, "notes": plan.notes[:500], "unmapped": plan.unmapped, "mapped": plan.mapped}
            if commit and not plan.errors:
                cache.set(key, 0, timeout=3600)
                job.summary = {**import_commit(plan, user=job.created_by, filename=job.original_name, progress=progress),
                               "notes": plan.notes[:500]}
                job.status = ImportStatus.DONE
            else:
                job.status = ImportStatus.CHECKED
    except FileFormatError as exc:  # a file that may not be read: the job fails with the reason, the worker goes on
        job.status = ImportStatus.FAILED
        job.errors = [{"row": 0, "column": "文件", "message": str(exc)}]
        job.save(update_fields=["status", "errors"])
        discard_file(job)
        cache.delete(key)
        return job
    except Exception:
        job.status = ImportStatus.FAILED
        job.errors = [{"row": 0, "column": "文件", "message": "处理文件时出错，未导入任何数据。请重新上传，或联系管理员。"}]
        job.save(update_fields=["status", "errors"])
        discard_file(job)
        cache.delete(key)
        raise
    job.done = plan.total
    job.save(update_fields=["status", "total", "done", "errors", "summary"])
    if job.status == ImportStatus.DONE or (job.errors and not mappable(job)):
        discard_file(job)
    cache.delete(key)
    return job


def mappable(job: ImportJob) -> bool:
    """May the user still say which column is which? A checked job whose file lacks required
    columns, or was read with a saved mapping (which may be wrong): its file is kept for
    that step (and purged like any unconfirmed job's)."""
    return (job.status == ImportStatus.CHECKED and bool(job.errors)
            and bool(job.summary.get("unmapped") or job.summary.get("mapped")))


def saved_mappings(scope_path: str) -> Mappings:
    """The column mappings of the township the job imports into (its own only)."""
    return {fingerprint: mapping for fingerprint, mapping in ColumnMapping.objects.filter(
        organization__path=scope_path).values_list("fingerprint", "mapping")}


def import_job_preview(job: ImportJob) -> dict[str, Any] | None:
    """The header and first rows of a job's file that lacks required columns (see header_preview)."""
    if not job.file or not mappable(job):
        return None
    try:
        with job.file.open("rb") as handle:
            preview = header_preview(handle, job.original_name)
    except (FileFormatError, OSError):
        return None
    if preview is not None:
        saved = saved_mappings(job.scope_path).get(preview["fingerprint"], {})
        preview["saved"] = {name: i for name, i in saved.items() if name in preview["missing"]}
    return preview


def import_job_map(*, job: ImportJob, actor: Any, mapping: dict[str, int]) -> ColumnMapping:
    """Say which of the file's columns is each missing required column: the mapping is kept
    for the township (applied to its next file with the same header), audited, and the same
    file checked again with it."""
    if not ImportJob.objects.for_user(actor, "change").filter(pk=job.pk).exists():
        raise PermissionDenied("您只有查看权限，不能修改。")
    import_job_own(job, actor)
    if not job.file:
        raise ValidationError("上传的文件已超过保留期限被删除，请重新上传。")
    preview = import_job_preview(job)
    if preview is None:
        raise ValidationError("该文件的表头不需要指定列对应关系。")
    texts, missing = preview["texts"], preview["missing"]
    mapping = {name: index for name, index in mapping.items() if name in missing and index is not None}
    if not mapping:
        raise ValidationError("请为缺少的列选择文件中对应的列。")
    if len(set(mapping.values())) != len(mapping):
        raise ValidationError("同一列不能同时对应两个必填列。")
    if any(not 0 <= i < len(texts) or i in preview["found"] for i in mapping.values()):
        raise ValidationError("所选的列不存在，或已被识别为其他列。")
    township = Organization.objects.get(path=job.scope_path)
    saved, created = ColumnMapping.objects.update_or_create(
        organization=township, fingerprint=preview["fingerprint"],
        defaults={"headers": texts, "mapping": mapping, "created_by": actor})
    audit_record(action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=saved, actor=actor,
                 org_path=township.path, extra={"file": job.original_name, "列对应关系": mapping_text(texts, mapping)})
    job.status, job.errors, job.summary, job.total, job.done = ImportStatus.UPLOADED, [], {}, 0, 0
    job.save(update_fields=["status", "errors", "summary", "total", "done"])
    with job.file.open("rb") as handle:
        rows = rows_estimate(handle, job.original_name)
    _start(job, commit=False, rows=rows)
    return saved


def purge_import_files(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of finished jobs and of jobs left unconfirmed for longer than
    JICENG_IMPORT_FILE_HOURS (those become 已过期; a job still marked as being checked or
    imported, twice that). Returns the number of files removed."""
    now = now or timezone.now()
    hours = datetime.timedelta(hours=settings.JICENG_IMPORT_FILE_HOURS)
    count = 0
    stale = ImportJob.objects.exclude(file="").filter(
        Q(status__in=FINISHED) | (~Q(status__in=BUSY) & Q(created_at__lt=now - hours))
        | Q(status__in=BUSY, created_at__lt=now - 2 * hours))
    for job in list(stale[:1000]):
        with transaction.atomic():
            if job.status not in FINISHED:
                job.status = ImportStatus.EXPIRED
                job.save(update_fields=["status"])
            discard_file(job)
        count += 1
    return count
