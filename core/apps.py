from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "公共"

    def ready(self) -> None:
        from . import dataversion

        dataversion.connect_scoped_models()  # every write of a scoped model refreshes the dashboards' figures
