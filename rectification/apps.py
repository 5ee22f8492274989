from django.apps import AppConfig


class RectificationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rectification"
    verbose_name = "软弱涣散基层党组织整顿"

    def ready(self) -> None:
        from .candidates import BUILTIN, SOURCES
        from .reminders import register_source

        register_source()
        for source in BUILTIN:  # candidate sources of the yearly list (core.registry)
            SOURCES.register(source)
