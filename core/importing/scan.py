"""What calamine is not told, read from .xlsx, .xls, .ods and .xlsb files before a sheet is
loaded: the used range of each sheet (calamine allocates the whole rectangle from the first
to the last cell: a 6 KB .xls with one cell at IV65536 would take a gigabyte) and the hidden
rows and columns. core.importing.reader calls these scans, then lets calamine read.

Each scan reads the file's records or XML once, keeping only counters, and raises a
FileFormatError (from `limits`) as soon as a sheet is too large."""

from __future__ import annotations

import functools
import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any, Callable
from xml.etree import ElementTree
from xml.etree.ElementTree import iterparse

import olefile
from django.conf import settings


class FileFormatError(ValueError):
    pass


_COLUMN_RE = re.compile(r"^([A-Z]+)")
_EXCEL_MAX_ROW = 1_048_576
# the used range of a sheet calamine may hold: as many rows as a file may have, this many columns wide
RANGE_COLUMNS = 30


def _column_index(ref: str) -> int:
    """0-based column of a cell reference ("C12" -> 2)."""
    letters = _COLUMN_RE.match(ref)
    if not letters or len(letters.group(1)) > 3:  # Excel's last column is XFD
        raise FileFormatError(f"Excel 文件中的单元格位置“{ref[:20]}”无法识别。")
    index = 0
    for ch in letters.group(1):
        index = index * 26 + ord(ch) - 64
    return index - 1



@dataclass
class Extent:
    """A sheet's used range (0-based, cells with a value or a format), and its hidden rows
    (1-based numbers) and columns (0-based)."""

    first_row: int = -1
    last_row: int = -1
    first_column: int = 1 << 30
    last_column: int = -1  # of a cell with a value
    last_any_column: int = -1  # of any cell, formatted blanks included
    rows: int = 0
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)

    def cell(self, row: int, column: int, value: bool = True) -> None:
        if self.first_row < 0 or row < self.first_row:
            self.first_row = row
        if row > self.last_row:
            self.last_row = row
        if column < self.first_column:
            self.first_column = column
        if column > self.last_any_column:
            self.last_any_column = column
        if value and column > self.last_column:
            self.last_column = column


Check = Callable[[str, Extent], None]  # raises a FileFormatError for a sheet too large

# --- .xls (BIFF8 and BIFF5 in an OLE2 container; WPS .et saved as .xls)

_BOF, _EOF, _BOUNDSHEET, _ROW, _COLINFO = 0x0809, 0x000A, 0x0085, 0x0208, 0x007D
_CELLS = {0x00FD, 0x0203, 0x027E, 0x0006, 0x0205, 0x0204, 0x00D6}  # LABELSST NUMBER RK FORMULA BOOLERR LABEL RSTRING
_MULRK, _BLANK, _MULBLANK = 0x00BD, 0x0201, 0x00BE


def _sheet_name(body: bytes) -> str:
    length, flags = body[6], body[7] if len(body) > 7 else 0
    if len(body) >= 8 + length and flags & 1:
        return body[8:8 + 2 * length].decode("utf-16-le", "replace")
    return body[8:8 + length].decode("latin-1") if len(body) >= 8 + length else body[7:7 + length].decode("latin-1")


