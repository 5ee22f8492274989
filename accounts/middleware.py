"""The gate every logged-in request passes (等保三级): first the second factor (enter a code,
or set up an authenticator when it is mandatory), then a due password change; it also keeps
the session list current. No query on the common path: the state is in the session."""

from __future__ import annotations

from typing import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import two_factor
from .services import passwords, sessions

# URL names a half-logged-in user may still open.
_ALWAYS = ("accounts:login", "accounts:logout", "core:health")
_FOR_VERIFY = _ALWAYS + ("accounts:two_factor_verify",)
_FOR_ENROL = _ALWAYS + ("accounts:two_factor_setup",)
_FOR_PASSWORD = _ALWAYS + ("accounts:password_change",)


class SecurityGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or request.path.startswith(self.static_prefix) or not user.is_authenticated:
            return self.get_response(request)
        owed = two_factor.pending(request.session, user)
        if owed:
            allowed = _FOR_VERIFY if owed == two_factor.VERIFY else _FOR_ENROL
            target = "accounts:two_factor_verify" if owed == two_factor.VERIFY else "accounts:two_factor_setup"
            return self._gate(request, allowed, target, "请先完成双因素认证。")
        if passwords.change_reason(user):
            return self._gate(request, _FOR_PASSWORD, "accounts:password_change", "请先修改密码。")
        if sessions.session_touch_due(request.session):
            sessions.session_track(request=request, user=user)
        return self.get_response(request)

    def _gate(self, request: HttpRequest, allowed: tuple[str, ...], target: str, message: str) -> HttpResponse:
        if request.path in {reverse(name) for name in allowed}:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            # Session authentication on the API needs the same completed login as the pages.
            return JsonResponse({"detail": message}, status=403)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return redirect(reverse(target) + (f"?{query}" if query else ""))
