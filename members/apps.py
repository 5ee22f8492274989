from django.apps import AppConfig


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = "党员名册"

    def ready(self) -> None:
        from django.core.checks import Tags, register

        from reminders.registry import SOURCES

        from .crypto import check_field_keys
        from .reminders import SOURCES as REMINDER_SOURCES

        register(check_field_keys, Tags.security)
        for source in REMINDER_SOURCES:
            SOURCES.register(source)
