"""One reader for every roll-like file: .xlsx, .xls, .xlsb, .ods (and WPS .et when it is
an .xls inside) through python-calamine, .csv (UTF-8 with or without BOM, GB18030/GBK)
through the csv module. Each visible worksheet is read in turn: (row number, cell values),
with blank rows skipped, and the rows and columns the format marks hidden skipped (.xlsx:
read from the sheet XML; calamine does not expose them, and .xls/.ods hidden rows are read
like the others).

calamine holds one sheet in memory at a time (a Rust array of the sheet's used range,
about 32 bytes a cell) and converts one row to Python at a time (`iter_rows`), so the
cost is bounded by the used range; the checks below keep that range bounded before the
sheet is loaded.

A hostile or broken file is refused with a FileFormatError before it costs memory: the
file size (JICENG_IMPORT_MAX_MB) is checked before anything is read; a zip archive's
(.xlsx, .xlsb, .ods) declared sizes (all members, and each member's compression ratio: zip
bombs) before calamine opens it; an .xlsx sheet's XML is scanned for its rows, cell
references, elements per row and used range (a cell at XFD1048576 would make the range
17 billion cells) before the sheet is loaded; then rows per sheet and content beyond
JICENG_IMPORT_MAX_COLUMNS are refused while rows are read."""

from __future__ import annotations

import csv
import functools
import io
import os
import posixpath
import re
import struct
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any, Iterator
from xml.etree import ElementTree

from django.conf import settings
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from .scan import Extent, scan_ods, scan_xls, scan_xlsb

_COLUMN_RE = re.compile(r"^([A-Z]+)")
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".et")
EXTENSIONS = (*SPREADSHEET_EXTENSIONS, ".csv")
EXTENSIONS_TEXT = ".xlsx、.xls、.xlsb、.ods、.et 或 .csv"
_UNREADABLE = "无法读取该 Excel 文件，请确认文件未损坏、是 .xlsx、.xls、.xlsb、.ods 等表格格式，或用 Excel、WPS 另存为 .xlsx 后再上传。"


class FileFormatError(ValueError):
    pass


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _column_index(ref: str) -> int:
    """0-based column of a cell reference ("C12" -> 2)."""
    letters = _COLUMN_RE.match(ref)
    if not letters or len(letters.group(1)) > 3:  # Excel's last column is XFD
        raise FileFormatError(f"Excel 文件中的单元格位置“{ref[:20]}”无法识别。")
    index = 0
    for ch in letters.group(1):
        index = index * 26 + ord(ch) - 64
    return index - 1


_MB = 1024 * 1024
_EXCEL_MAX_ROW = 1_048_576
_ZIP_MAX_MEMBERS = 1000
_ZIP_RATIO_FROM = _MB  # members smaller than this may compress as well as they like
# the used range of a sheet calamine may hold: as many rows as a file may have, this many columns wide
_RANGE_COLUMNS = 30


def _size_of(handle: IO[bytes]) -> int:
    size = getattr(handle, "size", None)
    if size is not None:
        return int(size)
    position = handle.tell()
    end = handle.seek(0, os.SEEK_END)
    handle.seek(position)
    return int(end)


def check_file_size(handle: IO[bytes], max_bytes: int | None = None) -> None:
    """Refuse a file over JICENG_IMPORT_MAX_MB (or `max_bytes`) before reading any of it."""
    limit = max_bytes if max_bytes is not None else settings.JICENG_IMPORT_MAX_MB * _MB
    size = _size_of(handle)
    if size > limit:
        raise FileFormatError(f"文件大小为 {size / _MB:.1f} MB，超过上限 {limit / _MB:g} MB，请拆分后分批导入。")


def check_archive(handle: IO[bytes]) -> None:
    """Refuse a zip workbook (.xlsx, .xlsb, .ods) whose members would unpack to more than
    JICENG_IMPORT_MAX_UNZIPPED_MB, or one compressed beyond JICENG_IMPORT_MAX_ZIP_RATIO (a zip
    bomb). zipfile never returns more than a member's declared size, so checking the
    declarations bounds what is read."""
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise FileFormatError("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from exc
    finally:
        handle.seek(0)
    bomb = "Excel 文件解压后过大（{}），可能已损坏或被恶意构造，请另存为新的 .xlsx 文件后再上传。"
    if len(members) > _ZIP_MAX_MEMBERS:
        raise FileFormatError(bomb.format(f"包含 {len(members)} 个部件"))
    total = sum(m.file_size for m in members)
    limit = settings.JICENG_IMPORT_MAX_UNZIPPED_MB * _MB
    if total > limit:
        raise FileFormatError(bomb.format(f"{total / _MB:.0f} MB，上限 {limit / _MB:g} MB"))
    ratio = settings.JICENG_IMPORT_MAX_ZIP_RATIO
    for m in members:
        if m.file_size > _ZIP_RATIO_FROM and m.file_size > ratio * max(m.compress_size, 1):
            raise FileFormatError(bomb.format(f"部件压缩比超过 {ratio} 倍"))


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
class _XlsxLayout:
    rows: int = 0  # <row> elements
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)  # 0-based