def scan_xls(handle: IO[bytes], check: Check) -> dict[str, Extent]:
    """{sheet name: extent} of an .xls workbook; ValueError when it is not one."""
    ole = olefile.OleFileIO(handle)
    try:
        name = "Workbook" if ole.exists("Workbook") else "Book"
        data = ole.openstream(name).read()
    finally:
        ole.close()
    names: dict[int, str] = {}
    extents: dict[str, Extent] = {}
    current: Extent | None = None
    sheet = ""
    unpack = struct.unpack_from
    pos, end = 0, len(data)
    while pos + 4 <= end:
        kind, size = unpack("<HH", data, pos)
        body_at = pos + 4
        if kind in _CELLS and size >= 4 and current is not None:
            row, column = unpack("<HH", data, body_at)
            current.cell(row, column)
        elif kind == _ROW and size >= 14 and current is not None:
            row, = unpack("<H", data, body_at)
            current.rows += 1
            if unpack("<H", data, body_at + 12)[0] & 0x20:
                current.hidden_rows.add(row + 1)
        elif kind in (_MULRK, _MULBLANK) and size >= 6 and current is not None:
            row, first = unpack("<HH", data, body_at)
            last, = unpack("<H", data, body_at + size - 2)
            current.cell(row, first, kind == _MULRK)
            current.cell(row, last, kind == _MULRK)
        elif kind == _BLANK and size >= 4 and current is not None:
            row, column = unpack("<HH", data, body_at)
            current.cell(row, column, False)
        elif kind == _COLINFO and size >= 10 and current is not None:
            first, last = unpack("<HH", data, body_at)
            if unpack("<H", data, body_at + 8)[0] & 1:
                current.hidden_columns.update(range(first, min(last, 1000) + 1))
        elif kind == _BOUNDSHEET and size >= 8:
            names[unpack("<I", data, body_at)[0]] = _sheet_name(data[body_at:body_at + size])
        elif kind == _BOF:
            if pos in names:
                sheet, current = names[pos], Extent()
        elif kind == _EOF and current is not None:
            check(sheet, current)
            extents[sheet] = current
            current = None
        pos = body_at + size
    if current is not None:
        check(sheet, current)
        extents[sheet] = current
    return extents


# --- .ods (content.xml)

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE, _ROW_E, _CELL_E, _COVERED, _COLUMN_E = (_T + t for t in ("table", "table-row", "table-cell",
                                                                   "covered-table-cell", "table-column"))


def scan_ods(archive: zipfile.ZipFile, check: Check) -> dict[str, Extent]:
    extents: dict[str, Extent] = {}
    current, row, column = Extent(), 0, 0
    columns_at = 0
    with archive.open("content.xml") as source:
        for event, element in iterparse(source, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _TABLE:
                    current, row, columns_at = Extent(), 0, 0
                elif tag == _ROW_E:
                    column = 0
                continue
            if tag in (_CELL_E, _COVERED):
                repeat = int(element.get(_T + "number-columns-repeated", "1") or 1)
                if element.get(_O + "value-type") is not None or len(element):
                    current.cell(row, column)
                    current.cell(row, column + repeat - 1)
                column += repeat
                element.clear()
            elif tag == _ROW_E:
                repeat = int(element.get(_T + "number-rows-repeated", "1") or 1)
                if element.get(_T + "visibility", "visible") != "visible":
                    current.hidden_rows.update(range(row + 1, row + 1 + min(repeat, 1000)))
                current.rows += 1
                row += repeat
                element.clear()
            elif tag == _COLUMN_E:
                repeat = int(element.get(_T + "number-columns-repeated", "1") or 1)
                if element.get(_T + "visibility", "visible") != "visible":
                    current.hidden_columns.update(range(columns_at, columns_at + min(repeat, 1000)))
                columns_at += repeat
            elif tag == _TABLE:
                name = element.get(_T + "name", "")
                check(name, current)
                extents[name] = current
                element.clear()
    return extents


# --- .xlsb (BIFF12 records of each xl/worksheets/sheetN.bin)

_XLSB_ROW, _XLSB_CELLS = 0, range(1, 12)  # BrtRowHdr; BrtCellBlank … BrtFmlaError


def _varint(data: bytes, pos: int, limit: int) -> tuple[int, int]:
    value = shift = 0
    for _ in range(limit):
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return value, pos


def scan_xlsb(archive: zipfile.ZipFile, check: Check) -> None:
    """Refuse an .xlsb whose sheets are too large (sheets checked by their part names;
    hidden rows are not read from .xlsb)."""
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".bin")):
            continue
        data = archive.read(info)
        extent, pos, end, row = Extent(), 0, len(data), 0
        while pos < end:
            kind, pos = _varint(data, pos, 2)
            size, pos = _varint(data, pos, 4)
            if kind == _XLSB_ROW and size >= 4:
                row = int.from_bytes(data[pos:pos + 4], "little")
                extent.rows += 1
            elif kind in _XLSB_CELLS and size >= 4:
                extent.cell(row, int.from_bytes(data[pos:pos + 4], "little"), kind != 1)
            pos += size
        check(info.filename.rsplit("/", 1)[-1], extent)


