"""Panels on organizational life: 三会一课 and 主题党日 completion by unit for the current and
previous period (with a ranking chart of units), branches that missed last month's 支委会,
and members flagged by the six-month rule (党章第九条)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from meetings.periods import add_months
from meetings.selectors.members import no_life_since
from members.choices import ACTIVE_STATUSES
from members.models import Member

from .life import GROUPS, Period, by_unit, current_and_previous, life_facts, rate, rate_text
from .org_panels import units_of
from .panels import Cell, Panel, Table, register, url
from .scope import PERIODS, DashboardScope


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
    qs = Member.objects.filter(scope.q("organization__path"), status__in=ACTIVE_STATUSES).filter(
        *no_life_since(warn_day, today))
    if scope.field:
        qs = qs.filter(organization__field=scope.field)
    counts = {r["unit"]: r for r in qs.order_by().annotate(unit=Substr("organization__path", 1, width))
              .values("unit").annotate(warning=Count("id"), flagged=Count("id", filter=Q(*no_life_since(flag_day, today))))}
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


register(Panel("life_completion", "三会一课与主题党日完成情况", life_completion, order=50))
register(Panel("life_trend", "三会一课与主题党日月度趋势（近12个月）", life_trend, order=52, lazy=True))
register(Panel("six_month_rule", "连续6个月未参加组织生活的党员", six_month_rule, order=55))

__all__ = ["GROUPS", "life_link"]
