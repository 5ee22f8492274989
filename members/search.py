"""Searching the roll by full ID number without the number ever being in a URL, a server
log or an audit row: the number is posted once, checked, counted against the user's
allowance (members.search_limits) and turned into a signed token of its blind indexes
(HMAC, members.crypto), which the result page, its pages and its export carry instead."""

from __future__ import annotations

from typing import Any

from django.core import signing

from .crypto import blind_indexes
from .idcard import id_error, looks_like_id, mask_id, normalize_id

_SALT = "members.search.id-token"
TOKEN_MAX_AGE = 8 * 3600  # one working day


def id_token(value: str) -> str:
    """A token for the exact-ID search of `value` (a valid, normalized number)."""
    return signing.dumps(blind_indexes(value), salt=_SALT)


def token_indexes(token: str) -> list[str]:
    """The blind indexes a token stands for; none when it is forged or stale."""
    try:
        indexes = signing.loads(token, salt=_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return []
    return [i for i in indexes if isinstance(i, str)] if isinstance(indexes, list) else []


def id_search_error(text: str) -> str | None:
    """Why `text` (already known to look like an ID number) cannot be searched, or None."""
    value = normalize_id(text)
    return id_error(value)


def safe_filters(params: dict[str, Any]) -> dict[str, Any]:
    """The filters of a list as they may be recorded (audit rows of exports): an ID number
    only masked, an ID token only as the fact that one was used."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key == "idq":
            out[key] = "（按公民身份号码查找）"
        elif isinstance(value, str) and looks_like_id(value):
            out[key] = mask_id(normalize_id(value))
        else:
            out[key] = value
    return out
