"""One export path for every list: rows in, an .xlsx response out, the export audited (the
`core.signals.exported` signal; the audit app writes the row)."""

from __future__ import annotations

import datetime
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from django.http import StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from core.signals import exported

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# CSV/formula injection: a cell starting with one of these is stored as text with a quote.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return value


_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel's rules for a sheet name: ≤ 31 characters, none of []:*?/\\, unique in the book."""
    base = title.translate(_SHEET_FORBIDDEN)[:31] or "Sheet"
    name, k = base, 2
    while name in taken:
        suffix = f"({k})"
        name, k = base[: 31 - len(suffix)] + suffix, k + 1
    taken.add(name)
    return name


def build_book(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> tuple[Workbook, int]:
    """A write-only workbook with one sheet per (title, headers, rows); returns it and the rows written."""
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    count, taken = 0, set()
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=_sheet_title(title, taken))
        header_cells = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = bold
            header_cells.append(cell)
        ws.append(header_cells)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
            count += 1
    return wb, count


def xlsx_response(
    *, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
    actor: Any, extra: dict | None = None, org_path: str = "",
) -> StreamingHttpResponse:
    return xlsx_book_response(filename=filename, sheets=[(title, headers, rows)], actor=actor, extra=extra,
                              org_path=org_path)


def xlsx_book_response(
    *, filename: str, sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]],
    actor: Any, extra: dict | None = None, org_path: str = "",
) -> StreamingHttpResponse:
    """Several tables in one .xlsx (a sheet each), exported and audited like a single list."""
    import io

    wb, count = build_book(sheets)
    buffer = io.BytesIO()
    wb.save(buffer)
    exported.send(sender=None, actor=actor, filename=filename, rows=count, extra=extra, org_path=org_path)
    response = StreamingHttpResponse(iter([buffer.getvalue()]), content_type=XLSX)
    stamp = datetime.date.today().strftime("%Y%m%d")
    name = f"{filename}-{stamp}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
