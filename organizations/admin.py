from typing import Any

from django.contrib import admin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Read-only: the system administrator needs organization names to assign roles;
    the tree itself is kept in the application, where every change is scoped and audited."""

    list_display = ["name", "kind", "field", "status"]
    search_fields = ["name", "short_name", "code"]
    list_filter = ["kind", "status"]
    fields = ["name", "short_name", "code", "kind", "field", "status"]
    readonly_fields = fields

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
