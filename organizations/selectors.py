"""Reads for the organization pages, and the hook through which apps above add to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from django.db.models import Count, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr

from accounts.scope import paths_q, scope_paths
from core.registry import Registry
from core.scoping import Action

from .models import Organization
from .rules import BRANCH_KINDS, LIANGXIN_FIELDS, Kind, Status


def scope_roots(user: Any, action: Action = "view") -> QuerySet[Organization]:
    """The top organizations of the user's scope (the roots of the tree page)."""
    return Organization.objects.filter(path__in=scope_paths(user, action))


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


@dataclass(frozen=True)
class OrganizationPart:
    """What an app above adds to the organization pages, registered in its `AppConfig.ready()`
    (committees: the term status). `annotate` adds its figures to the rows of the tree and the
    list in the same query; `badge_template` is rendered with `org` beside a node of the tree and
    in the list's column headed `column`; `panel_template` is a card of the detail page
    (rendered with the page's context, `org` included)."""

    key: str
    annotate: Callable[[QuerySet[Organization]], QuerySet[Organization]] | None = None
    column: str = ""
    badge_template: str = ""
    panel_template: str = ""


PARTS: Registry[OrganizationPart] = Registry("organization page part")


def with_parts(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """`qs` with the annotations of every registered part."""
    for part in PARTS:
        if part.annotate is not None:
            qs = part.annotate(qs)
    return qs


# --- read by the go-live checklist ---


def active_branches(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """The active 党支部 and 联合党支部 of `qs`: what every other book is counted against."""
    return qs.branches().active()


def branch_counts_by_unit(*, paths: list[str], width: int) -> dict[str, int]:
    """{unit: active branches} under `paths`, `unit` being the first `width` characters of
    their path (one grouped query)."""
    qs = active_branches(Organization.objects.filter(paths_q(paths, Organization.scope_path_lookup)))
    return {r["unit"]: r["n"] for r in qs.order_by().annotate(unit=Substr("path", 1, width))
            .values("unit").annotate(n=Count("id"))}


def active_children_at(paths: list[str], width: int) -> QuerySet[Organization]:
    """The active organizations under `paths` whose path is `width` characters long (the
    townships under a county: the checklist's lines)."""
    return Organization.objects.filter(paths_q(paths, Organization.scope_path_lookup), status=Status.ACTIVE,
                                       depth=width // Organization.steplen).order_by("path")
