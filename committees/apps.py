from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "班子与换届"

    def ready(self) -> None:
        from organizations.selectors import PARTS, OrganizationPart
        from reminders.registry import SOURCES

        from .reminders import SOURCES as REMINDER_SOURCES
        from .selectors import with_term_status

        for source in REMINDER_SOURCES:
            SOURCES.register(source)
        # the term badge on the organization tree and list, the committee card on its detail page
        PARTS.register(OrganizationPart(key="committees", annotate=with_term_status, column="换届",
                                        badge_template="committees/_org_badge.html",
                                        panel_template="committees/_org_panel.html"))
