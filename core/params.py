"""Query-string values read by pages, validated in one place: a malformed value answers 400
with a Chinese message (Django turns BadRequest into a 400), never a server error."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_ID = 2**31 - 1


def id_param(request: HttpRequest, name: str) -> int | None:
    """An object number from the query string, or None when absent."""
    raw = (request.GET.get(name) or "").strip()
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


class RejectNulMiddleware:
    """A NUL character is never valid input (PostgreSQL refuses it in text): answer 400 for
    any query-string or form value holding one, before a view passes it to the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest("请求参数含有非法字符。".encode(), content_type="text/plain; charset=utf-8")
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            if any("\x00" in v for values in request.POST.lists() for v in values[1]):
                return HttpResponseBadRequest("提交的内容含有非法字符。".encode(), content_type="text/plain; charset=utf-8")
        return self.get_response(request)
