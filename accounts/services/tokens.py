"""Personal API tokens: issue, check, revoke. Every issue and revocation is audited, and so is
every refused use of a real token (expired, idle, revoked, owner without a role), once a day.

A token is `<prefix>.<secret>`: the prefix (8 characters) finds the row and is shown on the
account page; the row keeps only the SHA-256 of the whole token. SHA-256 rather than a slow hash
because the secret is 256 random bits, not a password a person chose."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from audit.models import AuditAction
from audit.services import audit_record

from ..models import ApiToken, RoleAssignment, User

PREFIX_LENGTH = 8
# last_used_at is written at most this often, not on every request
TOUCH_EVERY = timedelta(minutes=1)


class Refusal:
    """Why a token is refused (kept in the audit row's extra)."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    IDLE = "idle"
    NO_ROLE = "no_role"


REFUSAL_MESSAGES = {
    Refusal.UNKNOWN: "令牌无效。",
    Refusal.REVOKED: "令牌已被吊销。",
    Refusal.EXPIRED: "令牌已过期，请在“我的账号”页重新生成。",
    Refusal.IDLE: "令牌长期未使用已失效，请在“我的账号”页重新生成。",
    Refusal.NO_ROLE: "账号已停用或已没有有效角色，令牌不能使用。",
}


class TokenRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(REFUSAL_MESSAGES[reason])
        self.reason = reason


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str  # shown once, never stored


def _digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def has_active_role(user: User) -> bool:
    return user.is_active and RoleAssignment.objects.filter(user=user, is_active=True).exists()


def token_status(token: ApiToken, now: Any = None) -> str:
    """"valid", or the Refusal reason the token would get now (the owner's roles aside)."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return Refusal.REVOKED
    if token.expires_at <= now:
        return Refusal.EXPIRED
    if (token.last_used_at or token.created_at) + timedelta(days=settings.JICENG_API_TOKEN_IDLE_DAYS) <= now:
        return Refusal.IDLE
    return "valid"


def active_tokens(user: User) -> list[ApiToken]:
    now = timezone.now()
    return [t for t in ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
            if token_status(t, now) == "valid"]


@transaction.atomic
def api_token_create(*, user: User, name: str, ip: str | None = None, via: str = "web") -> IssuedToken:
    """Issue a new token for `user` (always a new one; existing tokens keep working)."""
    name = name.strip()
    if not name:
        raise ValidationError("请填写令牌名称（如“数据对接”）。")
    if len(name) > 50:
        raise ValidationError("令牌名称不能超过 50 个字。")
    # one issue at a time per user, so the limit below cannot be overrun by parallel requests
    User.objects.select_for_update().filter(pk=user.pk).first()
    if not has_active_role(user):
        raise PermissionDenied("账号没有有效角色，不能生成接口令牌。")
    if len(active_tokens(user)) >= settings.JICENG_API_TOKEN_MAX_ACTIVE:
        raise ValidationError(f"有效令牌已达 {settings.JICENG_API_TOKEN_MAX_ACTIVE} 个，请先吊销不再使用的令牌。")
    while True:
        prefix = secrets.token_urlsafe(6)  # 8 characters, never a "."
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    plaintext = f"{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, digest=_digest(plaintext),
        expires_at=timezone.now() + timedelta(days=settings.JICENG_API_TOKEN_DAYS),
    )
    audit_record(action=AuditAction.CREATE, obj=token, actor=user, ip=ip,
                 changes={"name": name, "prefix": prefix, "expires_at": token.expires_at.isoformat()},
                 extra={"api_token": "issued", "via": via})
    return IssuedToken(token=token, plaintext=plaintext)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User, ip: str | None = None) -> bool:
    """The owner revokes one of his tokens. False if it was revoked already."""
    if actor.pk != token.user_id:
        raise PermissionDenied("只能吊销自己的令牌。")
    reason = "owner"
    now = timezone.now()
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_reason=reason):
        return False
    token.revoked_at, token.revoked_reason = now, reason
    audit_record(action=AuditAction.UPDATE, obj=token, actor=actor, ip=ip,
                 changes={"revoked_at": [None, now.isoformat()]}, extra={"api_token": "revoked", "reason": reason})
    return True


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every live token of `user` (deactivated, or lost a role). Actor: the current request's."""
    count = 0
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        now = timezone.now()
        if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_reason=reason):
            audit_record(action=AuditAction.UPDATE, obj=token, changes={"revoked_at": [None, now.isoformat()]},
                         extra={"api_token": "revoked", "reason": reason, "owner": user.username})
            count += 1
    return count


def _audit_refusal(token: ApiToken, reason: str, ip: str | None) -> None:
    """One audit row per token per day for refused uses, claimed with a compare-and-set, so a
    script retrying an expired token every second does not flood the trail."""
    today = timezone.localdate()
    claimed = ApiToken.objects.filter(pk=token.pk).exclude(refusal_audited_on=today).update(refusal_audited_on=today)
    if claimed:
        audit_record(action=AuditAction.LOGIN_FAILED, obj=token, actor=token.user, ip=ip,
                     extra={"api_token": token.prefix, "reason": reason, "username": token.user.username})


def api_token_check(plaintext: str, *, ip: str | None = None) -> ApiToken:
    """The token for `plaintext` with its user, or TokenRefused. One query when the token is fine
    (the owner's active roles are checked in the same query, on every request)."""
    prefix, dot, _secret = plaintext.partition(".")
    if not dot or len(prefix) != PREFIX_LENGTH:
        raise TokenRefused(Refusal.UNKNOWN)
    token = (
        ApiToken.objects.select_related("user")
        .annotate(owner_has_role=Exists(RoleAssignment.objects.filter(user=OuterRef("user"), is_active=True)))
        .filter(prefix=prefix)
        .first()
    )
    if token is None or not constant_time_compare(token.digest, _digest(plaintext)):
        raise TokenRefused(Refusal.UNKNOWN)
    now = timezone.now()
    status = token_status(token, now)
    if status == "valid" and not (token.user.is_active and token.owner_has_role):
        status = Refusal.NO_ROLE
    if status != "valid":
        _audit_refusal(token, status, ip)
        raise TokenRefused(status)
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
