from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "班子与换届"

    def ready(self) -> None:
        from reminders import registry

        from .reminders import term_source

        registry.register(term_source)
