"""Import of a year's arrangement from a spreadsheet (columns 日期, 类型, 名称): a check that
lists every bad row and writes nothing, then `services.calendar_import` writes all rows in
one transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO, Any

from core.importing.cells import CellError, Column, normalize_text, parse_cells, parse_date, parse_text
from core.importing.plan import Plan as ImportPlan
from core.importing.plan import check_file

from .models import CalendarDay
from .services import ImportRow, day_errors

_TYPES = {"放假": False, "休": False, "休息": False, "休假": False, "节假日": False,
          "上班": True, "班": True, "调休上班": True, "补班": True, "工作日": True}


def parse_type(value: Any) -> bool | None:
    text = normalize_text(str(value or "")).replace(" ", "")
    if not text:
        return None
    try:
        return _TYPES[text]
    except KeyError:
        raise CellError(f"“{text}”不是可选值（可选：放假、上班）。") from None


COLUMNS: tuple[Column, ...] = (
    Column("日期", "date", parse_date, True, (), "如 2025-10-01", "2025-10-01"),
    Column("类型", "is_workday", parse_type, True, ("类型(放假/上班)", "类型（放假/上班）", "放假/上班", "安排"),
           "放假，或 上班（周六、周日调休上班）", "放假"),
    Column("名称", "name", parse_text, False, ("节日", "节日名称", "节假日名称"), "放假必填，如 国庆节", "国庆节、中秋节"),
)
HEADER = {c.field: c.header for c in COLUMNS}


@dataclass(kw_only=True)
class Plan(ImportPlan):
    year: int
    rows: list[ImportRow] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


def plan_import(handle: IO[bytes], filename: str, *, year: int) -> Plan:
    """Check every row of the file against the year; count what the import would change."""
    plan = Plan(year=year)
    seen: dict[datetime.date, int] = {}
    header_number = check_file(plan, handle, filename, COLUMNS,
                               lambda number, values, columns: _check_row(number, values, columns, seen, plan))
    if header_number is None:
        return plan
    if plan.total == 0 and not plan.errors:
        plan.error(header_number, "文件", "文件中没有数据行。")
    if not plan.errors:
        _count(plan)
    return plan


def _check_row(number: int, values: list[Any], columns: dict[int, Column], seen: dict[datetime.date, int],
               plan: Plan) -> None:
    data, ok = parse_cells(values, columns, lambda header, message: plan.error(number, header, message))
    if not ok:
        return
    day, is_workday, name = data["date"], data["is_workday"], " ".join(data.get("name", "").split())
    if day.year != plan.year:
        plan.error(number, HEADER["date"], f"日期{day.isoformat()}不在{plan.year}年；一次只导入一个年度的安排。")
        return
    if day in seen:
        plan.error(number, HEADER["date"], f"与第{seen[day]}行的日期重复。")
        return
    seen[day] = number
    for key, message in day_errors(date=day, is_workday=is_workday, name=name, taken=set()).items():
        plan.error(number, HEADER.get(key, "日期"), message)
        return
    plan.rows.append(ImportRow(number=number, date=day, is_workday=is_workday, name=name))


def _count(plan: Plan) -> None:
    on_file = {d.date: d for d in CalendarDay.objects.filter(date__year=plan.year)}
    for row in plan.rows:
        day = on_file.get(row.date)
        if day is None:
            plan.created += 1
        elif (day.is_workday, day.name) != (row.is_workday, row.name):
            plan.updated += 1
        else:
            plan.unchanged += 1
    plan.deleted = len(set(on_file) - {r.date for r in plan.rows})


def template_rows() -> tuple[list[str], list[list[str]]]:
    """The header row of the template, and the notes of its 填写说明 sheet (with examples)."""
    headers = [c.header for c in COLUMNS]
    notes = [[c.header, "是" if c.required else "否", c.help] for c in COLUMNS]
    notes += [
        ["说明", "", "按国务院办公厅当年部分节假日安排的通知逐日填写：放假期间的每一天（含周末）写“放假”，"
                   "调休上班的周六、周日写“上班”。周一至周五的正常工作日、普通周末不用填写。"],
        ["说明", "", "导入后该年度的工作日历与文件完全一致：文件未列出的该年度已有日期会被删除。"],
        ["示例", "", "2025-10-01 | 放假 | 国庆节、中秋节"],
        ["示例", "", "2025-10-11 | 上班 | 国庆节、中秋节"],
    ]
    return headers, notes
