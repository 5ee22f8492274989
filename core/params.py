"""Query-string values read by pages, validated in one place: a malformed value answers 400
with a Chinese message (Django turns BadRequest into a 400), never a server error."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest, QueryDict

MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_ID = 2**31 - 1


def id_param(request: HttpRequest, name: str, data: QueryDict | None = None) -> int | None:
    """An object number from the query string (or from `data`, e.g. the posted form), or None
    when absent."""
    return id_value((request.GET if data is None else data).get(name), name)


def id_value(raw: str | None, name: str) -> int | None:
    """An object number given as text (a query parameter `name`), or None when empty; a
    malformed one is a 400 with a Chinese message."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_ID:
        raise BadRequest(f"参数 {name} 应为组织或对象的编号（正整数）。")
    return int(raw)


def year_param(request: HttpRequest, name: str = "year", default: int | None = None) -> int | None:
    """A calendar year from the query string (1949–2100), or `default` when absent."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise BadRequest(f"参数 {name} 应为 {MIN_YEAR}—{MAX_YEAR} 之间的年份。")
    return int(raw)
