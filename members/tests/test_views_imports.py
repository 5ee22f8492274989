import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from members.models import ImportJob, Member

from .test_services_importing import GOOD, xlsx


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def _upload(client, rows):  # type: ignore[no-untyped-def]
    f = SimpleUploadedFile("roll.xlsx", xlsx(rows).getvalue())
    return client.post(reverse("members:import"), {"file": f})


def test_upload_preview_then_confirm(login, people, tree):
    client = login(people.township)
    response = _upload(client, GOOD)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == "checked" and Member.objects.count() == 0
    page = client.get(reverse("members:import_job", args=[job.pk]))
    assert "检查通过" in page.content.decode()
    client.post(reverse("members:import_confirm", args=[job.pk]))
    assert Member.objects.count() == 2


def test_preview_lists_errors(login, people, tree):
    client = login(people.township)
    _upload(client, [["张三", "11010519491231003X", "1975-07-01", "", "正式党员", "东村党支部", "", "", ""]])
    job = ImportJob.objects.get()
    body = client.get(reverse("members:import_job", args=[job.pk])).content.decode()
    assert "校验位不正确" in body and "未写入任何数据" in body
    client.post(reverse("members:import_confirm", args=[job.pk]))
    assert Member.objects.count() == 0


def test_large_file_goes_to_celery_after_commit(login, people, tree, settings, django_capture_on_commit_callbacks, monkeypatch):
    settings.JICENG_IMPORT_ASYNC_ROWS = 1
    calls = []
    monkeypatch.setattr("members.services.import_jobs.run_import_job.delay", lambda *a: calls.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        _upload(login(people.township), GOOD)
    job = ImportJob.objects.get()
    assert calls == [(job.pk, False)] and job.status == "checking"
    response = login(people.township).get(reverse("members:import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "已处理" in response.content.decode()


@pytest.mark.parametrize("who,status", [("viewer", 403), ("nobody", 403)])
def test_readers_cannot_import(login, people, tree, who, status):
    assert _upload(login(getattr(people, who)), GOOD).status_code == status


def test_other_users_cannot_see_a_job(login, people, tree):
    _upload(login(people.township), GOOD)
    job = ImportJob.objects.get()
    assert login(people.other_secretary).get(reverse("members:import_job", args=[job.pk])).status_code == 404
    assert login(people.viewer).get(reverse("members:import_job", args=[job.pk])).status_code == 403


def test_template_has_headers_and_allowed_values(login, people, tree):
    response = login(people.secretary).get(reverse("members:import_template"))
    wb = load_workbook(io.BytesIO(response.content))
    headers = [c.value for c in next(wb["党员名册"].iter_rows(max_row=1))]
    assert "公民身份号码*" in headers and "所在党支部*" in headers
    assert any("汉族" in str(r) for r in wb["填写说明"].iter_rows(values_only=True))
