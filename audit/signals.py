from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

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
