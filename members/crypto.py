"""Encryption at rest for personal data (ID number, phone) and the blind index.

AES-256-GCM from `cryptography` (a maintained library), a random 96-bit nonce per
value. Exact lookup and the "one active record per ID number" constraint use an
HMAC-SHA256 blind index, keyed separately, so the database never holds or compares the
plain value.

Keys rotate: `JICENG_FIELD_KEY` / `JICENG_BLIND_INDEX_KEY` are the current keys, used for
every write; `JICENG_FIELD_KEY_OLD` / `JICENG_BLIND_INDEX_KEY_OLD` list earlier keys,
newest first, kept only to read values written before the change (and to find a person by
ID number while the indexes are rebuilt). `manage.py rotate_field_keys` moves every stored
value to the current keys; then the old keys can go.

Stored formats:
- "v2:" + key id + ":" + urlsafe-base64(nonce + ciphertext) — written now. The key id
  (8 hex characters of a SHA-256 of the key, not the key) names the key that encrypted
  the value, so reading picks it directly.
- "v1:" + urlsafe-base64(nonce + ciphertext) — written before keys could rotate; no key
  id, so each configured key is tried (current first; the GCM tag rejects a wrong key)."""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import checks
from django.db import models

_LEGACY_PREFIX = "v1:"
_PREFIX = "v2:"
_AAD = b"jiceng-member-field"
_AES_KEY_BYTES = (16, 24, 32)


class UndecryptableError(ValueError):
    """A stored value that no configured key opens (its key was removed, or it is damaged)."""


def key_id(key_b64: str) -> str:
    """A short public name of a key: it identifies the key without revealing it."""
    return hashlib.sha256(b"jiceng-key-id:" + _raw_key(key_b64)).hexdigest()[:8]


@dataclass(frozen=True)
class FieldKey:
    kid: str
    aead: AESGCM


@dataclass(frozen=True)
class IndexKey:
    kid: str
    secret: bytes


def _raw_key(key_b64: str) -> bytes:
    # lengths are checked by `check_field_keys` (and AESGCM itself), not here: a key that
    # worked before this change keeps working
    return base64.urlsafe_b64decode(key_b64)


def _unique(keys: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for k in keys if k))


@functools.lru_cache(maxsize=8)
def _field_ring(keys: tuple[str, ...]) -> tuple[FieldKey, ...]:
    return tuple(FieldKey(key_id(k), AESGCM(_raw_key(k))) for k in _unique(keys))


@functools.lru_cache(maxsize=8)
def _index_ring(keys: tuple[str, ...]) -> tuple[IndexKey, ...]:
    return tuple(IndexKey(key_id(k), _raw_key(k)) for k in _unique(keys))


def field_keys() -> tuple[FieldKey, ...]:
    """The configured field keys, current first."""
    return _field_ring((settings.JICENG_FIELD_KEY, *getattr(settings, "JICENG_FIELD_KEY_OLD", ())))


def index_keys() -> tuple[IndexKey, ...]:
    """The configured blind index keys, current first."""
    return _index_ring((settings.JICENG_BLIND_INDEX_KEY, *getattr(settings, "JICENG_BLIND_INDEX_KEY_OLD", ())))


def encrypt(plain: str) -> str:
    """Encrypt under the current key, always."""
    key = field_keys()[0]
    nonce = os.urandom(12)
    token = key.aead.encrypt(nonce, plain.encode(), _AAD)
    return f"{_PREFIX}{key.kid}:" + base64.urlsafe_b64encode(nonce + token).decode()


def _split(stored: str) -> tuple[str | None, bytes]:
    """(key id or None for the legacy format, nonce + ciphertext)."""
    if stored.startswith(_PREFIX):
        kid, sep, body = stored[len(_PREFIX):].partition(":")
        if not sep:
            raise UndecryptableError("未知的加密格式")
    elif stored.startswith(_LEGACY_PREFIX):
        kid, body = None, stored[len(_LEGACY_PREFIX):]
    else:
        raise UndecryptableError("未知的加密格式")
    try:
        return kid, base64.urlsafe_b64decode(body)
    except (binascii.Error, ValueError) as exc:
        raise UndecryptableError("密文已损坏") from exc


def decrypt(stored: str) -> str:
    """Decrypt a value written under any configured key, in either stored format."""
    kid, raw = _split(stored)
    keys = field_keys()
    # a new value names its key; a legacy one (no id) tries each key, the current first
    candidates = [k for k in keys if k.kid == kid] if kid is not None else list(keys)
    for key in candidates:
        try:
            return key.aead.decrypt(raw[:12], raw[12:], _AAD).decode()
        except InvalidTag:
            continue
    if kid is not None and not candidates:
        raise UndecryptableError(f"没有标识为 {kid} 的密钥（可能已从 JICENG_FIELD_KEY_OLD 移除）")
    raise UndecryptableError("没有能解密该值的密钥")


def is_current(stored: str) -> bool:
    """True when the stored value names the current key (empty values hold nothing to rotate)."""
    return not stored or stored.startswith(f"{_PREFIX}{field_keys()[0].kid}:")


def _hmac(key: IndexKey, value: str) -> str:
    return hmac.new(key.secret, value.encode(), hashlib.sha256).hexdigest()


def blind_index(value: str) -> str:
    """HMAC-SHA256 of the normalized value under the current key: equal inputs give equal
    indexes. Every stored index is computed with this."""
    return _hmac(index_keys()[0], value)


def blind_indexes(value: str) -> list[str]:
    """The value's index under the current key, then under each old key: a lookup matches
    rows not yet re-indexed by `rotate_field_keys`."""
    return [_hmac(k, value) for k in index_keys()]


def old_blind_indexes(value: str) -> list[str]:
    """The value's indexes under the old keys only (empty when no rotation is under way)."""
    return [_hmac(k, value) for k in index_keys()[1:]]


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; Python code sees the plain value. Lookups on it
    are meaningless (each encryption differs): search through the blind index instead.
    `personal_data` keeps the value out of generic audit snapshots (audit.services.snapshot)."""

    personal_data = True

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


# --- system checks of the keys (`manage.py check`, registered in apps.py): a key that does not
# decode, has the wrong length or appears twice is reported at start-up, not at the first write
def _key_messages(name: str, keys: list[str], *, aes: bool) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    seen: dict[str, int] = {}
    for position, key in enumerate(keys):
        where = name if position == 0 else f"{name}_OLD 第 {position} 项"
        try:
            raw = _raw_key(key)
        except (binascii.Error, ValueError):
            messages.append(checks.Error(f"{where} 不是有效的 urlsafe-base64 编码。", id="members.E001"))
            continue
        if aes and len(raw) not in _AES_KEY_BYTES:
            messages.append(checks.Error(f"{where} 解码后为 {len(raw)} 字节，AES 密钥应为 32 字节。", id="members.E002"))
        elif len(raw) < 32:
            messages.append(checks.Warning(f"{where} 只有 {len(raw)} 字节，建议使用 32 字节的随机密钥。", id="members.W001"))
        kid = key_id(key)
        if kid in seen:
            messages.append(checks.Warning(f"{where} 与前面的密钥重复（密钥标识 {kid}），可删除。", id="members.W002"))
        seen[kid] = position
    return messages


def check_field_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        *_key_messages("JICENG_FIELD_KEY", [settings.JICENG_FIELD_KEY, *settings.JICENG_FIELD_KEY_OLD], aes=True),
        *_key_messages("JICENG_BLIND_INDEX_KEY",
                       [settings.JICENG_BLIND_INDEX_KEY, *settings.JICENG_BLIND_INDEX_KEY_OLD], aes=False),
    ]
