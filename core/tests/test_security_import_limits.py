"""Import readers are bounded (finding 7 of the security issue): a file that would cost
memory is refused quickly with a Chinese message, before or while it is read."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from core.importing.reader import FileFormatError, count_xlsx_rows, read_rows

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx_with_sheet(sheet_xml: bytes, *, compression: int = zipfile.ZIP_DEFLATED) -> io.BytesIO:
    """A real workbook (written by openpyxl) whose sheet XML is replaced by `sheet_xml`."""
    wb = Workbook()
    wb.active.append(["姓名"])
    original = io.BytesIO()
    wb.save(original)
    out = io.BytesIO()
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, sheet_xml if info.filename == SHEET else src.read(info.filename))
    out.seek(0)
    return out


def sheet(rows: str) -> bytes:
    return f'<?xml version="1.0"?><worksheet {NS}><sheetData>{rows}</sheetData></worksheet>'.encode()


def test_a_cell_reference_two_billion_columns_wide_is_refused_quickly():
    handle = xlsx_with_sheet(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
                                   '<c r="FXSHRXW1" t="inlineStr"><is><t>x</t></is></c></row>'))
    start = time.monotonic()
    with pytest.raises(FileFormatError, match="单元格位置“FXSHRXW1”无法识别"):
        list(read_rows(handle, "roll.xlsx"))
    assert time.monotonic() - start < 2


def test_content_beyond_the_column_limit_is_refused_and_empty_formatting_ignored(settings):
    settings.JICENG_IMPORT_MAX_COLUMNS = 10
    ok = xlsx_with_sheet(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="XFD1" s="1"/></row>'))
    assert list(read_rows(ok, "roll.xlsx")) == [(1, ["姓名"])]
    bad = xlsx_with_sheet(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>'
                                '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'))
    with pytest.raises(FileFormatError, match="每行最多 10 列"):
        list(read_rows(bad, "roll.xlsx"))


def test_a_row_of_endless_cells_is_refused_before_it_is_built(settings):
    settings.JICENG_IMPORT_MAX_COLUMNS = 10
    handle = xlsx_with_sheet(sheet('<row r="1">' + "<c/>" * 5000 + "</row>"))
    with pytest.raises(FileFormatError, match="第1行的内容过多"):
        list(read_rows(handle, "roll.xlsx"))


def test_a_zip_bomb_sheet_is_refused_before_it_is_unpacked(settings):
    settings.JICENG_IMPORT_MAX_UNZIPPED_MB = 5
    bomb = sheet("<row/>" * (2 * 1024 * 1024))  # 12 MB of XML, a few KB compressed
    handle = xlsx_with_sheet(bomb)
    assert len(handle.getvalue()) < 200_000
    with pytest.raises(FileFormatError, match="解压后过大"):
        list(read_rows(handle, "roll.xlsx"))
    with pytest.raises(FileFormatError, match="解压后过大"):
        count_xlsx_rows(xlsx_with_sheet(bomb))


def test_a_member_compressed_beyond_the_ratio_is_refused(settings):
    settings.JICENG_IMPORT_MAX_ZIP_RATIO = 50
    handle = xlsx_with_sheet(sheet("<row/>" * 400_000))  # 2.4 MB of XML compressing about 1000:1
    with pytest.raises(FileFormatError, match="压缩比超过 50 倍"):
        list(read_rows(handle, "roll.xlsx"))


def test_rows_per_file_are_bounded(settings):
    settings.JICENG_IMPORT_MAX_ROWS = 5
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 10))
    with pytest.raises(FileFormatError, match="超过 5 行"):
        list(read_rows(xlsx_with_sheet(sheet(rows)), "roll.xlsx"))
    csv = "\n".join(str(i) for i in range(10)).encode()
    with pytest.raises(FileFormatError, match="超过 5 行"):
        list(read_rows(io.BytesIO(csv), "roll.csv"))


def test_a_huge_csv_is_refused_by_its_size_before_it_is_read(settings):
    settings.JICENG_IMPORT_MAX_MB = 1

    class Unreadable(io.BytesIO):
        def read(self, *args):  # type: ignore[no-untyped-def]
            raise AssertionError("read before the size check")

    handle = Unreadable(b"x" * (1024 * 1024 + 1))
    with pytest.raises(FileFormatError, match="超过上限 1 MB"):
        read_rows(handle, "roll.csv")


def test_csv_columns_and_broken_quoting_give_chinese_errors(settings):
    settings.JICENG_IMPORT_MAX_COLUMNS = 3
    assert list(read_rows(io.BytesIO("姓名,性别,,,,\n".encode()), "r.csv")) == [(1, ["姓名", "性别", ""])]
    with pytest.raises(FileFormatError, match="第2行超过 3 列"):
        list(read_rows(io.BytesIO("姓名\na,b,c,d\n".encode()), "r.csv"))
    with pytest.raises(FileFormatError, match="CSV 格式有误"):
        list(read_rows(io.BytesIO(b'a\n"' + b"x" * 200_000 + b'"\n'), "r.csv"))


def test_a_well_formed_roll_still_reads():
    wb = Workbook()
    wb.active.append(["姓名", "性别"])
    wb.active.append(["张三", "男"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    assert list(read_rows(buffer, "roll.xlsx")) == [(1, ["姓名", "性别"]), (2, ["张三", "男"])]
