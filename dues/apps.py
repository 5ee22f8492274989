from django.apps import AppConfig


class DuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dues"
    verbose_name = "党费"

    def ready(self) -> None:
        from reminders import registry

        from .reminders import source

        registry.register(source)
