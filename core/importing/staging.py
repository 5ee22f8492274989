"""Between an import's check and its confirmation: the checked file kept in the cache for the
same user only, for an hour, under a random token; and the downloadable .xlsx template."""

from __future__ import annotations

import io
import secrets
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from openpyxl import Workbook

from core.exports import XLSX

KEEP_SECONDS = 3600


def _key(request: HttpRequest, kind: str, token: str) -> str:
    return f"{kind}:{request.user.pk}:{token}"


def stage(request: HttpRequest, kind: str, payload: Any) -> str:
    """Keep `payload` (e.g. the file name and bytes) until the user confirms; returns the token."""
    token = secrets.token_urlsafe(16)
    cache.set(_key(request, kind, token), payload, KEEP_SECONDS)
    return token


def staged(request: HttpRequest, kind: str, token: str) -> Any:
    """The staged payload, or None when it expired or belongs to someone else."""
    return cache.get(_key(request, kind, token))


def unstage(request: HttpRequest, kind: str, token: str) -> None:
    cache.delete(_key(request, kind, token))


def template_response(*, filename: str, sheet: str, headers: Sequence[str], examples: Iterable[Sequence[Any]],
                      notes: Iterable[Sequence[Any]], notes_header: Sequence[str] = ("列", "是否必填", "说明")) -> HttpResponse:
    """An import template: the header row (and example rows), and a 填写说明 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(headers))
    for row in examples:
        ws.append(list(row))
    guide = wb.create_sheet("填写说明")
    guide.append(list(notes_header))
    for row in notes:
        guide.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
