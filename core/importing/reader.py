"""Streaming readers for .xlsx and .csv roll files: (row number, cell values), with
hidden and blank rows skipped.

The .xlsx reader takes the workbook's metadata (shared strings, date styles, the active
sheet) from openpyxl, then streams the sheet XML itself with ElementTree.iterparse,
one <row> at a time: openpyxl's read-only worksheet first scans the whole sheet for its
size when the file has no <dimension> (openpyxl's own write-only files) and builds a
dict per cell, which made reading about half of the import's check step. Memory stays
flat (each row element is cleared), so 100,000 rows fit in little memory."""

from __future__ import annotations

import csv
import io
import re
from typing import IO, Any, Iterator
from xml.etree.ElementTree import iterparse

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
    if not letters:
        raise FileFormatError("Excel 文件中的单元格位置无法识别。")
    index = 0
    for ch in letters.group(1):
        index = index * 26 + ord(ch) - 64
    return index - 1


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

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        number = 0
        with self.archive.open(self.path) as source:
            for _, element in iterparse(source):
                if element.tag != _ROW:
                    continue
                ref = element.get("r")
                number = int(ref) if ref else number + 1
                if element.get("hidden") in ("1", "true"):
                    element.clear()
                    continue
                values: list[Any] = []
                for cell in element.iter(_C):
                    ref = cell.get("r")
                    if ref:
                        column = _column_index(ref)
                        if column > len(values):
                            values.extend([None] * (column - len(values)))
                    values.append(self.value(cell))
                element.clear()
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
    raw = handle.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileFormatError("无法识别 CSV 文件的编码，请另存为 UTF-8。")
    # PostgreSQL text cannot hold NUL characters; they are never meaningful in a roll
    text = text.replace("\x00", "")
    for number, values in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not _blank(values):
            yield number, list(values)


def read_rows(handle: IO[bytes], filename: str) -> Iterator[tuple[int, list[Any]]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(handle)
    if name.endswith(".csv"):
        return _csv_rows(handle)
    raise FileFormatError("只支持 .xlsx 或 .csv 文件。")
