"""How stored audit data is shown: rows written before personal data was fully masked
(an ID number masked as 6+8*+4 beside the full birth date, an ID number in the filters of
an export) are append-only and cannot be rewritten, so they are redacted when read —
on the history pages and in the audit export alike."""

from __future__ import annotations

import re
from typing import Any

# An ID number in full, or under the old mask (its birth date digits starred): only the
# address code and the last 2 characters stay (members.idcard.mask_id).
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z*])(\d{6})[0-9*]{8}\d{2}([0-9][0-9Xx])(?![0-9A-Za-z*])")
_BIRTH_KEYS = {"birth_date"}


def _text(value: str) -> str:
    return _ID_LIKE.sub(lambda m: m.group(1) + "*" * 10 + m.group(2)[-2:].upper(), value)


def _value(key: str, value: Any) -> Any:
    if key in _BIRTH_KEYS and isinstance(value, str) and len(value) >= 4:
        return value[:4]  # the year only
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return [_value(key, v) for v in value]
    if isinstance(value, dict):
        return {k: _value(k, v) for k, v in value.items()}
    return value


def shown(data: dict[str, Any]) -> dict[str, Any]:
    """`changes` or `extra` of an audit row as it may be shown: birth dates as their year,
    ID numbers (full or under the old mask) under the current mask."""
    return {("birth_year" if k in _BIRTH_KEYS else k): _value(k, v) for k, v in (data or {}).items()}
