from django.apps import AppConfig


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = "党员名册"

    def ready(self) -> None:
        from reminders.registry import SOURCES

        from . import checks  # noqa: F401  (registers the key checks)
        from .reminders import SOURCES as REMINDER_SOURCES

        for source in REMINDER_SOURCES:
            SOURCES.register(source)
