"""One export path for every list: rows in, an .xlsx response out, the export audited."""

from __future__ import annotations

import datetime
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from django.http import StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from audit.models import AuditAction
from audit.services import audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# CSV/formula injection: a cell starting with one of these is stored as text with a quote.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    return value


def build_workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[Workbook, int]:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in rows:
        ws.append([safe_cell(v) for v in row])
        count += 1
    return wb, count


def xlsx_response(
    *, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
    actor: Any, extra: dict | None = None, org_path: str = "",
) -> StreamingHttpResponse:
    import io

    wb, count = build_workbook(title, headers, rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    audit_record(
        action=AuditAction.EXPORT, actor=actor, org_path=org_path,
        extra={"file": filename, "rows": count, **(extra or {})},
    )
    response = StreamingHttpResponse(iter([buffer.getvalue()]), content_type=XLSX)
    stamp = datetime.date.today().strftime("%Y%m%d")
    name = f"{filename}-{stamp}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
