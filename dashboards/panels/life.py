"""Organizational life on the dashboards: 三会一课 and 主题党日 completion by unit for the current
and previous period (with a ranking chart of units), its monthly trend, branches that missed last
month's 支委会, and members flagged by the six-month rule (党章第九条).

The figures are read from the meetings app's compliance engine (`meetings.selectors.requirement_facts`,
one query for all the scope's roots) and rolled up to units here. Nothing is re-computed:
held/required per requirement come from the engine."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, NamedTuple

from django.conf import settings
from django.utils import timezone

from meetings.selectors import add_months, inactive_counts_by_unit, period_bounds, period_display, requirement_facts
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Status

from . import Cell, Panel, Table, url
from .organization import units_of
from .scope import PERIODS, DashboardScope

# 三会一课: 支部党员大会、支部委员会会议、党小组会、党课 (党支部工作条例)
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sanhui": ("三会一课", ("general_meeting", "branch_committee", "group_meeting", "lecture")),
    "theme_day": ("主题党日", ("theme_day",)),
    "branch_committee": ("支部委员会会议", ("branch_committee",)),
}


@dataclass(frozen=True)
class Period:
    unit: str
    start: datetime.date
    end: datetime.date  # exclusive

    @property
    def label(self) -> str:
        return period_display(self.unit, self.start)

    def contains(self, month: datetime.date) -> bool:
        return self.start <= month < self.end


def current_and_previous(unit: str, today: datetime.date | None = None) -> tuple[Period, Period]:
    today = today or timezone.localdate()
    start, end = period_bounds(unit, today)
    prev_start, _ = period_bounds(unit, add_months(start, -1))
    return Period(unit, start, end), Period(unit, prev_start, start)


def period_at(unit: str, day: datetime.date) -> Period:
    start, end = period_bounds(unit, day)
    return Period(unit, start, end)


class BranchRef(NamedTuple):
    """What the figures need of a branch (no model instance per branch)."""

    pk: int
    path: str
    name: str
    depth: int


@dataclass
class LifeFacts:
    """The engine's rows for the scope's branches over a range of months."""

    rows: list[tuple]  # RequirementRow order (plain tuples: ~20k a city, no object each)
    branches: dict[int, BranchRef]
    type_codes: dict[int, str]
    _by_code_cell: dict[tuple[str, datetime.date], list[tuple]] | None = None

    def held_required(self, group: str, period: Period) -> dict[int, tuple[int, int]]:
        """{branch id: (held, required)} for requirements whose period ends inside `period`."""
        if self._by_code_cell is None:  # one pass over the rows, whatever the number of calls
            index: dict[tuple[str, datetime.date], list[tuple]] = defaultdict(list)
            branches, codes_of = self.branches, self.type_codes
            for r in self.rows:  # (branch_id, cell, unit, meeting_type_id, start, end, required, held)
                if r[0] in branches:
                    index[(codes_of.get(r[3], ""), r[1])].append(r)
            self._by_code_cell = index
        codes = set(GROUPS[group][1])
        out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for (code, cell), rows in self._by_code_cell.items():
            if code in codes and period.contains(cell):
                for r in rows:
                    acc = out[r[0]]
                    acc[0] += r[7]
                    acc[1] += r[6]
        return {k: (v[0], v[1]) for k, v in out.items()}


def life_facts(scope: DashboardScope, periods: Iterable[Period]) -> LifeFacts:
    """Three queries, whatever the number of scope roots, branches or meetings."""
    periods = list(periods)
    first = min(p.start for p in periods)
    last = add_months(max(p.end for p in periods), -1)
    branches_qs = Organization.objects.filter(scope.q(), kind__in=BRANCH_KINDS, status=Status.ACTIVE)
    if scope.field:
        branches_qs = branches_qs.filter(field=scope.field)
    branches = {b[0]: BranchRef(*b) for b in branches_qs.order_by().values_list("id", "path", "name", "depth")}
    rows, codes = requirement_facts(scope.paths, first, last)
    return LifeFacts(rows=rows, branches=branches, type_codes=codes)


def rate_text(held: int, required: int) -> str:
    if not required:
        return "—"
    return f"{held}/{required}（{held * 100 / required:.1f}%）"


def rate(held: int, required: int) -> float | None:
    return round(held * 100 / required, 1) if required else None


def by_unit(per_branch: dict[int, tuple[int, int]], branches: dict[int, BranchRef], width: int) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for bid, (h, r) in per_branch.items():
        unit = branches[bid].path[:width]
        out[unit][0] += h
        out[unit][1] += r
    return {k: (v[0], v[1]) for k, v in out.items()}


def life_link(unit_pk: int, group: str, period: Period, missed: bool = False, field: str = "") -> str:
    params = {"unit": unit_pk, "group": group, "period": period.unit, "at": period.start.isoformat()}
    if missed:
        params["missed"] = "1"
    if field:
        params["field"] = field
    return url("dashboards:life", **params)


def life_completion(scope: DashboardScope) -> Table:
    current, previous = current_and_previous(scope.period)
    last_month = current_and_previous("month")[1]
    facts = life_facts(scope, [current, previous, last_month])
    units = units_of(scope)
    width = scope.unit_path_len()
    figures = {
        (g, p): by_unit(facts.held_required(g, p), facts.branches, width)
        for g in ("sanhui", "theme_day") for p in (current, previous)
    }
    missed_bc = [bid for bid, (h, r) in facts.held_required("branch_committee", last_month).items() if h < r]
    missed_by_unit: dict[str, int] = {}
    for bid in missed_bc:
        u = facts.branches[bid].path[:width]
        missed_by_unit[u] = missed_by_unit.get(u, 0) + 1
    rows, ranking = [], []
    for u in units:
        row = [Cell(u.name, url("organizations:detail", u.pk))]
        for g in ("sanhui", "theme_day"):
            for p in (current, previous):
                h, r = figures[(g, p)].get(u.path, (0, 0))
                row.append(Cell(rate_text(h, r), life_link(u.pk, g, p, field=scope.field) if r else ""))
        row.append(Cell(missed_by_unit.get(u.path, 0),
                        life_link(u.pk, "branch_committee", last_month, missed=True, field=scope.field)))
        rows.append(row)
        h, r = figures[("sanhui", previous)].get(u.path, (0, 0))
        if r:
            ranking.append((u.name, rate(h, r)))
    ranking.sort(key=lambda x: (x[1], x[0]))
    chart = {
        "title": {"text": f"{previous.label}三会一课完成率排名（按组织）", "textStyle": {"fontSize": 12}},
        "tooltip": {}, "grid": {"left": 110},
        "xAxis": {"type": "value", "max": 100}, "yAxis": {"type": "category", "data": [n for n, _ in ranking]},
        "series": [{"type": "bar", "data": [v for _, v in ranking], "itemStyle": {"color": "#b71c1c"}}],
    }
    cur, prev = current.label, previous.label
    return Table(
        headers=["单位", f"三会一课 {cur}", f"三会一课 {prev}", f"主题党日 {cur}", f"主题党日 {prev}",
                 f"{last_month.label}支委会缺项支部"],
        rows=rows, chart=chart,
        note=(f"已开/应开（完成率），{PERIODS[scope.period]}统计；本期尚未结束的要求计入应开。"
              "数据来自组织生活合规引擎，点击数字查看到党支部。"),
    )


def six_month_rule(scope: DashboardScope) -> Table:
    """Members without organizational life for the warning / flag thresholds, by unit (one query)."""
    today = timezone.localdate()
    width = scope.unit_path_len()
    warn_day = add_months(today, -settings.JICENG_ORG_LIFE_WARN_MONTHS)
    flag_day = add_months(today, -settings.JICENG_ORG_LIFE_FLAG_MONTHS)
    # the same rule as meetings' inactive_members (its list is the drill-down), in its NOT EXISTS form
    counts = inactive_counts_by_unit(paths=scope.paths, field=scope.field, width=width, warn_day=warn_day,
                                     flag_day=flag_day, today=today)
    rows, total_w, total_f = [], 0, 0
    for u in units_of(scope):
        c = counts.get(u.path, {})
        link = url("meetings:inactive", org=u.pk)
        rows.append([Cell(u.name, url("organizations:detail", u.pk)),
                     Cell(c.get("warning", 0), link), Cell(c.get("flagged", 0), link)])
        total_w += c.get("warning", 0)
        total_f += c.get("flagged", 0)
    return Table(
        headers=["单位", f"连续{settings.JICENG_ORG_LIFE_WARN_MONTHS}个月以上未参加组织生活",
                 f"其中已满{settings.JICENG_ORG_LIFE_FLAG_MONTHS}个月（党章第九条）"],
        rows=rows, totals=[Cell("合计"), Cell(total_w), Cell(total_f)],
        note="请假、在外参加组织生活的流动党员不计入。",
    )


def life_trend(scope: DashboardScope) -> Table:
    """三会一课 and 主题党日 completion month by month over the last 12 completed months (one
    engine query for the whole range), as a line chart and a table; each month links to the
    branches behind it."""
    last = current_and_previous("month")[1]
    months = [Period("month", add_months(last.start, -k), add_months(last.start, 1 - k)) for k in range(11, -1, -1)]
    facts = life_facts(scope, months)
    unit = scope.roots[0] if len(scope.roots) == 1 else None
    rows, series = [], {"sanhui": [], "theme_day": []}
    for p in months:
        row = [Cell(p.label)]
        for g in ("sanhui", "theme_day"):
            per_branch = facts.held_required(g, p).values()
            h, r = sum(x for x, _ in per_branch), sum(y for _, y in per_branch)
            row.append(Cell(rate_text(h, r), life_link(unit.pk, g, p, field=scope.field) if unit and r else ""))
            series[g].append(rate(h, r))
        rows.append(row)
    chart = {
        "tooltip": {"trigger": "axis"}, "legend": {"data": ["三会一课", "主题党日"]},
        "xAxis": {"type": "category", "data": [p.label for p in months]},
        "yAxis": {"type": "value", "max": 100, "scale": True, "name": "完成率%"},  # near 100: show the changes
        "series": [{"name": "三会一课", "type": "line", "data": series["sanhui"], "itemStyle": {"color": "#b71c1c"}},
                   {"name": "主题党日", "type": "line", "data": series["theme_day"], "itemStyle": {"color": "#f9a825"}}],
    }
    return Table(headers=["月份", "三会一课 已开/应开（完成率）", "主题党日 已开/应开（完成率）"], rows=rows, chart=chart,
                 note="每月到期的要求（月度要求、季末的季度要求、年末的年度要求）；数据来自组织生活合规引擎。")


CONTRIBUTED = (
    Panel("life_completion", "三会一课与主题党日完成情况", life_completion, order=50),
    Panel("life_trend", "三会一课与主题党日月度趋势（近12个月）", life_trend, order=52, lazy=True),
    Panel("six_month_rule", "连续6个月未参加组织生活的党员", six_month_rule, order=55),
)
