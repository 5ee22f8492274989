"""System checks of the personal-data keys (`manage.py check`): a key that does not decode,
has the wrong length or appears twice is reported at start-up, not at the first write."""

from __future__ import annotations

import binascii
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from .crypto import _raw_key, key_id

_AES_KEY_BYTES = (16, 24, 32)


def _key_messages(name: str, keys: list[str], *, aes: bool) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    seen: dict[str, int] = {}
    for position, key in enumerate(keys):
        where = name if position == 0 else f"{name}_OLD 第 {position} 项"
        try:
            raw = _raw_key(key)
        except (binascii.Error, ValueError):
            messages.append(Error(f"{where} 不是有效的 urlsafe-base64 编码。", id="members.E001"))
            continue
        if aes and len(raw) not in _AES_KEY_BYTES:
            messages.append(Error(f"{where} 解码后为 {len(raw)} 字节，AES 密钥应为 32 字节。", id="members.E002"))
        elif len(raw) < 32:
            messages.append(Warning(f"{where} 只有 {len(raw)} 字节，建议使用 32 字节的随机密钥。", id="members.W001"))
        kid = key_id(key)
        if kid in seen:
            messages.append(Warning(f"{where} 与前面的密钥重复（密钥标识 {kid}），可删除。", id="members.W002"))
        seen[kid] = position
    return messages


@register(Tags.security)
def check_field_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        *_key_messages("JICENG_FIELD_KEY", [settings.JICENG_FIELD_KEY, *settings.JICENG_FIELD_KEY_OLD], aes=True),
        *_key_messages("JICENG_BLIND_INDEX_KEY",
                       [settings.JICENG_BLIND_INDEX_KEY, *settings.JICENG_BLIND_INDEX_KEY_OLD], aes=False),
    ]
