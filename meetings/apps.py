from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "组织生活"

    def ready(self) -> None:
        from reminders.registry import SOURCES

        from .reminders import SOURCES as REMINDER_SOURCES

        for source in REMINDER_SOURCES:
            SOURCES.register(source)
