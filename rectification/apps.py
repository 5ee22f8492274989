from django.apps import AppConfig


class RectificationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rectification"
    verbose_name = "软弱涣散基层党组织整顿"

    def ready(self) -> None:
        from reminders.registry import SOURCES

        from . import evidence_sources
        from .reminders import SOURCES as REMINDER_SOURCES

        for source in REMINDER_SOURCES:
            SOURCES.register(source)
        evidence_sources.register_sources()
