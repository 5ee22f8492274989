"""The history import pages of committees (core.importing.resources.import_paths): template download, upload → check → confirm →
commit, scope (another township, a viewer) — on the LibreOffice-written fixtures."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent
from committees.models import ReserveCadre, Term, TrainingAttendance

from .test_importing import FIXTURES, books  # noqa: F401  (the rolls the fixtures name)

KINDS = [("terms", "terms.xlsx", Term, 3), ("training", "training.xlsx", TrainingAttendance, 3),
         ("reserves", "reserves.xlsx", ReserveCadre, 2)]


def upload(client, name, fixture):  # type: ignore[no-untyped-def]
    content = (FIXTURES / fixture).read_bytes()
    return client.post(reverse(f"committees:import_{name}"), {"file": SimpleUploadedFile(fixture, content)})


@pytest.mark.parametrize(("name", "fixture", "model", "rows"), KINDS)
def test_upload_check_confirm_commit(world, client_for, books, name, fixture, model, rows):  # noqa: F811
    client = client_for(world.clerk_a)
    checked = upload(client, name, fixture)
    assert checked.status_code == 200 and checked.context["plan"].errors == []
    assert not model.objects.exists()
    done = client.post(reverse(f"committees:import_{name}"), {"token": checked.context["token"]})
    assert done.status_code == 302 and done.url == reverse(f"committees:import_{name}")
    assert model.objects.count() == rows
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).extra["created"] == rows
    again = upload(client, name, fixture)
    assert (again.context["plan"].new, again.context["plan"].existing) == (0, rows)
    client.post(reverse(f"committees:import_{name}"), {"token": again.context["token"]})
    assert model.objects.count() == rows


def test_check_page_lists_every_bad_row_and_offers_no_confirm(world, client_for, books):  # noqa: F811
    response = upload(client_for(world.clerk_a), "terms", "terms_bad.xlsx")
    page = response.content.decode()
    assert "共 6 行，其中 <strong>6</strong> 行有错误。" in page and "发现 7 处错误，未写入任何数据" in page and 'name="token"' not in page
    assert "找不到党组织“石桥村党支部”，或它不在您的管理范围内。" in page
    assert not Term.objects.exists()


@pytest.mark.parametrize(("name", "fixture", "model", "rows"), KINDS)
def test_another_township_gets_nothing(world, client_for, books, name, fixture, model, rows):  # noqa: F811
    response = upload(client_for(world.clerk_b), name, fixture)
    plan = response.context["plan"]
    assert plan.new == 0 and len(plan.errors) == rows and not response.context["token"]
    assert {e["message"].split("“")[0] for e in plan.errors} == {"找不到党组织"}
    assert not model.objects.exists()


@pytest.mark.parametrize("name", ["terms", "training", "reserves"])
def test_viewer_may_not_import(world, client_for, name):
    client = client_for(world.viewer_a)
    assert client.get(reverse(f"committees:import_{name}")).status_code == 403
    assert client.get(reverse(f"committees:import_{name}_template")).status_code == 403


def test_templates_carry_the_chinese_headers_and_an_example_row(world, client_for):
    client = client_for(world.clerk_a)
    sheets = {}
    for name in ("terms", "training", "reserves"):
        response = client.get(reverse(f"committees:import_{name}_template"))
        assert response.status_code == 200
        sheets[name] = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert sheets["terms"][0][:7] == ("*党组织", "届次", "*选举日期", "任期年限", "选举会议", "*应到会人数", "*实到会人数")
    assert sheets["reserves"] == [
        ("*党组织", "*姓名", "*性别", "*出生日期", "学历", "入库日期", "状态", "现任职务"),
        ("柳树村党支部", "刘晓燕", "女", "1990-05-12", "大学专科", "2024-01-15", "在库", "示例行（导入时跳过）")]
    assert len(sheets["training"]) == 2


def test_the_template_as_downloaded_imports_nothing(world, client_for):
    """The example row is skipped: a template uploaded untouched is an empty file."""
    client = client_for(world.clerk_a)
    template = client.get(reverse("committees:import_reserves_template")).content
    response = client.post(reverse("committees:import_reserves"),
                           {"file": SimpleUploadedFile("后备干部导入模板.xlsx", template)})
    plan = response.context["plan"]
    assert (plan.total, plan.skipped, plan.errors) == (0, 1, [])
