import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from audit.models import AuditAction, AuditEvent
from core.importing.cells import parse_date
from members.models import Member
from members.services.importing import import_commit, plan_import

HEADERS = ["姓名", "身份证号", "入党日期", "转正日期", "人员类别", "所在党支部", "联系电话", "民族", "党小组"]
GOOD = [
    ["张三", "11010519491231002x", "1975年7月1日", "1976/7/1", "正式党员", "东村党支部", "138 1234 5678", "汉", "第一党小组"],
    ["李四", "440524198001010013", "２００５－０７－０１", "2006-07-01", "正式", "B02", "", "回族", ""],
]


def xlsx(rows, hidden=()):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    for number in hidden:
        ws.row_dimensions[number].hidden = True
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("text,expected", [
    ("2019-07-01", "2019-07-01"), ("2019/7/1", "2019-07-01"), ("2019年7月1日", "2019-07-01"),
    ("２０１９年７月１日", "2019-07-01"), ("2019.7.1", "2019-07-01"), ("20190701", "2019-07-01"), ("", None),
])
def test_tolerant_dates(text, expected):
    value = parse_date(text)
    assert (value.isoformat() if value else None) == expected


@pytest.mark.parametrize("text", ["2019-02-30", "七月一日", "2019-13-01"])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_good_file_imports_and_reimport_changes_nothing(tree, people):
    plan = plan_import(xlsx(GOOD), "roll.xlsx", user=people.township)
    assert plan.errors == [] and plan.summary["create"] == 2
    import_commit(plan, user=people.township, filename="roll.xlsx")
    zhang = Member.objects.get(name="张三")
    assert zhang.organization == tree.b1 and zhang.party_group == tree.group and zhang.phone == "13812345678"
    assert Member.objects.get(name="李四").organization == tree.b1b
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, object_id=str(zhang.pk)).exists()
    again = plan_import(xlsx(GOOD), "roll.xlsx", user=people.township)
    assert again.summary == {"total": 2, "create": 0, "update": 0, "unchanged": 2, "error_rows": 0}
    changed = [row[:] for row in GOOD]
    changed[0][6] = "13900001111"
    plan = plan_import(xlsx(changed), "roll.xlsx", user=people.township)
    assert plan.summary["update"] == 1
    import_commit(plan, user=people.township, filename="roll.xlsx")
    assert Member.objects.get(name="张三").phone == "13900001111"
    assert Member.objects.count() == 2


def test_every_bad_row_is_listed_and_nothing_written(tree, people):
    rows = GOOD + [
        ["王五", "11010519491231003X", "1975-07-01", "", "正式党员", "东村党支部", "", "", ""],
        ["赵六", "330102198001010018", "1975-07-01", "", "正式党员", "东村党支部", "", "", ""],
        ["钱七", "440524198001010013", "2005-07-01", "2006-07-01", "正式党员", "东村党支部", "", "", ""],
        ["孙八", "110105194912310037", "1975-02-30", "", "团员", "西村党支部", "12345", "火星族", ""],
    ]
    plan = plan_import(xlsx(rows), "roll.xlsx", user=people.township)
    by_row = {}
    for e in plan.errors:
        by_row.setdefault(e["row"], []).append((e["column"], e["message"]))
    assert any(c == "公民身份号码" and "校验位" in m for c, m in by_row[4])
    assert any(c == "入党日期" for c, m in by_row[5])  # born 1980, joined 1975
    assert any("与第3行" in m for c, m in by_row[6])
    columns = {c for c, _ in by_row[7]}
    assert {"入党日期", "人员类别", "所在党支部", "民族"} <= columns
    with pytest.raises(ValidationError):
        import_commit(plan, user=people.township, filename="roll.xlsx")
    assert Member.objects.count() == 0


def test_commit_is_all_or_nothing(tree, people, monkeypatch):
    plan = plan_import(xlsx(GOOD), "roll.xlsx", user=people.township)
    import members.services.importing as mod

    def boom(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit down")

    monkeypatch.setattr(mod, "audit_record", boom)
    with pytest.raises(RuntimeError):
        import_commit(plan, user=people.township, filename="roll.xlsx")
    assert Member.objects.count() == 0


def test_hidden_blank_and_example_rows_are_skipped(tree, people):
    rows = [GOOD[0], [None] * 9, ["示例", "11010519491231002X", "x"], GOOD[1]]
    plan = plan_import(xlsx(rows, hidden=(4,)), "roll.xlsx", user=people.township)
    assert plan.errors == [] and plan.total == 2


def test_csv_in_gb18030(tree, people):
    text = ",".join(HEADERS) + "\n" + ",".join(GOOD[0]) + "\n"
    plan = plan_import(io.BytesIO(text.encode("gb18030")), "roll.csv", user=people.township)
    assert plan.errors == [] and plan.summary["create"] == 1


def test_branch_outside_scope_is_an_error(tree, people):
    rows = [["张三", "11010519491231002X", "1975-07-01", "", "正式党员", "西村党支部", "", "", ""]]
    plan = plan_import(xlsx(rows), "roll.xlsx", user=people.township)
    assert "不在您的管理范围内" in plan.errors[0]["message"]


def test_member_of_another_branch_needs_a_transfer(tree, people, member):
    rows = [["王红", "11010519491231002X", "1975-07-01", "1976-07-01", "正式党员", "东街社区党支部", "", "", ""]]
    plan = plan_import(xlsx(rows), "roll.xlsx", user=people.township)
    assert "组织关系转接" in plan.errors[0]["message"]


def test_missing_headers(tree, people):
    wb = Workbook()
    wb.active.append(["姓名", "备注"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    plan = plan_import(buffer, "x.xlsx", user=people.township)
    assert "缺少必填列" in plan.errors[0]["message"]


def test_nul_characters_in_a_csv_are_dropped(tree, people):
    text = ",".join(HEADERS) + "\n" + ",".join(GOOD[0]).replace("张三", "张\x00三") + "\n"
    plan = plan_import(io.BytesIO(text.encode("utf-8")), "roll.csv", user=people.township)
    assert plan.errors == [] and plan.creates[0]["name"] == "张三"


def test_a_reader_cannot_commit_a_plan(tree, people):
    plan = plan_import(xlsx(GOOD), "roll.xlsx", user=people.township)
    with pytest.raises(PermissionDenied):
        import_commit(plan, user=people.viewer, filename="roll.xlsx")
    assert Member.objects.count() == 0
