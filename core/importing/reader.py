"""Streaming readers for .xlsx and .csv roll files: (row number, cell values), with
hidden and blank rows skipped.

The .xlsx reader takes the workbook's metadata (shared strings, date styles, the active
sheet) from openpyxl, then streams the sheet XML itself with ElementTree.iterparse,
one <row> at a time: openpyxl's read-only worksheet first scans the whole sheet for its
size when the file has no <dimension> (openpyxl's own write-only files) and builds a
dict per cell, which made reading about half of the import's check step. Memory stays
flat (each row element is cleared), so 100,000 rows fit in little memory.

A hostile or broken file is refused with a FileFormatError before it costs memory: the
file size (JICENG_IMPORT_MAX_MB) is checked before anything is read; the .xlsx archive's
declared sizes (all members, and each member's compression ratio: zip bombs) before openpyxl
opens it; while streaming, rows per file, columns per row and elements per row. No list is
ever padded beyond JICENG_IMPORT_MAX_COLUMNS (a cell reference like "FXSHRXW1" would
otherwise ask for two billion cells)."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from typing import IO, Any, Iterator
from xml.etree.ElementTree import iterparse

from django.conf import settings
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

_NS = f"{{{SHEET_MAIN_NS}}}"
_ROW, _C, _V, _IS, _T, _R = (_NS + t for t in ("row", "c", "v", "is", "t", "r"))
_COLUMN_RE = re.compile(r"^([A-Z]+)")


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
    """Refuse an .xlsx whose members would unpack to more than JICENG_IMPORT_MAX_UNZIPPED_MB,
    or one compressed beyond JICENG_IMPORT_MAX_ZIP_RATIO (a zip bomb). zipfile never returns
    more than a member's declared size, so checking the declarations bounds what is read."""
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


def _inline_text(cell: Any) -> str | None:
    child = cell.find(_IS)
    if child is None:
        return None
    # plain <t>, or rich-text runs <r><t>; phonetic hints <rPh> are left out
    parts = [t.text or "" for t in child.findall(_T)]
    parts += [t.text or "" for r in child.findall(_R) if (t := r.find(_T)) is not None]
    return "".join(parts)


