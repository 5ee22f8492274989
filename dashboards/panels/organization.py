"""Panels about the organization tree: counts by kind and field, per unit (township)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Substr

from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, LIANGXIN_FIELDS, Field, Kind, Status

from . import Cell, Panel, Table, url
from .scope import DashboardScope


def _list_link(ancestor: int, **filters: str) -> str:
    return url("organizations:list", ancestor=ancestor, status=Status.ACTIVE, **filters)


def units_of(scope: DashboardScope) -> list[Organization]:
    """The rows of per-unit tables: nodes at `unit_depth` under the roots (one query, kept on
    the scope object for the rest of the request)."""
    if scope.units is None:
        scope.units = list(Organization.objects.filter(scope.q(), depth=scope.unit_depth).order_by("path"))
    return scope.units


def organizations_by_unit(scope: DashboardScope) -> Table:
    units = units_of(scope)
    step = Organization.steplen * scope.unit_depth
    qs = Organization.objects.filter(scope.q(), status=Status.ACTIVE, depth__gte=scope.unit_depth)
    if scope.field:
        qs = qs.filter(Q(field=scope.field) | ~Q(kind__in=[*BRANCH_KINDS, Kind.PARTY_GROUP]))
    counts = (
        qs.order_by().annotate(unit=Substr("path", 1, step)).values("unit")
        .annotate(
            primary=Count("id", filter=Q(kind=Kind.PRIMARY)),
            general=Count("id", filter=Q(kind=Kind.GENERAL_BRANCH)),
            branch=Count("id", filter=Q(kind__in=BRANCH_KINDS)),
            joint=Count("id", filter=Q(kind=Kind.JOINT_BRANCH)),
            groups=Count("id", filter=Q(kind=Kind.PARTY_GROUP)),
            liangxin=Count("id", filter=Q(kind__in=BRANCH_KINDS, field__in=LIANGXIN_FIELDS)),
        )
    )
    by_unit = {c["unit"]: c for c in counts}
    keys = ["primary", "general", "branch", "joint", "groups", "liangxin"]
    rows, totals = [], dict.fromkeys(keys, 0)
    for u in units:
        c = by_unit.get(u.path, {})
        extra = {"field": scope.field} if scope.field else {}
        rows.append([
            Cell(u.name, url("organizations:detail", u.pk)),
            Cell(c.get("primary", 0), _list_link(u.pk, kind=Kind.PRIMARY)),
            Cell(c.get("general", 0), _list_link(u.pk, kind=Kind.GENERAL_BRANCH)),
            Cell(c.get("branch", 0), _list_link(u.pk, kind=Kind.BRANCH, **extra)),
            Cell(c.get("joint", 0), _list_link(u.pk, kind=Kind.JOINT_BRANCH, **extra)),
            Cell(c.get("groups", 0), _list_link(u.pk, kind=Kind.PARTY_GROUP)),
            Cell(c.get("liangxin", 0), _list_link(u.pk, liangxin="1")),
        ])
        for k in keys:
            totals[k] += c.get(k, 0)
    return Table(
        headers=["单位", "基层党委", "党总支", "党支部（含联合）", "其中联合党支部", "党小组", "其中“两新”党支部"],
        rows=rows,
        totals=[Cell("合计"), *(Cell(totals[k]) for k in keys)],
    )


def branches_by_field(scope: DashboardScope) -> Table:
    rows_db = (
        Organization.objects.filter(scope.q(), status=Status.ACTIVE, kind__in=BRANCH_KINDS)
        .order_by().values("field").annotate(n=Count("id"))
    )
    counts = {r["field"]: r["n"] for r in rows_db}
    root = scope.roots[0].pk if len(scope.roots) == 1 else None
    rows = []
    for f in Field:
        link = _list_link(root, kind=Kind.BRANCH, field=f.value) if root else ""
        rows.append([Cell(f.label), Cell(counts.get(f.value, 0), link)])
    total = sum(counts.values())
    chart = {
        "tooltip": {"trigger": "item"},
        "series": [{"type": "pie", "radius": ["35%", "65%"],
                    "data": [{"name": Field(k).label, "value": v} for k, v in counts.items() if k]}],
    }
    return Table(headers=["领域", "党支部数"], rows=rows, totals=[Cell("合计"), Cell(total)], chart=chart)


CONTRIBUTED = (
    Panel("org_by_unit", "党组织数量（按单位）", organizations_by_unit, order=10),
    Panel("branches_by_field", "党支部领域分布", branches_by_field, order=20),
)
