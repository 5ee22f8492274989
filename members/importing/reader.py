"""Streaming readers for .xlsx and .csv roll files: (row number, cell values), with
hidden and blank rows skipped. The .xlsx reader streams the sheet XML (openpyxl's
read-only parser) so 100,000 rows fit in little memory."""

from __future__ import annotations

import csv
import io
from typing import IO, Any, Iterator

from openpyxl import load_workbook
from openpyxl.worksheet._reader import WorkSheetParser


class FileFormatError(ValueError):
    pass


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _xlsx_rows(handle: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    try:
        wb = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise FileFormatError("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from exc
    ws = wb.active
    try:
        with ws._get_source() as src:
            parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                     date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
            for number, cells in parser.parse():
                # the parser records row attributes as it goes; hidden rows are skipped
                if parser.row_dimensions.get(str(number), {}).get("hidden") in ("1", "true"):
                    continue
                values: list[Any] = []
                for cell in cells:
                    column = cell["column"]
                    while len(values) < column - 1:
                        values.append(None)
                    values.append(cell["value"])
                if not _blank(values):
                    yield number, values
    finally:
        wb.close()


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
