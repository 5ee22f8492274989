from typing import Any

from django.contrib import admin

from .models import ProblemCategory


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(admin.ModelAdmin):
    """Read-only here: categories are kept on the application's page (/rectification/categories/),
    where a used category can only be deactivated, a county's own ones stay with that county,
    and every change is audited."""

    list_display = ["name", "code", "county", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
