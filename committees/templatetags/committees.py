"""Term status for any page that shows an organization.

    {% load committees %}
    {% term_status_badge org %}     a badge; uses org.term_status when the list was annotated
                                    by selectors.with_term_status (no query), else one query
    {% org_committee_card org %}    the committee card of the organization detail page
"""

from __future__ import annotations

from typing import Any

from django import template

from organizations.models import Organization

from ..rules import ELECTING_KINDS, STATUS_BADGE, TermStatus
from ..selectors import committee_of, term_status_of

register = template.Library()


@register.inclusion_tag("committees/_status_badge.html")
def term_status_badge(org: Organization) -> dict[str, Any]:
    if org.kind not in ELECTING_KINDS:  # counties, townships and party groups elect no term here
        return {"status": None}
    status = getattr(org, "term_status", None)
    if status is None:
        status = term_status_of(org)
    return {"status": status, "label": TermStatus(status).label, "css": STATUS_BADGE[TermStatus(status)]}


@register.inclusion_tag("committees/_org_card.html", takes_context=True)
def org_committee_card(context: template.Context, org: Organization) -> dict[str, Any]:
    if org.kind not in ELECTING_KINDS:
        return {"show": False}
    view = committee_of(org)
    return {"show": True, "org": org, "c": view, "css": STATUS_BADGE[TermStatus(view.status)],
            "request": context.get("request")}
