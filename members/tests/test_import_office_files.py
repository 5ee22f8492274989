"""Roll files as offices have them, written by LibreOffice (fixtures/make_fixtures.py): title
rows, a 序号 column, footer rows, two-row merged headers, several sheets, .xls, .ods, GBK
and UTF-8-BOM CSV. Each is checked and imported with the exact rows and notes expected."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import pytest

from members.models import Member
from members.services.importing import import_commit, plan_import

FIXTURES = Path(__file__).parent / "fixtures"
D = datetime.date

TOWNSHIP_MEMBERS = [  # name, id number, sex, birth date, ethnicity, join, full member, category
    ("张伟", "110105198503120012", "male", D(1985, 3, 12), "01", D(2019, 7, 1), D(2020, 7, 1), "full"),
    ("李娜", "110105199005200022", "female", D(1990, 5, 20), "01", D(2015, 6, 30), D(2016, 6, 30), "full"),
    ("王强", "110105197801010132", "male", D(1978, 1, 1), "03", D(2001, 7, 1), D(2002, 7, 1), "full"),
    ("赵敏", "110105199511110249", "female", D(1995, 11, 11), "01", D(2020, 7, 1), None, "probationary"),
    ("刘洋", "110105198808080314", "male", D(1988, 8, 8), "01", D(2010, 7, 1), D(2011, 7, 1), "full"),
    ("陈静", "11010519700215042X", "female", D(1970, 2, 15), "11", D(1995, 7, 1), D(1996, 7, 1), "full"),
    ("杨帆", "110105199209090515", "male", D(1992, 9, 9), "01", D(2018, 7, 1), D(2019, 7, 1), "full"),
    ("黄丽华", "110105198307040621", "female", D(1983, 7, 4), "01", D(2005, 7, 1), D(2006, 7, 1), "full"),
    ("周杰", "110105196001010711", "male", D(1960, 1, 1), "01", D(1985, 7, 1), D(1986, 7, 1), "full"),
    ("吴芳", "110105199903010829", "female", D(1999, 3, 1), "01", D(2023, 6, 1), None, "probationary"),
]
TOWNSHIP_NOTES = [
    {"row": 3, "message": "表头在第3行，上方的标题行未导入。"},
    {"row": 4, "message": "姓名“张  伟”中的空格已去掉，按“张伟”导入。"},
    {"row": 11, "message": "姓名“黄  丽  华”中的空格已去掉，按“黄丽华”导入。"},
    {"row": 14, "message": "“合计 10人”是合计或签字行，未导入。"},
    {"row": 15, "message": "“填表人：李四 审核人：王五 制表日期：2026年11月30日”是合计或签字行，未导入。"},
]


def fixture(name: str) -> io.BytesIO:
    return io.BytesIO((FIXTURES / name).read_bytes())


def rows_of(branch) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(m.name, m.id_number, m.sex, m.birth_date, m.ethnicity, m.join_date, m.full_member_date, m.category)
            for m in Member.objects.filter(organization=branch).order_by("id")]


@pytest.mark.parametrize("name", ["township_roll.xlsx", "township_roll.xls", "township_roll.ods"])
def test_the_township_roll_imports_from_every_format(tree, people, name):
    plan = plan_import(fixture(name), name, user=people.township)
    assert plan.errors == []
    assert plan.summary == {"total": 10, "create": 10, "update": 0, "unchanged": 0, "error_rows": 0}
    assert sorted(plan.notes, key=lambda n: n["row"]) == TOWNSHIP_NOTES
    import_commit(plan, user=people.township, filename=name)
    assert rows_of(tree.b1) == TOWNSHIP_MEMBERS
    assert Member.objects.get(name="张伟").phone == "13812345678"
    again = plan_import(fixture(name), name, user=people.township)
    assert again.summary["unchanged"] == 10 and again.errors == []


def test_a_wps_et_file_that_is_an_xls_inside_imports(tree, people, tmp_path):
    et = tmp_path / "花名册.et"
    shutil.copy(FIXTURES / "township_roll.xls", et)
    plan = plan_import(io.BytesIO(et.read_bytes()), et.name, user=people.township)
    assert plan.errors == [] and plan.summary["create"] == 10


def test_a_two_row_merged_header_with_a_date_in_three_columns(tree, people):
    plan = plan_import(fixture("two_row_header.xls"), "two_row_header.xls", user=people.township)
    assert plan.errors == []
    assert plan.notes == [{"row": 3, "message": "表头在第3—4行（两行合并表头），上方的标题行未导入。"},
                          {"row": 8, "message": "“小计 3人”是合计或签字行，未导入。"}]
    import_commit(plan, user=people.township, filename="two_row_header.xls")
    assert [(m.name, m.id_number, m.join_date, m.ethnicity, m.notes) for m in
            Member.objects.filter(organization=tree.b1b).order_by("id")] == [
        ("孙丽", "440524198001010224", D(2005, 7, 1), "01", ""),
        ("钱进", "440524197505060319", D(1999, 12, 25), "01", ""),
        ("郑和", "440524196808080531", D(1990, 6, 1), "03", "老党员"),
    ]


def test_one_sheet_per_branch_takes_the_branch_from_the_sheet(tree, people):
    plan = plan_import(fixture("two_branches.xlsx"), "two_branches.xlsx", user=people.township)
    assert plan.errors == []
    assert plan.notes == [
        {"sheet": "东村党支部", "row": 2, "message": "表头在第2行，上方的标题行未导入。"},
        {"sheet": "东村党支部", "row": 2, "message": "工作表“东村党支部”没有“所在党支部”列，按“东村党支部”导入。"},
        {"sheet": "东村党支部", "row": 5, "message": "“说明：本表由支部填写”是合计或签字行，未导入。"},
        {"sheet": "东街社区党支部", "row": 2, "message": "表头在第2行，上方的标题行未导入。"},
        {"sheet": "东街社区党支部", "row": 2, "message": "工作表“东街社区党支部”没有“所在党支部”列，按“东街社区党支部”导入。"},
        {"sheet": "东街社区党支部", "row": 4, "message": "“说明：本表由支部填写”是合计或签字行，未导入。"},
    ]
    import_commit(plan, user=people.township, filename="two_branches.xlsx")
    assert [m.name for m in Member.objects.filter(organization=tree.b1).order_by("id")] == ["冯一", "陈二"]
    assert [m.name for m in Member.objects.filter(organization=tree.b1b)] == ["褚三"]


def test_a_sheet_of_a_branch_out_of_scope_is_an_error_for_that_sheet(tree, people):
    # the west clerk keeps 西村党支部 only: neither sheet names a branch of theirs
    plan = plan_import(fixture("two_branches.xlsx"), "two_branches.xlsx", user=people.west_clerk)
    assert plan.errors == [
        {"sheet": "东村党支部", "row": 2, "column": "所在党支部",
         "message": "文件没有“所在党支部”列，从工作表名“东村党支部”和标题“东村党支部党员花名册”中也找不到您管理范围内的党支部。"
                    "请加上“所在党支部”列，或把工作表命名为党支部名称。"},
        {"sheet": "东街社区党支部", "row": 2, "column": "所在党支部",
         "message": "文件没有“所在党支部”列，从工作表名“东街社区党支部”和标题“东街社区党支部党员花名册”中也找不到您管理范围内的党支部。"
                    "请加上“所在党支部”列，或把工作表命名为党支部名称。"},
    ]
    assert plan.summary["create"] == 0


@pytest.mark.parametrize("name", ["roll_gbk.csv", "roll_utf8_bom.csv"])
def test_gbk_and_utf8_bom_csv(tree, people, name):
    plan = plan_import(fixture(name), name, user=people.township)
    assert plan.errors == [] and plan.notes == []
    import_commit(plan, user=people.township, filename=name)
    assert [(m.name, m.id_number, m.join_date, m.category, m.birth_date) for m in
            Member.objects.filter(organization=tree.b1).order_by("id")] == [
        ("蒋六", "110105198404041319", D(2008, 7, 1), "full", D(1984, 4, 4)),
        ("沈七", "110105198505051428", D(2009, 7, 1), "probationary", D(1985, 5, 5)),
    ]


def test_a_bad_row_in_an_office_file_writes_nothing(tree, people):
    from openpyxl import load_workbook

    wb = load_workbook(FIXTURES / "township_roll.xlsx")
    ws = wb.active
    ws["F6"] = "1979.01"       # 王强 was born in January 1978
    ws["E8"] = 110105198808080314  # 刘洋's number stored as a number
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    plan = plan_import(buffer, "roll.xlsx", user=people.township)
    assert plan.errors == [
        {"row": 6, "column": "出生日期", "message": "出生年月“1979年1月”与公民身份号码中的出生日期（1978年1月）不一致，可不填，按号码自动识别。"},
        {"row": 8, "column": "公民身份号码", "message": "公民身份号码被存成了数字，末几位可能已丢失，请把该列设为文本格式后重新填写。"},
    ]
    assert plan.summary["error_rows"] == 2
    with pytest.raises(Exception, match="文件中有2行错误"):
        import_commit(plan, user=people.township, filename="roll.xlsx")
    assert Member.objects.count() == 0


@pytest.mark.parametrize("name", ["hidden.xls", "hidden.ods"])
def test_hidden_rows_and_columns_of_xls_and_ods_are_skipped(name):
    from core.importing.reader import read_rows

    assert list(read_rows(fixture(name), name)) == [
        (1, ["姓名", None, "性别"]), (2, ["张三", None, "男"]), (4, ["王五", None, "男"])]


@pytest.mark.parametrize("name", ["far_cell.xls", "far_cell.ods"])
def test_a_small_file_with_a_far_cell_is_refused_before_it_is_loaded(name, settings):
    from core.importing.reader import FileFormatError, read_rows

    with pytest.raises(FileFormatError, match="工作表“Sheet”在第200列之后还有内容"):
        list(read_rows(fixture(name), name))
    settings.JICENG_IMPORT_MAX_COLUMNS = 300  # wide enough: then the range (65,536 × 256 cells) is refused
    with pytest.raises(FileFormatError, match=r"工作表的数据区域过大（第1至65536行、256列）"):
        list(read_rows(fixture(name), name))


@pytest.fixture
def private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def test_the_page_takes_an_xls_roll_shows_the_notes_and_imports_it(login, people, tree, private_media):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from members.models import ImportJob

    client = login(people.township)
    form = client.get(reverse("members:import")).content.decode()
    assert "支持 .xlsx、.xls、.xlsb、.ods、.et 或 .csv" in form and 'accept=".xlsx,.xlsm,.xls,.xlsb,.ods,.et,.csv"' in form
    upload = SimpleUploadedFile("东村花名册.xls", (FIXTURES / "township_roll.xls").read_bytes())
    assert client.post(reverse("members:import"), {"file": upload}).status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "checked" and job.errors == [] and job.summary["notes"] == TOWNSHIP_NOTES
    page = client.get(reverse("members:import_job", args=[job.pk])).content.decode()
    assert "第15行：“填表人：李四 审核人：王五 制表日期：2026年11月30日”是合计或签字行，未导入。" in page
    assert "第4行：姓名“张  伟”中的空格已去掉，按“张伟”导入。" in page and "检查通过" in page
    client.post(reverse("members:import_confirm", args=[job.pk]))
    assert rows_of(tree.b1) == TOWNSHIP_MEMBERS


def test_the_page_refuses_another_format_and_another_townships_branches(login, people, tree, private_media):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from members.models import ImportJob

    client = login(people.west_clerk)
    response = client.post(reverse("members:import"), {"file": SimpleUploadedFile("roll.docx", b"x")})
    assert "只支持 .xlsx、.xls、.xlsb、.ods、.et 或 .csv 文件。" in response.content.decode()
    upload = SimpleUploadedFile("roll.ods", (FIXTURES / "township_roll.ods").read_bytes())
    client.post(reverse("members:import"), {"file": upload})
    job = ImportJob.objects.get()
    assert [(e["row"], e["column"], e["message"]) for e in job.errors] == [
        (n, "所在党支部", "找不到党支部“东村党支部”，或不在您的管理范围内。") for n in range(4, 14)]
    page = client.get(reverse("members:import_job", args=[job.pk])).content.decode()
    assert "未写入任何数据" in page and Member.objects.count() == 0
