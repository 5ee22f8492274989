"""Writes of the rectification app. Each is keyword-only, runs in one transaction, checks who
may act (services/access.py), validates with Chinese messages and leaves an audit row."""

from .categories import (
    can_change_category,
    categories_reorder,
    category_add,
    category_delete,
    category_set_active,
    category_update,
    is_system_category,
    problems_using,
)
from .ledger import (
    EVIDENCE_TYPES,
    check_evidence_file,
    leader_add,
    leader_update,
    measure_add,
    measure_transition,
    measure_update,
    problem_add,
    problem_update,
    progress_add,
)
from .lists import (
    candidate_propose,
    candidates_draw,
    rectification_transition,
    year_confirm,
    year_open,
    year_update,
)

__all__ = [
    "EVIDENCE_TYPES", "can_change_category", "candidate_propose", "candidates_draw", "categories_reorder",
    "category_add", "category_delete", "category_set_active", "category_update", "check_evidence_file", "is_system_category", "leader_add",
    "leader_update", "measure_add", "measure_transition", "measure_update", "problem_add", "problems_using", "problem_update", "progress_add",
    "rectification_transition", "year_confirm", "year_open", "year_update",
]
