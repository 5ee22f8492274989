"""The mapping step of the roll import: a file whose header names a required column in a way
the reader does not know gets its first rows shown and a dropdown per missing column; the
mapping is kept per township and applied to its next file with the same header."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from audit.models import AuditEvent
from members.models import ColumnMapping, ImportJob, Member

from .test_services_importing import GOOD, HEADERS

# "证件号" is not a name the reader knows for 公民身份号码 (column 2); nor is 档案号 (column 10)
ODD = ["姓名", "证件号", *HEADERS[2:], "档案号"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def _file(rows, headers=ODD):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(["东镇党员花名册"])
    ws.append(headers)
    for n, row in enumerate(rows):
        ws.append([*row, f"D{n:03}"] if headers[-1] == "档案号" else row)
    ws.append(["合计", "2人"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("roll.xlsx", buffer.getvalue())


def _upload(client, rows=GOOD, headers=ODD):  # type: ignore[no-untyped-def]
    client.post(reverse("members:import"), {"file": _file(rows, headers)})
    return ImportJob.objects.latest("pk")


def _page(client, job):  # type: ignore[no-untyped-def]
    return client.get(reverse("members:import_job", args=[job.pk])).content.decode()


def _map(client, job, column):  # type: ignore[no-untyped-def]
    return client.post(reverse("members:import_mapping", args=[job.pk]), {"col0": str(column)})


def test_unknown_header_shows_rows_and_mapping_imports_exact_rows(login, people, tree):
    client = login(people.township)
    job = _upload(client)
    assert job.status == "checked" and job.file and job.summary["unmapped"] is True
    assert job.errors[0]["column"] == "表头" and "缺少必填列：公民身份号码" in job.errors[0]["message"]
    body = _page(client, job)
    assert "指定列对应关系" in body and "“公民身份号码”是文件中的" in body and "第2列：证件号" in body
    assert "张三" in body and "110105********002x" not in body and "11010519491231002x" not in body  # ID masked
    response = _map(client, job, 1)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "checked" and job.errors == [] and job.summary["create"] == 2
    saved = ColumnMapping.objects.get()
    assert saved.organization.path == job.scope_path and saved.mapping == {"公民身份号码": 1}
    assert AuditEvent.objects.filter(object_id=str(saved.pk), extra__列对应关系="第2列“证件号”为“公民身份号码”").exists()
    client.post(reverse("members:import_confirm", args=[job.pk]))
    assert sorted(Member.objects.values_list("name", "organization__name")) == [("张三", "东村党支部"), ("李四", "东街社区党支部")]
    assert Member.objects.get(name="张三").id_number == "11010519491231002X"


def test_second_file_with_same_header_maps_automatically(login, people, tree):
    client = login(people.township)
    _map(client, _upload(client), 1)
    job = _upload(client, GOOD[:1])
    assert job.errors == [] and job.summary["create"] == 1 and job.summary["mapped"] == {"公民身份号码": 1}
    assert "已按上次的列对应关系识别：第2列“证件号”为“公民身份号码”。" in _page(client, job)
    client.post(reverse("members:import_confirm", args=[job.pk]))
    assert list(Member.objects.values_list("name", flat=True)) == ["张三"]


def test_another_township_does_not_get_the_mapping(login, people, tree, client):
    _map(login(people.township), _upload(login(people.township)), 1)
    own = ImportJob.objects.get()
    client.logout()
    west = login(people.west_clerk)
    job = _upload(west, [["王五", "11010519491231002X", "1975-07-01", "", "正式党员", "西村党支部", "", "", ""]])
    assert job.summary["unmapped"] is True and job.summary["mapped"] == {}
    assert "已按上次" not in _page(west, job)
    assert _map(west, own, 1).status_code in (403, 404)
    assert ColumnMapping.objects.count() == 1 and Member.objects.count() == 0


def test_wrong_mapping_gives_row_errors_and_writes_nothing(login, people, tree):
    client = login(people.township)
    job = _upload(client)
    _map(client, job, 9)  # 档案号 is not the ID number
    job.refresh_from_db()
    assert job.status == "checked" and job.file  # kept to map again
    assert {(e["row"], e["column"]) for e in job.errors} >= {(3, "公民身份号码"), (4, "公民身份号码")}
    client.post(reverse("members:import_confirm", args=[job.pk]))
    assert Member.objects.count() == 0
    _map(client, job, 1)  # corrected on the same file
    job.refresh_from_db()
    assert job.errors == [] and ColumnMapping.objects.get().mapping == {"公民身份号码": 1}


def test_mapping_refuses_a_recognized_column(login, people, tree):
    client = login(people.township)
    job = _upload(client)
    response = _map(client, job, 0)  # 姓名 is recognized: not among the choices
    assert response.status_code == 400 and ColumnMapping.objects.count() == 0


def test_file_with_a_known_header_offers_no_mapping(login, people, tree):
    client = login(people.township)
    job = _upload(client, [["张三", "bad", "1975-07-01", "", "正式党员", "东村党支部", "", "", ""]], HEADERS)
    assert job.errors and not job.file
    assert "指定列对应关系" not in _page(client, job)
    assert _map(client, job, 1).status_code == 302 and ColumnMapping.objects.count() == 0


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"


def test_libreoffice_xls_with_unknown_header_is_mapped(login, people, tree):
    """messy_roll.xls, written by LibreOffice: title rows, 证件号码 for the ID number, a 合计
    row and one bad 入党时间; the fixed file then maps by itself (make_fixtures.py). The branch
    is renamed to the test tree's."""
    from organizations.models import Organization

    Organization.objects.filter(pk=tree.b1.pk).update(name="柳树村党支部")
    client = login(people.township)

    def upload(name):  # type: ignore[no-untyped-def]
        client.post(reverse("members:import"), {"file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes())})
        return ImportJob.objects.latest("pk")

    job = upload("messy_roll.xls")
    assert job.summary["unmapped"] is True
    _map(client, job, 3)
    job.refresh_from_db()
    assert job.errors == [{"row": 6, "column": "入党日期", "message": job.errors[0]["message"]}]
    assert Member.objects.count() == 0
    fixed = upload("messy_roll_fixed.xls")
    assert fixed.errors == [] and fixed.summary["create"] == 3 and fixed.summary["mapped"] == {"公民身份号码": 3}
    assert any("已按上次的列对应关系识别：第4列“证件号码”为“公民身份号码”" in n["message"] for n in fixed.summary["notes"])
    assert any("合计" in n["message"] for n in fixed.summary["notes"])
    client.post(reverse("members:import_confirm", args=[fixed.pk]))
    assert sorted(Member.objects.values_list("name", flat=True)) == ["林晓红", "马向东", "高建军"]


def test_two_missing_columns_cannot_share_one_column(login, people, tree):
    client = login(people.township)
    headers = ["姓名", "证件号", "入党那天", *HEADERS[3:], "档案号"]
    job = _upload(client, GOOD, headers)
    assert "缺少必填列：公民身份号码、入党日期" in job.errors[0]["message"]
    page = client.post(reverse("members:import_mapping", args=[job.pk]), {"col0": "1", "col1": "1"}, follow=True)
    assert "同一列不能同时对应两个必填列。" in page.content.decode()
    job.refresh_from_db()
    assert ColumnMapping.objects.count() == 0 and job.summary["unmapped"] is True
    client.post(reverse("members:import_mapping", args=[job.pk]), {"col0": "1", "col1": "2"})
    job.refresh_from_db()
    assert job.errors == [] and ColumnMapping.objects.get().mapping == {"公民身份号码": 1, "入党日期": 2}


def test_a_file_kept_for_mapping_is_purged_like_any_unconfirmed_one(login, people, tree, settings):
    import datetime

    from django.utils import timezone

    from members.services.import_jobs import purge_import_files

    job = _upload(login(people.township))
    assert job.file and purge_import_files() == 0
    later = timezone.now() + datetime.timedelta(hours=settings.JICENG_IMPORT_FILE_HOURS + 1)
    assert purge_import_files(now=later) == 1
    job.refresh_from_db()
    assert job.status == "expired" and not job.file
