from django.apps import AppConfig


class RectificationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rectification"
    verbose_name = "软弱涣散基层党组织整顿"

    def ready(self) -> None:
        from . import evidence_sources
        from .reminders import register_source

        register_source()
        evidence_sources.register_sources()