def _xlsx_sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
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


def _scan_xlsx_sheet(open_source: Any) -> _XlsxLayout:
    """A pass over the raw XML, chunk by chunk with regular expressions (no tree is built,
    no Python work per cell): rows, hidden rows and columns, and the refusals that keep
    calamine's array bounded. A sheet whose cells or rows do not carry their position is
    scanned token by token instead."""
    max_rows, max_columns = settings.JICENG_IMPORT_MAX_ROWS, settings.JICENG_IMPORT_MAX_COLUMNS
    layout = _XlsxLayout()
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
                    return _scan_xlsx_sheet_tokens(again)
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
    if columns and (last_row - first_row + 1) * (columns[-1] - columns[0] + 1) > (max_rows + 1) * _RANGE_COLUMNS:
        raise FileFormatError(f"工作表的数据区域过大（第{first_row}至{last_row}行、{columns[-1] - columns[0] + 1}列），"
                              "请删去远处多余的内容，或拆分后分批导入。")
    return layout


def _scan_xlsx_sheet_tokens(source: IO[bytes]) -> _XlsxLayout:
    """The scan token by token, for a sheet with cells or rows that do not say where they
    are (no r="…"): each such cell is the next column, each such row the next row."""
    max_rows, max_columns = settings.JICENG_IMPORT_MAX_ROWS, settings.JICENG_IMPORT_MAX_COLUMNS
    row_budget = max_columns * 50  # elements inside one <row>: bounded before calamine builds it
    layout = _XlsxLayout()
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
    if first_row and (last_row - first_row + 1) * (last_column - first_column + 1) > (max_rows + 1) * _RANGE_COLUMNS:
        raise FileFormatError(f"工作表的数据区域过大（第{first_row}至{last_row}行、{last_column - first_column + 1}列），"
                              "请删去远处多余的内容，或拆分后分批导入。")
    return layout


# --- every spreadsheet format, through calamine


@dataclass
class Sheet:
    """One worksheet: its name and its non-blank rows, read on demand."""

    name: str
    rows: Iterator[tuple[int, list[Any]]]


def _cell(value: Any) -> Any:
    return None if value == "" else value


def _calamine_rows(sheet: Any, layout: _XlsxLayout | Extent | None) -> Iterator[tuple[int, list[Any]]]:
    max_rows, max_columns = settings.JICENG_IMPORT_MAX_ROWS, settings.JICENG_IMPORT_MAX_COLUMNS
    start = sheet.start
    if start is None:
        return
    offset = start[1]
    if sheet.height > max_rows + 1 and layout is None:
        raise FileFormatError(f"文件超过 {max_rows} 行，请拆分后分批导入。")
    hidden_rows = layout.hidden_rows if layout else set()
    hidden_columns = {c - offset for c in layout.hidden_columns} if layout else set()
    seen = 0
    for index, raw in enumerate(sheet.iter_rows()):
        number = index + 1
        if number in hidden_rows:
            continue
        values = [None] * offset + [_cell(v) for v in raw] if offset else [_cell(v) for v in raw]
        if len(values) > max_columns:
            if not _blank(values[max_columns:]):
                raise FileFormatError(f"第{number}行超过 {max_columns} 列，请删去多余的列。")
            del values[max_columns:]
        for column in hidden_columns:
            if 0 <= column + offset < len(values):
                values[column + offset] = None
        while values and values[-1] is None:
            values.pop()
        if _blank(values):
            continue
        seen += 1
        if seen > max_rows + 1:
            raise FileFormatError(f"文件超过 {max_rows} 行，请拆分后分批导入。")
        yield number, values


def _check_extent(name: str, extent: Extent) -> None:
    """Refuse a sheet (of an .xls, .ods or .xlsb) whose used range calamine may not hold."""
    max_rows, max_columns = settings.JICENG_IMPORT_MAX_ROWS, settings.JICENG_IMPORT_MAX_COLUMNS
    if extent.rows > max_rows + 1 + 100:  # the header row, title and footer rows
        raise FileFormatError(f"文件超过 {max_rows} 行，请拆分后分批导入。")
    if extent.last_column >= max_columns:
        raise FileFormatError(f"工作表“{name}”在第{max_columns}列之后还有内容，每行最多 {max_columns} 列，请删去多余的列。")
    if extent.last_row < 0:
        return
    width = extent.last_any_column - extent.first_column + 1
    if (extent.last_row - extent.first_row + 1) * width > (max_rows + 1) * _RANGE_COLUMNS:
        raise FileFormatError(f"工作表的数据区域过大（第{extent.first_row + 1}至{extent.last_row + 1}行、{width}列），"
                              "请删去远处多余的内容（包括只设了格式的单元格），或拆分后分批导入。")


