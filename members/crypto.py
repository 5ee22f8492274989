"""Encryption at rest for personal data (ID number, phone) and the blind index.

AES-256-GCM from `cryptography` (a maintained library), a random 96-bit nonce per
value, stored as "v1:" + urlsafe-base64(nonce + ciphertext). Exact lookup and the
"one active record per ID number" constraint use an HMAC-SHA256 blind index, keyed
separately, so the database never holds or compares the plain value."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import models

_PREFIX = "v1:"
_AAD = b"jiceng-member-field"


@functools.lru_cache(maxsize=4)
def _aead(key_b64: str) -> AESGCM:
    return AESGCM(base64.urlsafe_b64decode(key_b64))


@functools.lru_cache(maxsize=4)
def _index_key(key_b64: str) -> bytes:
    return base64.urlsafe_b64decode(key_b64)


def encrypt(plain: str) -> str:
    nonce = os.urandom(12)
    token = _aead(settings.JICENG_FIELD_KEY).encrypt(nonce, plain.encode(), _AAD)
    return _PREFIX + base64.urlsafe_b64encode(nonce + token).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(_PREFIX):
        raise ValueError("未知的加密格式")
    raw = base64.urlsafe_b64decode(stored[len(_PREFIX):])
    return _aead(settings.JICENG_FIELD_KEY).decrypt(raw[:12], raw[12:], _AAD).decode()


def blind_index(value: str) -> str:
    """HMAC-SHA256 of the normalized value: equal inputs give equal indexes."""
    return hmac.new(_index_key(settings.JICENG_BLIND_INDEX_KEY), value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; Python code sees the plain value. Lookups on it
    are meaningless (each encryption differs): search through the blind index instead."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
