"""What calamine is not told, read from .xls, .ods and .xlsb files before a sheet is loaded:
the used range of each sheet (calamine allocates the whole rectangle from the first to the
last cell: a 6 KB .xls with one cell at IV65536 would take a gigabyte) and the hidden rows
and columns. .xlsx sheets are scanned in core.importing.reader.

Each scan reads the file's records or XML once, keeping only counters, and raises a
FileFormatError (from `limits`) as soon as a sheet is too large."""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass, field
from typing import IO, Callable
from xml.etree.ElementTree import iterparse

import olefile


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
