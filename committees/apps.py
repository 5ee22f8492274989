from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "班子与换届"

    def ready(self) -> None:
        from organizations.selectors import PARTS, OrganizationPart
        from reminders import registry

        from .reminders import term_source
        from .selectors import with_term_status

        registry.register(term_source)
        # the term badge on the organization tree and list, the committee card on its detail page
        PARTS.register(OrganizationPart(key="committees", annotate=with_term_status, column="换届",
                                        badge_template="committees/_org_badge.html",
                                        panel_template="committees/_org_panel.html"))
