"""The check step every import shares: reader → each sheet's header (found among its first
rows, core.importing.layout) → each data row to the kind's row check, with every problem
recorded on the plan by sheet, row, column and a Chinese reason, and every row left out on
purpose (合计, 填表人, …) recorded as a note. Nothing is written; each kind (roll, tree,
calendar) declares its columns, checks its rows and commits its plan itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any, Callable

from .cells import Column, header_map
from .layout import Header, cell_text, find_header, first_text, footer_text
from .reader import FileFormatError, read_sheets

RowCheck = Callable[[int, list[Any], dict[int, Column]], None]
HeaderMap = Callable[[list[Any]], tuple[dict[int, Column], list[str]]]
# called with each sheet's header before its rows: may fill in what the sheet lacks (a
# branch taken from the sheet's name) by taking names off `header.missing`
SheetStart = Callable[[str, Header], None]


@dataclass
class Plan:
    """What an import would do. `total` counts the data rows read; each error is
    {"row", "column", "message"} (row 0 for the file as a whole), with "sheet" when the
    file has several sheets; each note {"row", "message"} (and "sheet") tells of a row
    left out or a value changed on purpose."""

    total: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    sheet: str = ""  # the sheet being read, when the file has several
    _sheets: dict[str, int] = field(default_factory=dict, repr=False)

    def _where(self, row: int) -> dict[str, Any]:
        if not self.sheet:
            return {"row": row}
        self._sheets.setdefault(self.sheet, len(self._sheets))
        return {"sheet": self.sheet, "row": row}

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({**self._where(row), "column": column, "message": message})

    def note(self, row: int, message: str) -> None:
        self.notes.append({**self._where(row), "message": message})

    def sort_errors(self) -> None:
        order = self._sheets
        self.errors.sort(key=lambda e: (order.get(e.get("sheet", ""), -1), e["row"]))


def check_file(plan: Plan, handle: IO[bytes], filename: str, columns: tuple[Column, ...] | HeaderMap,
               check_row: RowCheck, on_sheet: SheetStart | None = None) -> int | None:
    """Read every sheet of the file and pass each data row to `check_row(number, values,
    columns found)`, counting it in `plan.total`; footer rows are left out with a note.
    Returns the first header's row number, or None when the file cannot be read or no sheet
    has its required columns (the plan says why); errors are sorted by sheet and row."""
    mapping: HeaderMap = columns if callable(columns) else (lambda headers: header_map(headers, columns))
    first: int | None = None
    skipped: tuple[str, Header] | None = None
    try:
        sheets = list(read_sheets(handle, filename))
        several = len(sheets) > 1
        for sheet in sheets:
            plan.sheet = sheet.name if several else ""
            header, rows = find_header(sheet.rows, mapping)
            if header is None:
                continue  # an empty sheet
            if several and (len(header.found) < 2 or "说明" in sheet.name):
                # a guide sheet (the template's 填写说明) or one with another table
                plan.note(header.number, f"工作表“{sheet.name}”中没有找到表头，未导入。")
                skipped = skipped or (sheet.name, header)
                continue
            if header.titles:
                plan.note(header.first, f"表头在第{header.number}行，上方的标题行未导入。" if header.first == header.number
                          else f"表头在第{header.first}—{header.number}行（两行合并表头），上方的标题行未导入。")
            if on_sheet is not None:
                on_sheet(sheet.name, header)
            if header.missing:
                where = f"（工作表“{sheet.name}”）" if several else ""
                plan.error(header.number, "表头", "缺少必填列：" + "、".join(header.missing) + where
                           + "。请使用下载的导入模板，或把表头改成模板中的列名。")
                continue
            first = header.number if first is None else first
            header_first = first_text(header.texts)
            for number, values in rows:
                first_cell = first_text(values)
                footer = footer_text(values, first_cell)
                if footer is not None:
                    plan.note(number, f"“{footer}”是合计或签字行，未导入。")
                    continue
                if first_cell == header_first and [cell_text(v) for v in values] == header.texts[:len(values)]:
                    plan.note(number, "重复的表头行，未导入。")
                    continue
                plan.total += 1
                check_row(number, header.combine(values), header.found)
    except FileFormatError as exc:  # found while reading (too many rows, a bad cell reference)
        plan.sheet = ""
        plan.error(0, "文件", str(exc))
        return None
    plan.sheet = ""
    if first is None and not plan.errors and skipped is not None:  # no sheet of the workbook has the table
        plan.sheet, header = skipped
        plan.error(header.number, "表头", "缺少必填列：" + "、".join(header.missing) + f"（工作表“{plan.sheet}”）"
                   + "。请使用下载的导入模板，或把表头改成模板中的列名。")
        plan.sheet = ""
    plan.sort_errors()
    if first is None and not plan.errors:
        plan.error(0, "文件", "文件中没有数据。")
    return first
