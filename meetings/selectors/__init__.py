# --- read by the dashboards ---
from ..periods import add_months, period_bounds, period_display
from .compliance import requirement_facts
from .members import inactive_counts_by_unit

__all__ = ["add_months", "inactive_counts_by_unit", "period_bounds", "period_display", "requirement_facts"]
