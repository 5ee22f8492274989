"""Reading a township's spreadsheet: Chinese headers (with the aliases seen in real
files) mapped to columns, and tolerant parsers for dates, choices, flags and text."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable


def normalize_text(value: str) -> str:
    """NFKC folds full-width digits, letters and spaces; then trim."""
    return unicodedata.normalize("NFKC", value).strip()


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the clerk."""


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _number_text(value: Any) -> str:
    """A number typed in a cell (20190701, read as 20190701.0) as its digits."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_date(value: Any) -> datetime.date | None:
    """2019-07-01, 2019/7/1, 2019.7.1, 2019年7月1日, 20190701 (as text or as a number),
    full-width digits, Excel dates."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = normalize_text(_number_text(value))
    if not text:
        return None
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not match:
        raise CellError(f"日期“{text}”无法识别，请写成 2019-07-01、2019/7/1 或 2019年7月1日。")
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise CellError(f"日期“{text}”不存在。") from exc


@dataclass(frozen=True)
class YearMonth:
    """A month without its day (出生年月 "1985.03", "1985年3月")."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"


_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")


def parse_date_or_month(value: Any) -> datetime.date | YearMonth | None:
    """A date as parse_date reads it, or a year and month: 1985.03, 1985-3, 1985/03, 1985年3月,
    198503, and 1985.03 typed as a number (1985.1 is then October: the cell dropped the 0)."""
    if isinstance(value, float) and not value.is_integer() and 1000 < value < 10000:
        year, month = int(value), round((value - int(value)) * 100)  # 1985.1 → 10
        text = f"{year}.{month}"
    else:
        text = normalize_text(_number_text(value)) if value is not None and not isinstance(value, datetime.date) else ""
    if text:
        match = _MONTH_RE.match(text) or re.match(r"^(\d{4})(\d{2})$", text)
        if match:
            year, month = (int(g) for g in match.groups())
            if not 1 <= month <= 12:
                raise CellError(f"年月“{text}”不存在。")
            return YearMonth(year, month)
    return parse_date(value)


_INNER_SPACE = re.compile(r"\s+")


def parse_name(value: Any) -> str:
    """A person's name: spaces put in to line up short names ("张  伟") are taken out."""
    return _INNER_SPACE.sub("", parse_text(value))


def choice_parser(choices: Any, aliases: dict[str, str] | None = None) -> Callable[[Any], str]:
    lookup = {label: value for value, label in choices.choices}
    lookup.update({value: value for value, _ in choices.choices})
    lookup.update(aliases or {})
    allowed = "、".join(label for _, label in choices.choices)

    def parse(value: Any) -> str:
        text = normalize_text(str(value or "")).replace(" ", "")
        if not text:
            return ""
        try:
            return lookup[text]
        except KeyError:
            raise CellError(f"“{text}”不是可选值（可选：{allowed}）。") from None

    return parse


_YES = {"是", "Y", "YES", "1", "√", "TRUE"}
_NO = {"否", "N", "NO", "0", "×", "FALSE", ""}


def parse_flag(value: Any) -> bool:
    text = normalize_text(str(value or "")).upper()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"“{text}”应填“是”或“否”。")


def parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value))


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable[[Any], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: Any = ""
    extra: dict = field(default_factory=dict)


def header_map(headers: list[Any], columns: tuple[Column, ...]) -> tuple[dict[int, Column], list[str]]:
    """{column index: Column} for the recognized headers, and the missing required headers."""
    names: dict[str, Column] = {}
    for col in columns:
        for name in (col.header, *col.aliases):
            names[name] = col
    found: dict[int, Column] = {}
    for index, raw in enumerate(headers):
        text = normalize_text(str(raw or "")).replace(" ", "").strip("*＊")
        col = names.get(text)
        if col and col not in found.values():
            found[index] = col
    missing = [c.header for c in columns if c.required and c not in found.values()]
    return found, missing


def parse_cells(values: list[Any], columns: dict[int, Column],
                on_error: Callable[[str, str], None]) -> tuple[dict[str, Any], bool]:
    """Parse one row's cells by column; report each bad or missing cell as (header, message)."""
    data: dict[str, Any] = {}
    ok = True
    for index, col in columns.items():
        raw = values[index] if index < len(values) else None
        try:
            data[col.field] = col.parse(raw)
        except CellError as exc:
            on_error(col.header, str(exc))
            ok = False
            continue
        if col.required and data[col.field] in ("", None):
            on_error(col.header, f"“{col.header}”为必填项，不能为空。")
            ok = False
    return data, ok
