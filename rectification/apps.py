from django.apps import AppConfig


class RectificationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rectification"
    verbose_name = "软弱涣散基层党组织整顿"

    def ready(self) -> None:
        from reminders.registry import SOURCES as REMINDER_SOURCES_REGISTRY

        from .candidates import BUILTIN, SOURCES
        from .reminders import SOURCES as REMINDER_SOURCES

        for source in REMINDER_SOURCES:
            REMINDER_SOURCES_REGISTRY.register(source)
        for source in BUILTIN:  # candidate sources of the yearly list (core.registry)
            SOURCES.register(source)
