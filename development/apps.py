from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "development"
    verbose_name = "发展党员"

    def ready(self) -> None:
        from reminders.registry import SOURCES

        from .reminders import SOURCES as REMINDER_SOURCES

        for source in REMINDER_SOURCES:
            SOURCES.register(source)
