"""The import task on a real Celery worker (through Redis, against the test database):
a file over JICENG_IMPORT_ASYNC_ROWS is checked, then imported, in the background."""

import random

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from openpyxl import Workbook

from audit.models import AuditAction, AuditEvent
from config.celery import app  # noqa: F401  (binds the shared tasks to the project's app)
from core.testing import build_world
from members.choices import ImportStatus
from members.demo import person
from members.models import ImportJob, Member
from members.tasks import run_import_job

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 2500


@pytest.fixture
def shared_media(tmp_path, monkeypatch, settings):  # type: ignore[no-untyped-def]
    """Uploads where the worker process finds them (it reads PRIVATE_MEDIA_ROOT from its environment)."""
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", str(tmp_path))
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def worker(shared_media, celery_worker_queue):  # type: ignore[no-untyped-def]
    return celery_worker_queue


def _roll(branches: list[str]) -> bytes:
    import io

    rng = random.Random(7)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("党员名册")
    ws.append(["姓名", "公民身份号码", "联系电话", "入党日期", "转正日期", "人员类别", "所在党支部"])
    for n in range(ROWS):
        p = person(rng, n)
        ws.append([p["name"], p["id_number"], p["phone"], p["join_date"], p["full_member_date"], "正式党员",
                   branches[n % len(branches)]])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_large_file_is_checked_then_imported_by_the_worker(worker, shared_media):
    world = build_world()
    assert ROWS > settings.JICENG_IMPORT_ASYNC_ROWS
    job = ImportJob(original_name="全镇名册.xlsx", scope_path=world.town_a.path, created_by=world.clerk_a)
    job.file.save("roll.xlsx", ContentFile(_roll([world.branch_a1.name, world.branch_a2.code])), save=False)
    job.status = ImportStatus.CHECKING
    job.save()

    run_import_job.apply_async((job.pk, False), queue=worker).get(timeout=120)
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.errors) == (ImportStatus.CHECKED, ROWS, ROWS, [])
    assert job.summary["create"] == ROWS and Member.objects.count() == 0

    run_import_job.apply_async((job.pk, True), queue=worker).get(timeout=120)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.summary["create"] == ROWS
    assert Member.objects.filter(organization__in=[world.branch_a1, world.branch_a2]).count() == ROWS
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, actor=world.clerk_a, source="import").count() == ROWS + 1
    assert not job.file and not list(shared_media.rglob("*.xlsx")), "the worker deleted the uploaded file"