class _Sheet:
    """The active worksheet of an .xlsx file and what is needed to read its cells."""

    def __init__(self, handle: IO[bytes]) -> None:
        check_archive(handle)
        try:
            reader = ExcelReader(handle, read_only=True, data_only=True)
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
        except Exception as exc:  # openpyxl and zipfile raise many types for a damaged file
            raise FileFormatError("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from exc
        wb = reader.wb
        targets = [rel for _, rel in reader.parser.find_sheets() if rel.target in reader.valid_files]
        index = wb._active_sheet_index if 0 <= wb._active_sheet_index < len(targets) else 0
        if not targets or "chartsheet" in targets[index].Type:
            raise FileFormatError("Excel 文件中没有可读取的工作表。")
        self.archive = reader.archive
        self.path = targets[index].target
        self.strings = reader.shared_strings
        self.epoch = wb.epoch
        self.dates = {str(i) for i in wb._date_formats}
        self.timedeltas = {str(i) for i in wb._timedelta_formats}

    def value(self, cell: Any) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return _inline_text(cell)
        v = cell.find(_V)
        if v is None or v.text is None:
            return None
        text = v.text
        if kind == "s":
            return self.strings[int(text)]
        if kind == "n":
            number: Any = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            style = cell.get("s")
            if style is not None and style in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=style in self.timedeltas)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's cached text) and "e" (an error such as #N/A)

    def _cell_value(self, number: int, cell: Any) -> Any:
        try:
            return self.value(cell)
        except (ValueError, IndexError, TypeError, OverflowError) as exc:
            raise FileFormatError(f"第{number}行有无法读取的单元格，请检查文件。") from exc

    def _values(self, number: int, row: Any) -> list[Any]:
        max_columns = settings.JICENG_IMPORT_MAX_COLUMNS
        values: list[Any] = []
        for cell in row.iter(_C):
            ref = cell.get("r")
            column = _column_index(ref) if ref else len(values)
            if column >= max_columns:
                if self._cell_value(number, cell) in (None, ""):
                    continue  # formatting far to the right: nothing to read
                raise FileFormatError(f"第{number}行在第{max_columns}列之后还有内容（单元格“{ref or column + 1}”），"
                                      f"每行最多 {max_columns} 列，请删去多余的列。")
            if column > len(values):
                values.extend([None] * (column - len(values)))
            values.append(self._cell_value(number, cell))
        return values

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        max_rows = settings.JICENG_IMPORT_MAX_ROWS
        # elements inside one <row> (cells, values, rich-text runs): bounded before the row is built
        row_budget = settings.JICENG_IMPORT_MAX_COLUMNS * 50
        number = seen = inside = 0
        row: Any = None
        open_elements: list[Any] = []  # the open elements outside rows (worksheet, sheetData, ...)
        with self.archive.open(self.path) as source:
            for event, element in iterparse(source, events=("start", "end")):
                if event == "start":
                    if row is not None:
                        inside += 1
                        if inside > row_budget:
                            raise FileFormatError(f"第{number}行的内容过多（每行最多 {settings.JICENG_IMPORT_MAX_COLUMNS} 列），"
                                                  "请检查文件。")
                    elif element.tag == _ROW:
                        row, inside, seen = element, 0, seen + 1
                        if seen > max_rows + 1:  # the header row and max_rows data rows
                            raise FileFormatError(f"文件超过 {max_rows} 行，请拆分后分批导入。")
                        ref = element.get("r")
                        if ref and not (ref.isdigit() and 0 < int(ref) <= _EXCEL_MAX_ROW):
                            raise FileFormatError(f"Excel 文件中的行号“{ref[:20]}”无法识别。")
                        number = int(ref) if ref else number + 1
                    else:
                        open_elements.append(element)
                    continue
                if row is None:
                    # a finished element outside the rows: drop it (and its finished siblings)
                    open_elements.pop()
                    if open_elements:
                        del open_elements[-1][:]
                    continue
                if element is not row:
                    continue
                row = None
                values = [] if element.get("hidden") in ("1", "true") else self._values(number, element)
                element.clear()
                if open_elements:
                    del open_elements[-1][:]  # the finished rows of <sheetData>
                if not _blank(values):
                    yield number, values


_ROW_START = re.compile(rb"<(?:\w+:)?row[\s>/]")
_COUNT_CHUNK = 1 << 20


def count_xlsx_rows(handle: IO[bytes]) -> int:
    """The number of <row> elements of the active sheet (hidden and blank ones included),
    counted in the raw XML stream without parsing it: cheap enough for the upload request."""
    sheet = _Sheet(handle)
    count, tail = 0, b""
    try:
        with sheet.archive.open(sheet.path) as source:
            while chunk := source.read(_COUNT_CHUNK):
                data = tail + chunk
                # a match ending inside the carried-over tail was counted with the previous chunk
                count += sum(1 for m in _ROW_START.finditer(data) if m.end() > len(tail))
                tail = data[-64:]
    finally:
        sheet.archive.close()
    return count


def _xlsx_rows(handle: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    sheet = _Sheet(handle)
    try:
        yield from sheet.rows()
    finally:
        sheet.archive.close()


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


def read_rows(handle: IO[bytes], filename: str) -> Iterator[tuple[int, list[Any]]]:
    """The non-blank rows of an .xlsx or .csv file; a FileFormatError (in Chinese) for a file
    that cannot or may not be read, raised before the first row or while iterating."""
    name = filename.lower()
    check_file_size(handle)
    if name.endswith(".xlsx"):
        return _xlsx_rows(handle)
    if name.endswith(".csv"):
        return _csv_rows(handle)
    raise FileFormatError("只支持 .xlsx 或 .csv 文件。")
