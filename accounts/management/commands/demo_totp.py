"""`manage.py demo_totp`: the current code of the demo authenticator key (development only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from accounts.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "显示演示账号当前的双因素动态码（仅开发环境）。"

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("生产环境不提供演示动态码。")
        self.stdout.write(f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
