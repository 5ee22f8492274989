"""Between an import's check and its confirmation: the checked file kept in the cache for the
same user only, for an hour, under a random token; and the downloadable .xlsx template.

A history file may hold ID numbers in clear text, so the cache holds it encrypted (AES-GCM)
under a key that exists only in the token the user's page carries: the cache alone (a Redis
dump, a replica) reveals nothing, and the token of one user or kind opens nothing else."""

from __future__ import annotations

import base64
import binascii
import io
import pickle
import secrets
from typing import Any, Iterable, Sequence
from urllib.parse import quote

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from openpyxl import Workbook

from core.exports import XLSX

KEEP_SECONDS = 3600


def _key(request: HttpRequest, kind: str, ident: str) -> str:
    return f"{kind}:{request.user.pk}:{ident}"


def stage(request: HttpRequest, kind: str, payload: Any) -> str:
    """Keep `payload` (e.g. the file name and bytes) until the user confirms; returns the token
    (an id and the payload's key)."""
    ident, key, nonce = secrets.token_urlsafe(12), AESGCM.generate_key(bit_length=256), secrets.token_bytes(12)
    sealed = nonce + AESGCM(key).encrypt(nonce, pickle.dumps(payload), _key(request, kind, ident).encode())
    cache.set(_key(request, kind, ident), sealed, KEEP_SECONDS)
    return f"{ident}.{base64.urlsafe_b64encode(key).decode()}"


def _parts(token: str) -> tuple[str, bytes] | None:
    ident, _, key = (token or "").partition(".")
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return (ident, raw) if ident and len(raw) == 32 else None


def staged(request: HttpRequest, kind: str, token: str) -> Any:
    """The staged payload, or None when it expired, belongs to someone else or the token is not
    the one `stage` gave."""
    parts = _parts(token)
    sealed = cache.get(_key(request, kind, parts[0])) if parts else None
    if parts is None or not isinstance(sealed, bytes) or len(sealed) < 13:
        return None
    try:
        plain = AESGCM(parts[1]).decrypt(sealed[:12], sealed[12:], _key(request, kind, parts[0]).encode())
    except InvalidTag:
        return None
    return pickle.loads(plain)  # noqa: S301 (our own payload, authenticated by the decryption)


def unstage(request: HttpRequest, kind: str, token: str) -> None:
    parts = _parts(token)
    if parts:
        cache.delete(_key(request, kind, parts[0]))


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