def _open_workbook(handle: IO[bytes]) -> tuple[Any, dict[str, Any]]:
    head = handle.read(8)
    handle.seek(0)
    layouts: dict[str, Any] = {}
    if head[:4] == b"PK\x03\x04":
        check_archive(handle)
        try:
            with zipfile.ZipFile(handle) as archive:
                names = archive.NameToInfo
                if "xl/workbook.xml" in names:
                    for name, path in _xlsx_sheet_paths(archive).items():
                        if path in names:
                            layouts[name] = _scan_xlsx_sheet(lambda path=path: archive.open(path))
                elif "content.xml" in names:
                    layouts = scan_ods(archive, _check_extent)
                elif "xl/workbook.bin" in names:
                    scan_xlsb(archive, _check_extent)
        except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile, ElementTree.ParseError,
                IndexError, ValueError) as exc:
            if isinstance(exc, FileFormatError):
                raise
            raise FileFormatError(_UNREADABLE) from exc
        finally:
            handle.seek(0)
    elif head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE2: .xls, and WPS .et saved as .xls
        try:
            layouts = scan_xls(handle, _check_extent)
        except FileFormatError:
            raise
        except (OSError, ValueError, IndexError, struct.error) as exc:
            raise FileFormatError(_UNREADABLE) from exc
        finally:
            handle.seek(0)
    try:
        return CalamineWorkbook.from_filelike(handle), layouts
    except (CalamineError, ValueError, OSError) as exc:
        raise FileFormatError(_UNREADABLE) from exc
    except Exception as exc:  # a panic in the Rust reader on a damaged file
        raise FileFormatError(_UNREADABLE) from exc


def _workbook_sheets(handle: IO[bytes]) -> Iterator[Sheet]:
    workbook, layouts = _open_workbook(handle)
    try:
        metas = [m for m in workbook.sheets_metadata
                 if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet]
        if not metas:
            raise FileFormatError("文件中没有可读取的工作表。")
        for meta in metas:
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
            except Exception as exc:  # CalamineError, or a panic on a damaged sheet
                raise FileFormatError(f"工作表“{meta.name}”无法读取，请检查文件。") from exc
            yield Sheet(meta.name, _calamine_rows(sheet, layouts.get(meta.name)))
            del sheet
    finally:
        workbook.close()


def _csv_rows(handle: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    # the size was checked before: reading the whole (bounded) file lets the encoding be
    # chosen once for all of it
    limit = settings.JICENG_IMPORT_MAX_MB * _MB
    raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise FileFormatError(f"文件超过上限 {limit / _MB:g} MB，请拆分后分批导入。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileFormatError("无法识别 CSV 文件的编码，请另存为 UTF-8。")
    del raw
    # PostgreSQL text cannot hold NUL characters; they are never meaningful in a roll
    text = text.replace("\x00", "")
    max_rows, max_columns = settings.JICENG_IMPORT_MAX_ROWS, settings.JICENG_IMPORT_MAX_COLUMNS
    reader = csv.reader(io.StringIO(text))
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileFormatError(f"第{number + 1}行的 CSV 格式有误（{exc}），请检查引号是否配对。") from exc
        number += 1
        if number > max_rows + 1:
            raise FileFormatError(f"文件超过 {max_rows} 行，请拆分后分批导入。")
        if len(values) > max_columns:
            if not _blank(values[max_columns:]):
                raise FileFormatError(f"第{number}行超过 {max_columns} 列，请删去多余的列。")
            values = values[:max_columns]
        if not _blank(values):
            yield number, list(values)


def read_sheets(handle: IO[bytes], filename: str) -> Iterator[Sheet]:
    """Each visible worksheet of the file (a CSV is one sheet named after the file); a
    FileFormatError (in Chinese) for a file that cannot or may not be read, raised before
    the first sheet or while iterating."""
    name = filename.lower()
    check_file_size(handle)
    if name.endswith(".csv"):
        return iter([Sheet(os.path.splitext(os.path.basename(filename))[0], _csv_rows(handle))])
    if name.endswith(SPREADSHEET_EXTENSIONS):
        return _workbook_sheets(handle)
    raise FileFormatError(f"只支持 {EXTENSIONS_TEXT} 文件。")


def read_rows(handle: IO[bytes], filename: str) -> Iterator[tuple[int, list[Any]]]:
    """The non-blank rows of the file's first visible sheet."""
    sheets = read_sheets(handle, filename)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        first = next(sheets, None)
        if first is not None:
            yield from first.rows

    return rows()


def count_rows(handle: IO[bytes], filename: str) -> int:
    """A cheap row count (all sheets): for an .xlsx the <row> elements counted in the raw XML,
    for the other workbooks each sheet's used height, for a CSV its lines."""
    if filename.lower().endswith(".csv"):
        return handle.read().count(b"\n")
    workbook, layouts = _open_workbook(handle)
    try:
        if layouts:
            return sum(layout.rows for layout in layouts.values())
        total = 0
        for meta in workbook.sheets_metadata:
            if meta.typ == SheetTypeEnum.WorkSheet:
                total += workbook.get_sheet_by_name(meta.name).height
        return total
    finally:
        workbook.close()


def count_xlsx_rows(handle: IO[bytes]) -> int:
    """The number of <row> elements of an .xlsx's sheets (hidden and blank ones included)."""
    return count_rows(handle, "file.xlsx")
