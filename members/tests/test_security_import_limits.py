"""Roll uploads are bounded (finding 7): an oversize file is refused on the page, a hostile
.xlsx gives the job a clear Chinese error, and the worker path returns instead of crashing.
Roll files (plaintext ID numbers) are stored privately under random names (finding 6)."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.tests.test_security_import_limits import sheet, xlsx_with_sheet
from members.choices import ImportStatus
from members.models import ImportJob, Member
from members.services.import_jobs import import_job_run

from .test_services_importing import GOOD, xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_MEDIA_ROOT = tmp_path


WIDE = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
             '<c r="FXSHRXW1" t="inlineStr"><is><t>x</t></is></c></row>')


def test_oversize_roll_is_refused_on_the_page(login, people, tree, settings):
    settings.JICENG_IMPORT_MAX_MB = 1
    client = login(people.township)
    big = SimpleUploadedFile("roll.csv", b"x" * (1024 * 1024 + 1))
    response = client.post(reverse("members:import"), {"file": big})
    assert response.status_code == 200 and "超过上限 1 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_hostile_xlsx_gets_a_clear_error_on_the_job_page(login, people, tree):
    client = login(people.township)
    response = client.post(reverse("members:import"), {"file": SimpleUploadedFile("roll.xlsx", xlsx_with_sheet(WIDE).read())})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.errors and not job.file
    body = client.get(reverse("members:import_job", args=[job.pk])).content.decode()
    assert "单元格位置“FXSHRXW1”无法识别" in body and Member.objects.count() == 0


def test_worker_path_records_the_error_and_returns(people, tree, settings, django_capture_on_commit_callbacks):
    settings.JICENG_IMPORT_MAX_UNZIPPED_MB = 1
    job = ImportJob(original_name="roll.xlsx", scope_path=tree.east.path, created_by=people.township)
    job.file.save("roll.xlsx", ContentFile(xlsx_with_sheet(sheet("<row/>" * 400_000)).read()), save=False)
    job.save()
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_run(job_id=job.pk, commit=False)  # no exception: the worker goes on
    job.refresh_from_db()
    assert job.status in (ImportStatus.CHECKED, ImportStatus.FAILED) and not job.file
    assert "解压后过大" in job.errors[0]["message"]
    assert not list(settings.PRIVATE_MEDIA_ROOT.rglob("*.xlsx"))


def test_rows_found_past_the_limit_stop_the_check(people, tree, settings):
    settings.JICENG_IMPORT_MAX_ROWS = 1
    job = ImportJob(original_name="roll.xlsx", scope_path=tree.east.path, created_by=people.township)
    job.file.save("roll.xlsx", ContentFile(xlsx(GOOD).getvalue()), save=False)
    job.save()
    job = import_job_run(job_id=job.pk, commit=False)
    assert any("超过 1 行" in e["message"] for e in job.errors) and Member.objects.count() == 0


def test_roll_file_is_stored_under_a_random_private_name(login, people, tree, settings):
    client = login(people.township)
    client.post(reverse("members:import"), {"file": SimpleUploadedFile("东镇党员名册.xlsx", xlsx(GOOD).getvalue())})
    job = ImportJob.objects.get()
    assert job.original_name == "东镇党员名册.xlsx" and "东镇" not in job.file.name
    assert job.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with pytest.raises(ValueError):
        job.file.url  # noqa: B018  (no public URL exists)


def test_a_damaged_zip_is_a_format_error_not_a_crash(login, people, tree):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    client = login(people.township)
    client.post(reverse("members:import"), {"file": SimpleUploadedFile("roll.xlsx", buffer.getvalue())})
    job = ImportJob.objects.get()
    assert job.errors and "无法读取该 Excel 文件" in job.errors[0]["message"]
