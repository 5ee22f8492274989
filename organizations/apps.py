from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "组织"

    def ready(self) -> None:
        from core import dataversion

        from .models import Organization

        dataversion.STEP = Organization.steplen  # the county's step: the key of its data version
