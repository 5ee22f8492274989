from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (2FA state and session list at login; token revocation)
