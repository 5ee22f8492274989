"""Writes of the rectification app. Each is keyword-only, runs in one transaction, checks who
may act (rectification/access.py), validates with Chinese messages and leaves an audit row."""

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
    "EVIDENCE_TYPES", "candidate_propose", "candidates_draw", "check_evidence_file", "leader_add", "leader_update",
    "measure_add", "measure_transition", "measure_update", "problem_add", "problem_update", "progress_add",
    "rectification_transition", "year_confirm", "year_open", "year_update",
]
