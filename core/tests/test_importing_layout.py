"""The shared reader and layout (core.importing): a header under title rows, a two-row merged
header with a date in 年/月/日 columns, footer rows, hidden .xlsx columns, the used-range
bound, the formats refused, and the month and name parsers."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook

from core.importing.cells import CellError, Column, YearMonth, parse_date, parse_date_or_month, parse_name, parse_text
from core.importing.layout import find_header, footer_text
from core.importing.plan import Plan, check_file
from core.importing.reader import FileFormatError, read_rows, read_sheets

COLUMNS = (Column("姓名", "name", parse_name, True), Column("入党日期", "join_date", parse_date, True, ("入党时间",)),
           Column("性别", "sex", parse_text))


def xlsx(rows, **options):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for letter in options.get("hidden_columns", ()):
        ws.column_dimensions[letter].hidden = True
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def check(rows):  # type: ignore[no-untyped-def]
    plan, seen = Plan(), []
    check_file(plan, xlsx(rows), "r.xlsx", COLUMNS, lambda n, values, found: seen.append(
        (n, {c.field: values[i] if i < len(values) else None for i, c in found.items()})))
    return plan, seen


def test_the_header_is_found_under_title_rows_and_footers_are_notes():
    plan, seen = check([["某支部党员花名册"], ["填报单位：某镇", None, "填报时间：2026年"], [],
                        ["序号", "姓名", "入党时间", "性别"], [1, "张三", "2001-07-01", "男"],
                        ["合计", "1人"], ["填表人：李四", None, "审核人：王五"]])
    assert plan.errors == []
    assert seen == [(5, {"name": "张三", "join_date": "2001-07-01", "sex": "男"})]
    assert plan.notes == [{"row": 4, "message": "表头在第4行，上方的标题行未导入。"},
                          {"row": 6, "message": "“合计 1人”是合计或签字行，未导入。"},
                          {"row": 7, "message": "“填表人：李四 审核人：王五”是合计或签字行，未导入。"}]


def test_a_two_row_header_puts_year_month_day_together():
    plan, seen = check([["序号", "基本信息", None, "入党时间", None, None],
                        [None, "姓名", "性别", "年", "月", "日"],
                        [1, "张三", "男", 2001, 7, 1], [2, "李四", "女", None, None, None]])
    assert plan.errors == []
    assert seen == [(3, {"name": "张三", "sex": "男", "join_date": "2001-7-1"}),
                    (4, {"name": "李四", "sex": "女", "join_date": None})]


def test_a_file_without_the_required_columns_says_which():
    plan, seen = check([["标题"], ["姓名", "性别"], ["张三", "男"]])
    assert seen == [] and plan.errors == [{"row": 2, "column": "表头", "message":
                                           "缺少必填列：入党日期。请使用下载的导入模板，或把表头改成模板中的列名。"}]


def test_hidden_xlsx_columns_are_skipped():
    rows = list(read_rows(xlsx([["姓名", "秘密", "性别"], ["张三", "x", "男"]], hidden_columns="B"), "r.xlsx"))
    assert rows == [(1, ["姓名", None, "性别"]), (2, ["张三", None, "男"])]


def test_content_far_below_is_refused_before_the_sheet_is_loaded(settings):
    settings.JICENG_IMPORT_MAX_ROWS = 100
    wb = Workbook()
    wb.active["A1"] = "姓名"
    wb.active["Z90000"] = "x"
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    with pytest.raises(FileFormatError, match="工作表的数据区域过大（第1至90000行、26列）"):
        list(read_rows(buffer, "r.xlsx"))


def test_formats_refused_with_a_clear_message():
    with pytest.raises(FileFormatError, match="只支持 .xlsx、.xls、.xlsb、.ods、.et 或 .csv 文件"):
        read_sheets(io.BytesIO(b"x"), "roll.docx")
    with pytest.raises(FileFormatError, match="无法读取该 Excel 文件"):
        list(read_sheets(io.BytesIO(b"WPS private format"), "roll.et"))


def test_every_visible_sheet_is_read_in_order():
    wb = Workbook()
    wb.active.title = "一"
    wb.active.append(["a"])
    wb.create_sheet("隐藏").append(["b"])
    wb["隐藏"].sheet_state = "hidden"
    wb.create_sheet("二").append(["c"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    assert [(s.name, list(s.rows)) for s in read_sheets(buffer, "r.xlsx")] == [("一", [(1, ["a"])]), ("二", [(1, ["c"])])]


@pytest.mark.parametrize("value,expected", [
    ("1985.03", YearMonth(1985, 3)), ("1985年3月", YearMonth(1985, 3)), ("1985-3", YearMonth(1985, 3)),
    (1985.03, YearMonth(1985, 3)), (1985.1, YearMonth(1985, 10)), ("198503", YearMonth(1985, 3)),
    ("1985.3.12", datetime.date(1985, 3, 12)), (19850312.0, datetime.date(1985, 3, 12)),
    (datetime.datetime(1985, 3, 12), datetime.date(1985, 3, 12)), ("", None),
])
def test_birth_month_or_date(value, expected):
    assert parse_date_or_month(value) == expected


def test_bad_month_and_names():
    with pytest.raises(CellError, match="年月“1985.13”不存在"):
        parse_date_or_month("1985.13")
    assert parse_name("黄  丽　华") == "黄丽华" and parse_date(20190701) == datetime.date(2019, 7, 1)
    assert footer_text([None, "制表日期：2026-11-30"]) == "制表日期：2026-11-30" and footer_text(["张三"]) is None


def test_an_empty_sheet_has_no_header():
    header, rows = find_header(iter([]), lambda headers: ({}, []))
    assert header is None and list(rows) == []
