from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "统计与驾驶舱"

    def ready(self) -> None:
        from .golive import BOOKS, BUILTIN
        from .panels import PANELS, life, member, organization, work

        for book in BUILTIN:
            BOOKS.register(book)

        for module in (organization, member, life, work):
            for panel in module.CONTRIBUTED:
                PANELS.register(panel)
