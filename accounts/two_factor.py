"""Two-factor login (等保三级 身份鉴别): a TOTP authenticator app (django-otp) plus one-time
recovery codes stored hashed. Mandatory for the roles in JICENG_2FA_REQUIRED_ROLES, offered
to everyone else. Whether a session still owes its second factor is decided at login and kept
in the session (`STATE_KEY`), so the per-request check costs no query; removing a user's
devices ends all of that user's sessions, so a verified session never outlives its device."""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditAction
from audit.services import audit_record

from .models import RecoveryCode, RecoveryCodeDevice, Role, User

# Session key: "verify" (has a device, must enter a code), "enrol" (must set one up first)
# or "" (nothing owed). Absent = not decided yet: the middleware decides (fail closed).
STATE_KEY = "jiceng_2fa"
VERIFY, ENROL, NONE = "verify", "enrol", ""
RECOVERY_CODE_COUNT = 10
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def required_for(user: Any) -> bool:
    """Whether a second factor is mandatory for this user (role list from settings)."""
    if user.is_superuser:
        return True
    roles = set(settings.JICENG_2FA_REQUIRED_ROLES)
    return user.role_assignments.filter(is_active=True, role__in=roles).exists()


def confirmed_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def state_for(user: Any) -> str:
    if confirmed_totp(user) is not None:
        return VERIFY
    return ENROL if required_for(user) else NONE


def is_verified(session: Any) -> bool:
    return bool(session.get(DEVICE_ID_SESSION_KEY))


def pending(session: Any, user: Any) -> str:
    """What the session still owes: VERIFY, ENROL or NONE."""
    state = session.get(STATE_KEY)
    if state is None:
        state = session[STATE_KEY] = state_for(user)
    if state and is_verified(session):
        return NONE
    return state


# --- TOTP enrolment ------------------------------------------------------------------

def totp_pending_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device shown on the enrolment page (one per user, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


def secret_base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline <svg> element (markup, allowed by the CSP)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg"):]


@transaction.atomic
def totp_confirm(*, request: Any, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm an enrolment with the first code from the app. Returns the new recovery
    codes (shown once) and verifies the session, or None when the code is wrong."""
    user = request.user
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_generate(user=user)
    otp_login(request, device)
    request.session[STATE_KEY] = VERIFY
    audit_record(action=AuditAction.UPDATE, obj=user, actor=user, extra={"two_factor": "enrolled"})
    return codes


def verify(*, request: Any, code: str) -> bool:
    """Check a TOTP or recovery code for the half-logged-in user; verify the session."""
    user = request.user
    code = "".join(code.split()).upper()
    devices: list[Any] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    devices += list(RecoveryCodeDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        with transaction.atomic():
            if device.verify_token(code):
                otp_login(request, device)
                kind = "recovery_code" if isinstance(device, RecoveryCodeDevice) else "totp"
                audit_record(action=AuditAction.LOGIN, obj=user, actor=user, extra={"two_factor": kind})
                return True
    audit_record(action=AuditAction.LOGIN_FAILED, obj=user, actor=None,
                 extra={"username": user.username, "two_factor": "wrong_code"})
    return False


# --- Recovery codes ------------------------------------------------------------------

def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; the plain codes are returned once."""
    device, _ = RecoveryCodeDevice.objects.get_or_create(user=user, defaults={"name": "恢复码", "confirmed": True})
    device.codes.all().delete()
    codes = ["".join(secrets.choice(_CODE_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODE_COUNT)]
    rows = []
    for code in codes:
        salt = secrets.token_hex(16)
        rows.append(RecoveryCode(device=device, salt=salt, code_hash=_digest(salt, code)))
    RecoveryCode.objects.bulk_create(rows)
    return [f"{c[:5]}-{c[5:]}" for c in codes]


@transaction.atomic
def recovery_codes_regenerate(*, user: User, session: Any) -> list[str]:
    """New recovery codes asked for on the account page: only with a confirmed authenticator
    and a verified session; audited (the codes themselves never)."""
    if confirmed_totp(user) is None or not is_verified(session):
        raise PermissionDenied("请先启用并完成双因素认证。")
    codes = recovery_codes_generate(user=user)
    audit_record(action=AuditAction.UPDATE, obj=user, extra={"two_factor": "recovery_codes_regenerated"})
    return codes


def recovery_code_use(*, device: RecoveryCodeDevice, code: str) -> bool:
    """Spend a recovery code: True once per code (the row is locked while checked)."""
    code = code.replace("-", "").strip().upper()
    if len(code) != 10:
        return False
    for row in device.codes.select_for_update().filter(used_at__isnull=True):
        if hmac.compare_digest(row.code_hash, _digest(row.salt, code)):
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
            return True
    return False


def recovery_codes_left(user: Any) -> int:
    return RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()


# --- Reset by the system administrator -----------------------------------------------

def is_sysadmin(user: Any) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.role_assignments.filter(is_active=True, role=Role.SYSADMIN).exists()
    )


@transaction.atomic
def two_factor_reset(*, actor: User, user: User) -> None:
    """Remove a user's authenticator and recovery codes (lost phone). Only a system
    administrator may, never for their own account; the user's sessions end."""
    from .services.sessions import sessions_end_all

    if not is_sysadmin(actor):
        raise PermissionDenied("只有系统管理员可以重置双因素认证。")
    if actor.pk == user.pk:
        raise PermissionDenied("不能重置自己账号的双因素认证，请由另一位系统管理员操作。")
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    RecoveryCodeDevice.objects.filter(user=user).delete()
    ended = sessions_end_all(user=user)
    audit_record(action=AuditAction.UPDATE, obj=user, actor=actor,
                 extra={"two_factor": "reset", "devices_removed": removed, "sessions_ended": ended})


def second_factor_check(*, user: User, code: str) -> str:
    """The second factor outside a browser session (the token endpoint). Returns "" when it
    is satisfied, else a Chinese reason. A user with an authenticator must give a current
    code; a user whose role makes it mandatory and who has none must enrol on the web first."""
    state = state_for(user)
    if state == NONE:
        return ""
    if state == ENROL:
        return "您的角色要求双因素认证：请先登录网页，在“我的账号”中绑定身份验证器。"
    code = "".join((code or "").split())
    device = confirmed_totp(user)
    with transaction.atomic():
        if code and device is not None and device.verify_token(code):
            return ""
    audit_record(action=AuditAction.LOGIN_FAILED, obj=user, actor=None,
                 extra={"username": user.username, "two_factor": "wrong_code", "via": "api_token"})
    return "请填写身份验证器上当前的 6 位动态码（otp）。" if not code else "动态码不正确或已使用。"
