"""Second factor for the demo accounts (development only). `seed_demo` binds one published
authenticator key to the demo personas whose role needs a second factor, so `make run` stays
usable: add the printed key to an authenticator app, or run `manage.py demo_totp`."""

from __future__ import annotations

import base64
from typing import Iterable

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User
from .two_factor import required_for

# Public on purpose, like the demo password: never bound when DJANGO_ENV=production.
DEMO_TOTP_KEY = b"Jiceng-Demo-TOTP-Key".hex()


def demo_secret() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")


def demo_two_factor(users: Iterable[User]) -> list[str]:
    """Bind the demo key to the users who need a second factor and have none; returns
    their usernames. Does nothing in production."""
    if getattr(settings, "PRODUCTION", False):
        return []
    bound = []
    for user in users:
        if required_for(user):
            if not TOTPDevice.objects.filter(user=user).exists():
                TOTPDevice.objects.create(user=user, name="演示身份验证器", key=DEMO_TOTP_KEY, confirmed=True)
            if TOTPDevice.objects.filter(user=user, key=DEMO_TOTP_KEY, confirmed=True).exists():
                bound.append(user.username)
    return bound
