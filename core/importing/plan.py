"""The check step every import shares: reader → header mapping → each row to the kind's
row check, with every problem recorded on the plan by row, column and a Chinese reason.
Nothing is written; each kind (roll, tree, calendar) declares its columns, checks its rows
and commits its plan itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any, Callable

from .cells import Column, header_map
from .reader import FileFormatError, read_rows

RowCheck = Callable[[int, list[Any], dict[int, Column]], None]
HeaderMap = Callable[[list[Any]], tuple[dict[int, Column], list[str]]]


@dataclass
class Plan:
    """What an import would do. `total` counts the data rows read; each error is
    {"row", "column", "message"} (row 0 for the file as a whole)."""

    total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})


def check_file(plan: Plan, handle: IO[bytes], filename: str, columns: tuple[Column, ...] | HeaderMap,
               check_row: RowCheck) -> int | None:
    """Read the file and pass every data row to `check_row(number, values, columns found)`,
    counting it in `plan.total`; errors are sorted by row. Returns the header's row number,
    or None when the file cannot be read or a required column is missing (the plan says why)."""
    mapping: HeaderMap = columns if callable(columns) else (lambda headers: header_map(headers, columns))
    try:
        rows = read_rows(handle, filename)
        header_number, headers = next(rows, (1, []))
    except FileFormatError as exc:
        plan.error(0, "文件", str(exc))
        return None
    found, missing = mapping(headers)
    if missing:
        plan.error(header_number, "表头", "缺少必填列：" + "、".join(missing) + "。请使用下载的导入模板。")
        return None
    try:
        for number, values in rows:
            plan.total += 1
            check_row(number, values, found)
    except FileFormatError as exc:  # found while streaming (too many rows, a bad cell reference)
        plan.error(0, "文件", str(exc))
        return None
    plan.errors.sort(key=lambda e: e["row"])
    return header_number
