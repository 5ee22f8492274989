"""Drill-down behind the organizational-life figures: the branches under a unit with what
they held against what they had to hold in a period, their township and their secretary
(the current term's 书记 post). `missed=1` keeps only the branches with a gap. Exportable."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from committees.selectors import with_term_status
from core.exports import xlsx_response
from core.views import scoped_page
from organizations.models import Organization

from ..panels.life import GROUPS, current_and_previous, life_facts, period_at, rate
from ..panels.scope import PERIODS, QUERY_PARAMS, require_party_scope, scope_for  # noqa: F401 (QUERY_PARAMS)

TOWNSHIP_DEPTH = 2
PAGE_SIZE = 100


@dataclass
class BranchLine:
    branch: Organization
    township: Organization | None
    held: int
    required: int
    secretary: str

    @property
    def missing(self) -> int:
        return max(self.required - self.held, 0)

    @property
    def rate(self) -> float | None:
        return rate(self.held, self.required)


def _at(raw: str, unit: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return current_and_previous(unit)[1].start


@scoped_page
def life(request: HttpRequest) -> HttpResponse:
    require_party_scope(request.user)
    params = request.GET.dict()
    scope = scope_for(request.user, params)
    group = params.get("group") if params.get("group") in GROUPS else "sanhui"
    period = period_at(scope.period, _at(params.get("at", ""), scope.period))
    missed_only = params.get("missed") == "1"
    facts = life_facts(scope, [period])
    figures = facts.held_required(group, period)
    ids = [bid for bid, (h, r) in figures.items() if r and (h < r or not missed_only)]
    width = Organization.steplen * TOWNSHIP_DEPTH
    secretaries = dict(with_term_status(Organization.objects.filter(pk__in=ids)).values_list("pk", "secretary_name"))
    township_paths = {facts.branches[b].path[:width] for b in ids if facts.branches[b].depth > TOWNSHIP_DEPTH}
    townships = {o.path: o for o in Organization.objects.filter(path__in=township_paths)} if township_paths else {}
    lines = sorted(
        (BranchLine(branch=facts.branches[b], township=townships.get(facts.branches[b].path[:width]),
                    held=figures[b][0], required=figures[b][1], secretary=secretaries.get(b) or "")
         for b in ids),
        key=lambda line: line.branch.path,
    )
    title = f"{period.label}{GROUPS[group][0]}{'缺项' if missed_only else '完成情况'}"
    if params.get("export") == "xlsx":
        return xlsx_response(
            filename=f"{title}-{'、'.join(r.name for r in scope.roots)}", title=title, actor=request.user,
            headers=["乡镇（街道）", "党支部", "已开", "应开", "缺", "书记"],
            rows=([ln.township.name if ln.township else "", ln.branch.name, ln.held, ln.required, ln.missing,
                   ln.secretary] for ln in lines),
            org_path=scope.roots[0].path if len(scope.roots) == 1 else "", extra={"filters": params},
        )
    query = request.GET.copy()
    query.pop("export", None)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page"))
    query.pop("page", None)
    return render(request, "dashboards/life.html", {
        "page": page, "title": title, "scope": scope, "group": group, "groups": GROUPS, "period": period,
        "periods": PERIODS, "missed_only": missed_only, "query": query.urlencode(),
    })
