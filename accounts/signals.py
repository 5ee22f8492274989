"""Account signals.

- At login: decide what the session owes (a second factor) and list the session; at logout,
  drop it from the list.
- A token must not outlive the reason it was issued: when an account is deactivated or loses
  a role (deactivated, changed or deleted), all its API tokens are revoked, audited. The token
  check refuses an account without an active role on every request as well, so bulk updates
  that bypass these signals are covered too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp import DEVICE_ID_SESSION_KEY

from .models import RoleAssignment, User, UserSession
from .services.sessions import session_track
from .services.tokens import api_tokens_revoke_all
from .two_factor import STATE_KEY, state_for


@receiver(user_logged_in)
def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Decide at login what the session owes (second factor) and list the session."""
    if request is None or not hasattr(request, "session"):
        return
    if not hasattr(user, "otp_device"):
        request.session.pop(DEVICE_ID_SESSION_KEY, None)  # every password login owes a fresh code
    request.session[STATE_KEY] = state_for(user)
    session_track(request=request, user=user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


@receiver(pre_save, sender=User)
def _user_before(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    if not instance.pk or (update_fields is not None and "is_active" not in update_fields):
        instance._was_active = None  # type: ignore[attr-defined]  (e.g. the last_login update at each login)
        return
    instance._was_active = (  # type: ignore[attr-defined]
        User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    )


@receiver(post_save, sender=User)
def _user_deactivated(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if getattr(instance, "_was_active", None) and not instance.is_active:
        api_tokens_revoke_all(user=instance, reason="account_deactivated")


def _grant(ra: Any) -> tuple[Any, ...] | None:
    return (ra["role"], ra["organization_id"]) if ra and ra["is_active"] else None


@receiver(pre_save, sender=RoleAssignment)
def _role_before(sender: Any, instance: RoleAssignment, **kwargs: Any) -> None:
    before = (RoleAssignment.objects.filter(pk=instance.pk).values("role", "organization_id", "is_active").first()
              if instance.pk else None)
    instance._grant_before = _grant(before)  # type: ignore[attr-defined]


@receiver(post_save, sender=RoleAssignment)
def _role_changed(sender: Any, instance: RoleAssignment, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_grant_before", None)
    after = _grant({"role": instance.role, "organization_id": instance.organization_id, "is_active": instance.is_active})
    if before is not None and before != after:
        api_tokens_revoke_all(user=instance.user, reason="role_lost")


@receiver(post_delete, sender=RoleAssignment)
def _role_deleted(sender: Any, instance: RoleAssignment, **kwargs: Any) -> None:
    if instance.is_active:
        api_tokens_revoke_all(user=instance.user, reason="role_lost")
