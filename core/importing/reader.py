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
import io
import os
import struct
import zipfile
from dataclasses import dataclass
from typing import IO, Any, Iterator
from xml.etree import ElementTree

from django.conf import settings
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from .scan import (
    RANGE_COLUMNS,
    Extent,
    FileFormatError,
    XlsxLayout,
    scan_ods,
    scan_xls,
    scan_xlsb,
    scan_xlsx_sheet,
    xlsx_sheet_paths,
)

SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".et")
EXTENSIONS = (*SPREADSHEET_EXTENSIONS, ".csv")
EXTENSIONS_TEXT = ".xlsx、.xls、.xlsb、.ods、.et 或 .csv"
_UNREADABLE = "无法读取该 Excel 文件，请确认文件未损坏、是 .xlsx、.xls、.xlsb、.ods 等表格格式，或用 Excel、WPS 另存为 .xlsx 后再上传。"


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


_MB = 1024 * 1024
_ZIP_MAX_MEMBERS = 1000
_ZIP_RATIO_FROM = _MB  # members smaller than this may compress as well as they like


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


# --- every spreadsheet format, through calamine


@dataclass
class Sheet:
    """One worksheet: its name and its non-blank rows, read on demand."""

    name: str
    rows: Iterator[tuple[int, list[Any]]]


def _cell(value: Any) -> Any:
    return None if value == "" else value


def _calamine_rows(sheet: Any, layout: XlsxLayout | Extent | None) -> Iterator[tuple[int, list[Any]]]:
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
    if (extent.last_row - extent.first_row + 1) * width > (max_rows + 1) * RANGE_COLUMNS:
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
                    for name, path in xlsx_sheet_paths(archive).items():
                        if path in names:
                            layouts[name] = scan_xlsx_sheet(lambda path=path: archive.open(path))
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
