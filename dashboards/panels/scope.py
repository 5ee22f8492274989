"""What a dashboard covers: the user's scope roots, narrowed by the township and field filters.
Derived from the one scoping mechanism (`accounts.scope`): the roots are the user's scope
paths, a chosen unit is looked up through `for_user`, and the figures' filters are `paths_q`
of the roots — the filter `for_user` applies — on each model's `scope_path_lookup`."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from accounts.scope import paths_q, scope_paths
from core.params import id_value
from organizations.models import Organization
from organizations.rules import Field, Kind

PERIODS = {"month": "按月", "quarter": "按季度", "year": "按年"}


@dataclass
class DashboardScope:
    """Roots (paths) the figures are computed under, and the unit rows are broken down by."""

    roots: list[Organization]
    field: str = ""
    unit_depth: int = 2  # the level whose rows the tables show (townships under a county)
    params: dict[str, str] = dc_field(default_factory=dict)
    user: Any = None  # for panels that reuse an app's user-scoped selectors
    period: str = "month"  # month | quarter | year: the period filter of time-bound panels
    units: list[Organization] | None = None  # memo of panels.organization.units_of for one request
    memo: dict[str, Any] = dc_field(default_factory=dict)  # figures several panels share, for one request

    def unit_path_len(self) -> int:
        return Organization.steplen * self.unit_depth

    def q(self, lookup: str = Organization.scope_path_lookup) -> Q:
        """Rows under the roots, by their organization path `lookup` (organizations by default)."""
        return paths_q(self.paths, lookup)

    @property
    def paths(self) -> list[str]:
        return [r.path for r in self.roots]


def require_party_scope(user: Any) -> None:
    """The dashboards show Party data: a user without a Party role's view scope is refused."""
    if not scope_paths(user):
        raise PermissionDenied("您的角色不包含党务数据的查看范围。")


# the query parameters scope_for reads (the views re-export them for tests/fuzz)
QUERY_PARAMS = ("unit", "field", "period")


def scope_for(user: Any, params: dict[str, str]) -> DashboardScope:
    """The user's scope roots; `unit` narrows to one node inside it (404-free: a node out of
    scope is simply ignored)."""
    roots = list(Organization.objects.filter(path__in=scope_paths(user)).order_by("path"))
    chosen = id_value(params.get("unit"), "unit")
    if chosen:
        node = Organization.objects.for_user(user).filter(pk=chosen).first()
        if node:
            roots = [node]
    fld = params.get("field", "")
    if fld not in Field.values:
        fld = ""
    depth = min((r.depth for r in roots), default=1) + 1
    if roots and all(r.kind in (Kind.BRANCH, Kind.JOINT_BRANCH) for r in roots):
        depth = roots[0].depth
    elif len(roots) > 1 and len({r.depth for r in roots}) == 1:
        # several roots side by side (a city officer's counties): the rows are the roots
        # themselves; the unit filter drills into one of them
        depth = roots[0].depth
    period = params.get("period", "month")
    if period not in PERIODS:
        period = "month"
    return DashboardScope(roots=roots, field=fld, unit_depth=depth, params=params, user=user, period=period)
