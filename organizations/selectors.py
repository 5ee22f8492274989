"""Reads for the organization pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Func, OuterRef, Q, QuerySet, Subquery

from .models import Organization
from .rules import BRANCH_KINDS, LIANGXIN_FIELDS, Kind, Status


def with_branch_counts(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Annotate each node with the number of active branches in its subtree (one subquery)."""
    sub = (
        Organization.objects.filter(path__startswith=OuterRef("path"), kind__in=BRANCH_KINDS, status=Status.ACTIVE)
        .order_by()
        .annotate(n=Func(F("id"), function="COUNT"))
        .values("n")
    )
    return qs.annotate(branch_count=Subquery(sub))


def filter_organizations(qs: QuerySet[Organization], params: dict[str, Any]) -> QuerySet[Organization]:
    q = (params.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__iexact=q))
    for key in ("kind", "field", "status"):
        if params.get(key):
            qs = qs.filter(**{key: params[key]})
    if params.get("liangxin"):
        qs = qs.filter(field__in=LIANGXIN_FIELDS, kind__in=BRANCH_KINDS)
    ancestor = params.get("ancestor")
    if ancestor:
        anc = Organization.objects.filter(pk=ancestor).values_list("path", flat=True).first()
        qs = qs.filter(path__startswith=anc) if anc else qs.none()
    return qs


def kind_counts(root: Organization) -> dict[str, int]:
    rows = Organization.objects.under(root).active().values("kind").annotate(n=Count("id"))
    return {Kind(r["kind"]).label: r["n"] for r in rows}


def parents_by_path(orgs: list[Organization]) -> dict[str, Organization]:
    """Ancestors of many nodes in one query, keyed by path (for breadcrumbs in lists)."""
    paths: set[str] = set()
    for o in orgs:
        paths.update(o.path[: i * o.steplen] for i in range(1, o.depth))
    return {o.path: o for o in Organization.objects.filter(path__in=paths)}
