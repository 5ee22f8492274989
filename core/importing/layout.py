"""Where the table is in a sheet as offices lay it out: title rows ("XX党支部党员花名册",
"填报单位：… 填报时间：…") and blank rows above the header, a header over two rows with
merged cells (a group header over its columns, "入党时间" over "年/月/日" in three columns),
a 序号 column, and footer rows (合计, 小计, 填表人, 审核人, 制表日期, 说明) below the data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from .cells import Column, normalize_text

HeaderMap = Callable[[list[Any]], tuple[dict[int, Column], list[str]]]
Rows = Iterator[tuple[int, list[Any]]]

# the header is looked for among this many non-blank rows at the top of a sheet
HEADER_SCAN_ROWS = 15
FOOTER_WORDS = ("合计", "小计", "总计", "共计", "填表人", "填报人", "审核人", "制表人", "负责人", "制表日期",
                "填表日期", "填报日期", "制表时间", "填表时间", "说明", "注：", "注:", "备注：", "备注:")
_DATE_PARTS = {"年": 0, "月": 1, "日": 2}
_SPACES = re.compile(r"\s+")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub("", normalize_text(str(value)))


def first_text(values: list[Any]) -> str:
    """The text of the row's first filled cell (the only one looked at for most rows)."""
    for v in values:
        if v is not None and (text := cell_text(v)):
            return text
    return ""


def footer_text(values: list[Any], first: str | None = None) -> str | None:
    """The row's text when it is a footer row (its first filled cell starts with 合计, 填表人, …)."""
    if (first_text(values) if first is None else first).startswith(FOOTER_WORDS):
        shown = [_SPACES.sub(" ", str(int(v) if isinstance(v, float) and v.is_integer() else v).strip())
                 for v in values if cell_text(v)]
        return " ".join(shown)[:60]
    return None


@dataclass
class Header:
    """The header found in a sheet: its (last) row number, the columns recognized, the
    required ones missing, the title rows above it, and the date columns split in 年/月/日."""

    number: int
    first: int  # the first header row (the same as `number` for a one-row header)
    found: dict[int, Column]
    missing: list[str]
    titles: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    date_parts: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # first column: (年, 月, 日) columns

    def combine(self, values: list[Any]) -> list[Any]:
        """A data row with each 年/月/日 group put together as one date in its first column."""
        if not self.date_parts:
            return values
        values = list(values)
        for first, parts in self.date_parts.items():
            texts = [cell_text(values[i]) if i < len(values) else "" for i in parts]
            if first >= len(values):
                values.extend([None] * (first - len(values) + 1))
            values[first] = None if not any(texts) else "-".join(texts)
        return values


def _two_row_names(top: list[Any], bottom: list[Any], known: Callable[[str], bool]) -> tuple[list[str], dict]:
    """Each column's name in a two-row header: the lower cell when it is a known name, else
    the upper (a merged group header is carried right over its columns) with the lower, else
    the upper; 年/月/日 under a date header are one date."""
    width = max(len(top), len(bottom))
    upper = [cell_text(top[i]) if i < len(top) else "" for i in range(width)]
    lower = [cell_text(bottom[i]) if i < len(bottom) else "" for i in range(width)]
    carried = list(upper)
    for i in range(1, width):
        if not carried[i] and lower[i] and carried[i - 1] and lower[i - 1]:
            carried[i] = carried[i - 1]  # under a horizontally merged group header
    names: list[str] = []
    groups: list[tuple[str, int, dict[int, int]]] = []  # (date header, first column, {part: column})
    for i in range(width):
        up, low = carried[i], lower[i]
        if low in _DATE_PARTS and up:
            part = _DATE_PARTS[low]
            if groups and groups[-1][0] == up and groups[-1][1] + len(groups[-1][2]) == i and part not in groups[-1][2]:
                groups[-1][2][part] = i
                names.append("")
            else:
                groups.append((up, i, {part: i}))
                names.append(up)
            continue
        if low and known(low):
            names.append(low)
        elif up and low and known(up + low):
            names.append(up + low)
        else:
            names.append(up or low)
    date_parts = {}
    for _name, start, parts in groups:
        if len(parts) == 3:
            date_parts[start] = (parts[0], parts[1], parts[2])
        else:  # 年 and 月 only, say: not a date this reader puts together
            for i in parts.values():
                names[i] = ""  # an unknown column: its values are not read
    return names, date_parts


def find_header(rows: Rows, mapping: HeaderMap) -> tuple[Header | None, Rows]:
    """The header among the first rows of a sheet, and the rows after it. A sheet whose
    header cannot be told gets its first row as the header (its missing columns are reported
    there); an empty sheet gets None."""
    head: list[tuple[int, list[Any]]] = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SCAN_ROWS + 1:
            break
    if not head:
        return None, rows

    def known(name: str) -> bool:
        return bool(mapping([name])[0])

    def score(found: dict, missing: list) -> tuple[int, int]:
        return (0 if missing else 1, len(found))

    singles = []
    for number, values in head:
        texts = [cell_text(v) for v in values]
        singles.append((texts, *mapping(texts)))
    best: tuple[tuple[int, int], int, Header] | None = None
    for i, (number, values) in enumerate(head[:HEADER_SCAN_ROWS]):
        texts, found, missing = singles[i]
        candidate, last, key = Header(number, number, found, missing, texts=texts), i, score(found, missing)
        if i + 1 < len(head) and head[i + 1][0] == number + 1:
            # two rows make the header only when they say more than either row alone
            names, parts = _two_row_names(values, head[i + 1][1], known)
            found2, missing2 = mapping(names)
            below = singles[i + 1]
            if score(found2, missing2) > max(key, score(below[1], below[2])) or (
                    score(found2, missing2) >= max(key, score(below[1], below[2]))
                    and len(found2) > max(len(found), len(below[1]))):
                candidate = Header(head[i + 1][0], number, found2, missing2, texts=names, date_parts=parts)
                last, key = i + 1, score(found2, missing2)
        if best is None or key > best[0]:
            best = (key, last, candidate)
    assert best is not None
    (_ok, count), last, header = best
    if count == 0:
        texts = [cell_text(v) for v in head[0][1]]
        last, header = 0, Header(head[0][0], head[0][0], *mapping(texts), texts=texts)
    header.titles = [" ".join(t for v in values if (t := cell_text(v))) for number, values in head if number < header.first]
    remaining = head[last + 1:]

    def after() -> Rows:
        yield from remaining
        yield from rows

    return header, after()
