"""{% account_security %}: the 等保 section of the account page (second factor, password,
sessions), rendered from its own include so the profile view stays untouched."""

from typing import Any

from django import template
from django.conf import settings

from accounts import two_factor
from accounts.services import passwords, sessions

register = template.Library()


@register.inclusion_tag("accounts/_security.html", takes_context=True)
def account_security(context: Any) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "totp": two_factor.confirmed_totp(user),
        "mandatory": two_factor.required_for(user),
        "codes_left": two_factor.recovery_codes_left(user),
        "is_sysadmin": two_factor.is_sysadmin(user),
        "password_reason": passwords.change_reason(user),
        "max_age": settings.JICENG_PASSWORD_MAX_AGE_DAYS,
        "sessions": sessions.sessions_of(user),
        "current_key": request.session.session_key,
    }
