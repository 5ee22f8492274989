from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django_otp import DEVICE_ID_SESSION_KEY

from .models import UserSession
from .sessions import session_track
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
