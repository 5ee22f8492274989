from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        # django-otp's own admin for authenticators shows each device's secret key and QR code:
        # not even the system administrator sees them (resetting is /accounts/two-factor/reset/).
        from django.contrib import admin
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from core.scoping import register_scope_paths

        from . import signals  # noqa: F401  (2FA state and session list at login; token revocation)
        from .scope import hook_scope_paths

        register_scope_paths(hook_scope_paths)  # core's scoping hook: the base views and the audit pages ask it

        if admin.site.is_registered(TOTPDevice):
            admin.site.unregister(TOTPDevice)
