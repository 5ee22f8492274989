from django.contrib import admin

from .models import ProblemCategory


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(admin.ModelAdmin):
    """Problem categories are reference data (seed 003); a county's own ones extend the shared list."""

    list_display = ["name", "code", "county", "sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
