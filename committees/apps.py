from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "班子与换届"

    def ready(self) -> None:
        from reminders.registry import SOURCES

        from .reminders import SOURCES as REMINDER_SOURCES

        for source in REMINDER_SOURCES:
            SOURCES.register(source)
