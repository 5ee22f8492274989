"""Test keys and the stored format written before keys could rotate."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import connection


def make_key(char: str) -> str:
    return base64.urlsafe_b64encode(char.encode() * 32).decode()


KEY_A, KEY_B, KEY_C = make_key("a"), make_key("b"), make_key("c")
INDEX_A, INDEX_B = make_key("x"), make_key("y")


def use_keys(settings, field: str, index: str, old_field: tuple[str, ...] = (), old_index: tuple[str, ...] = ()) -> None:  # type: ignore[no-untyped-def]
    settings.JICENG_FIELD_KEY, settings.JICENG_FIELD_KEY_OLD = field, list(old_field)
    settings.JICENG_BLIND_INDEX_KEY, settings.JICENG_BLIND_INDEX_KEY_OLD = index, list(old_index)


def legacy_encrypt(plain: str, key: str) -> str:
    """Exactly what `members.crypto.encrypt` wrote before key rotation (commit e05bc45):
    "v1:" + urlsafe-base64(nonce + ciphertext), no key id."""
    nonce = os.urandom(12)
    token = AESGCM(base64.urlsafe_b64decode(key)).encrypt(nonce, plain.encode(), b"jiceng-member-field")
    return "v1:" + base64.urlsafe_b64encode(nonce + token).decode()


def legacy_index(value: str, key: str) -> str:
    return hmac.new(base64.urlsafe_b64decode(key), value.encode(), hashlib.sha256).hexdigest()


def raw_row(table: str, pk: int) -> tuple[str, str, str]:
    """(id_number, phone, id_number_index) as stored."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number, phone, id_number_index FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def write_raw(table: str, pk: int, id_number: str, phone: str, index: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET id_number = %s, phone = %s, id_number_index = %s WHERE id = %s",
                       [id_number, phone, index, pk])
