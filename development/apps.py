from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "development"
    verbose_name = "发展党员"

    def ready(self) -> None:
        from reminders import registry

        from .reminders import source

        registry.register(source)
