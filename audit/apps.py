from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-in and sign-out; exports and downloads: core.signals)
