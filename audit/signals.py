"""The audit trail's receivers: sign-in and sign-out (Django's signals), exports, downloads
and imports (core.signals). Connected by importing this module in `AuditConfig.ready()`."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.signals import exported, file_served, imported

from .context import client_ip
from .models import AuditAction
from .services import audit_record


@receiver(user_logged_in)
def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.LOGIN, obj=user, actor=user, ip=client_ip(request) if request else None)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, obj=user, actor=user, ip=client_ip(request) if request else None)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        actor=None,
        ip=client_ip(request) if request else None,
        extra={"username": str(credentials.get("username", ""))[:150]},
    )


# --- core's infrastructure: exports and downloads (core.signals) --------------------------

@receiver(exported)
def _on_export(sender: Any, actor: Any, filename: str, rows: int, extra: dict | None = None, org_path: str = "",
               **kwargs: Any) -> None:
    audit_record(action=AuditAction.EXPORT, actor=actor, org_path=org_path,
                 extra={"file": filename, "rows": rows, **(extra or {})})


@receiver(file_served)
def _on_file_served(sender: Any, request: Any, obj: Any, filename: str, stored: str, **kwargs: Any) -> None:
    audit_record(action=AuditAction.EXPORT, obj=obj, actor=request.user, extra={"download": filename, "stored": stored})


@receiver(imported)
def _on_import(sender: Any, actor: Any, filename: str, kind: str, counts: dict, **kwargs: Any) -> None:
    audit_record(action=AuditAction.IMPORT, actor=actor, extra={"file": filename, "kind": kind, **counts})
