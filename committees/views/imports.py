"""History import pages of committees (core.importing.resources): past terms, training
records, reserve cadres — each an upload → check → confirm page and its template."""

from __future__ import annotations

from core.importing.page import ImportPageView
from core.importing.resources import ImportTemplateView

from ..importing import ReserveImport, TermImport, TrainingImport

KINDS = {"terms": TermImport(), "training": TrainingImport(), "reserves": ReserveImport()}


def pages() -> list[tuple[str, object, object]]:
    """(name, page view, template view) of each kind, for urls.py."""
    return [(name, ImportPageView.as_view(kind=kind), ImportTemplateView.as_view(kind=kind))
            for name, kind in KINDS.items()]