# --- .xlsx: what calamine does not tell (hidden rows and columns), and the used range, from the sheet XML

_TOKEN = re.compile(rb"<(?:\w+:)?(row|c|col)\b([^>]*?)(/?)>|<(?:\w+:)?(v|is|f)\b")
_ATTR_R = re.compile(rb'\br="([^"]*)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_MIN = re.compile(rb'\bmin="(\d+)"')
_MAX = re.compile(rb'\bmax="(\d+)"')
_COUNT_CHUNK = 1 << 20
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class XlsxLayout:
    rows: int = 0  # <row> elements
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)  # 0-based


def xlsx_sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: the sheet's XML member} from the workbook and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    paths = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        paths[sheet.get("name", "")] = path
    return paths


_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")


@functools.lru_cache(maxsize=8)
def _patterns(prefix: bytes) -> dict[str, Any]:
    """The scan's expressions for the sheet's namespace prefix ("" or "x:"): each starts with a
    literal, which the regular expression engine finds quickly."""
    p = re.escape(prefix)
    return {
        "row": re.compile(b"<" + p + rb"row\b([^>]*)>"),
        "col": re.compile(b"<" + p + rb"col\b([^>]*)>"),
        # a cell with a value (not self-closing): its column letters; a self-closing one is formatting only
        "valued": re.compile(b"<" + p + rb'c r="([A-Z]+)\d+"[^>/]*>'),
        "bad_ref": re.compile(b"<" + p + rb'c r="(?![A-Z]{1,3}[1-9]\d{0,6}")([^"]*)"'),
        "tags": [b"<" + prefix + t for t in (b"c ", b"c>", b"c/>", b"row ", b"row>", b"row/>")],
        "placed": [b"<" + prefix + t for t in (b'c r="', b'row r="')],
    }


def _letters_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def scan_xlsx_sheet(open_source: Any) -> XlsxLayout:
    """A pass over the raw XML, chunk by chunk with regular expressions (no tree is built,
    no Python work per cell): rows, hidden rows and columns, and the refusals that keep
    calamine's array bounded. A sheet whose cells or rows do not carry their position is
    scanned token by token instead."""
    max_rows, max_columns = settings.JICENG_IMPORT_MAX_ROWS, settings.JICENG_IMPORT_MAX_COLUMNS
    layout = XlsxLayout()
    first_row = last_row = 0
    letters: set[bytes] = set()
    tail = b""
    patterns: dict[str, Any] | None = None
    with open_source() as source:
        while chunk := source.read(_COUNT_CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<")
            if cut != -1 and data.find(b">", cut) == -1:
                data, tail = data[:cut], data[cut:]  # an unfinished tag goes with the next chunk
            else:
                tail = b""
            if patterns is None:
                found = _SHEET_DATA.search(data)
                patterns = _patterns(found.group(1) or b"" if found else b"")
            # cells and rows that do not start with their position (r="…" first, as Excel,
            # WPS, LibreOffice and openpyxl write them) are counted by the slower scan
            if sum(data.count(t) for t in patterns["tags"]) != sum(data.count(t) for t in patterns["placed"]):
                with open_source() as again:
                    return scan_xlsx_sheet_tokens(again)
            bad = patterns["bad_ref"].search(data)
            if bad:
                _column_index(bad.group(1).decode("ascii", "replace"))  # a letters problem: its own message
                raise FileFormatError(f"Excel 文件中的单元格位置“{bad.group(1)[:20].decode('ascii', 'replace')}”无法识别。")
            for attrs in patterns["row"].findall(data):
                layout.rows += 1
                if layout.rows > max_rows + 1:  # the header row and max_rows data rows
                    raise FileFormatError(f"文件超过 {max_rows} 行，请拆分后分批导入。")
                ref = _ATTR_R.search(attrs)
                text = ref.group(1).decode("ascii", "replace") if ref else ""
                if not (text.isdigit() and 0 < int(text) <= _EXCEL_MAX_ROW):
                    raise FileFormatError(f"Excel 文件中的行号“{text[:20]}”无法识别。")
                number = int(text)
                first_row, last_row = first_row or number, number
                if _HIDDEN.search(attrs):
                    layout.hidden_rows.add(number)
            letters.update(patterns["valued"].findall(data))
            for attrs in patterns["col"].findall(data):
                low, high = _MIN.search(attrs), _MAX.search(attrs)
                if _HIDDEN.search(attrs) and low and high:
                    first, last = int(low.group(1)), min(int(high.group(1)), max_columns)
                    layout.hidden_columns.update(range(first - 1, last))
    columns = sorted(_letters_index(c) for c in letters)
    if columns and columns[-1] >= max_columns:
        far = next(c for c in letters if _letters_index(c) == columns[-1]).decode()
        raise FileFormatError(f"第{max_columns}列之后还有内容（{far}列），每行最多 {max_columns} 列，请删去多余的列。")
    if columns and (last_row - first_row + 1) * (columns[-1] - columns[0] + 1) > (max_rows + 1) * RANGE_COLUMNS:
        raise FileFormatError(f"工作表的数据区域过大（第{first_row}至{last_row}行、{columns[-1] - columns[0] + 1}列），"
                              "请删去远处多余的内容，或拆分后分批导入。")
    return layout


def scan_xlsx_sheet_tokens(source: IO[bytes]) -> XlsxLayout:
    """The scan token by token, for a sheet with cells or rows that do not say where they
    are (no r="…"): each such cell is the next column, each such row the next row."""
    max_rows, max_columns = settings.JICENG_IMPORT_MAX_ROWS, settings.JICENG_IMPORT_MAX_COLUMNS
    row_budget = max_columns * 50  # elements inside one <row>: bounded before calamine builds it
    layout = XlsxLayout()
    number = inside = last_row = first_row = 0
    first_column, last_column = max_columns, 0
    tail = b""
    while chunk := source.read(_COUNT_CHUNK):
        data = tail + chunk
        # keep an unfinished tag for the next chunk
        cut = data.rfind(b"<")
        if cut != -1 and data.find(b">", cut) == -1 and chunk:
            data, tail = data[:cut], data[cut:]
        else:
            tail = b""
        for m in _TOKEN.finditer(data):
            tag, attrs, closed, inner = m.group(1), m.group(2), m.group(3), m.group(4)
            if inner:
                inside += 1
            elif tag == b"row":
                layout.rows += 1
                if layout.rows > max_rows + 1:  # the header row and max_rows data rows
                    raise FileFormatError(f"文件超过 {max_rows} 行，请拆分后分批导入。")
                ref = _ATTR_R.search(attrs)
                if ref:
                    text = ref.group(1).decode("ascii", "replace")
                    if not (text.isdigit() and 0 < int(text) <= _EXCEL_MAX_ROW):
                        raise FileFormatError(f"Excel 文件中的行号“{text[:20]}”无法识别。")
                    number = int(text)
                else:
                    number += 1
                inside = 0
                if _HIDDEN.search(attrs):
                    layout.hidden_rows.add(number)
            elif tag == b"c":
                inside += 1
                if inside > row_budget:
                    raise FileFormatError(f"第{number}行的内容过多（每行最多 {max_columns} 列），请检查文件。")
                ref = _ATTR_R.search(attrs)
                if ref is None or closed:  # an empty (formatting only) cell: calamine leaves it out
                    continue
                text = ref.group(1).decode("ascii", "replace")
                column = _column_index(text)
                if column >= max_columns:
                    raise FileFormatError(f"第{number}行在第{max_columns}列之后还有内容（单元格“{text}”），"
                                          f"每行最多 {max_columns} 列，请删去多余的列。")
                first_row = first_row or number
                last_row = number
                first_column, last_column = min(first_column, column), max(last_column, column)
            elif tag == b"col" and _HIDDEN.search(attrs):
                low, high = _MIN.search(attrs), _MAX.search(attrs)
                if low and high:
                    first, last = int(low.group(1)), min(int(high.group(1)), max_columns)
                    layout.hidden_columns.update(range(first - 1, last))
    if first_row and (last_row - first_row + 1) * (last_column - first_column + 1) > (max_rows + 1) * RANGE_COLUMNS:
        raise FileFormatError(f"工作表的数据区域过大（第{first_row}至{last_row}行、{last_column - first_column + 1}列），"
                              "请删去远处多余的内容，或拆分后分批导入。")
    return layout
