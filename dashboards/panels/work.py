"""Panels over the other apps' records, each through that app's selectors: terms (committees),
rectification, assessments, the development pipeline, dues and overdue reminders. Rows are
the scope's units (townships under a county); every figure links to the app's own list."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from assessments.selectors import Grade, ReviewResult, latest_distribution
from committees.selectors import TermStatus, term_status_counts_by_unit
from development.selectors import OPEN_STAGES, Stage, open_applicants_by_unit
from dues.selectors import collection_by_unit
from organizations.models import Organization
from rectification.selectors import latest_years, township_progress
from reminders.selectors import STATES, oversight_paths, state_counts_by_unit

from . import Cell, Panel, Table, url
from .member import member_facts
from .organization import units_of
from .scope import DashboardScope


def _unit_cell(u: Organization) -> Cell:
    return Cell(u.name, url("organizations:detail", u.pk))


def _in_scope(scope: DashboardScope, path: str) -> bool:
    return any(path.startswith(r.path) or r.path.startswith(path) for r in scope.roots)


def terms(scope: DashboardScope) -> Table:
    """换届: organizations whose term ends within the horizon, overdue, delayed, without a term."""
    statuses = (TermStatus.EXPIRING, TermStatus.OVERDUE, TermStatus.DELAYED, TermStatus.NONE)
    counts = term_status_counts_by_unit(paths=scope.paths, field=scope.field, width=scope.unit_path_len())
    rows, totals = [], dict.fromkeys(statuses, 0)
    for u in units_of(scope):
        c = counts.get(u.path, {})
        rows.append([_unit_cell(u), *(Cell(c.get(s.value, 0), url("committees:board", ancestor=u.pk, status=s.value))
                                      for s in statuses)])
        for s in statuses:
            totals[s] += c.get(s.value, 0)
    return Table(headers=["单位", *(TermStatus(s).label for s in statuses)], rows=rows,
                 totals=[Cell("合计"), *(Cell(totals[s]) for s in statuses)],
                 note="任期届满前6个月内为即将到期；超过届满日期且未批准延期为逾期未换届。")


def rectification(scope: DashboardScope) -> Table:
    """软弱涣散整顿 of each county's latest year, by township (the rectification app's selector)."""
    today = timezone.localdate()
    county_paths = {r.path[: Organization.steplen] for r in scope.roots}
    years = latest_years(county_paths=county_paths, until=today.year)
    year_of = {y.county.path: y for y in years}
    keys = ("listed", "accepted", "open", "closed", "overdue")
    rows, totals = [], dict.fromkeys(keys, 0)
    for r in township_progress(years, scope.user, today) if years else []:
        org = r["organization"]
        if org is None or not _in_scope(scope, org.path):
            continue
        link = url("rectification:year", year_of[org.path[: Organization.steplen]].pk, unit=org.path)
        rows.append([Cell(org.name, url("organizations:detail", org.pk)),
                     *(Cell(r[k], link if k in ("listed", "accepted") else link + "&status=listed") for k in keys)])
        for k in keys:
            totals[k] += r[k]
    labels = {y.year for y in years}
    return Table(headers=["乡镇（街道）", "列入整顿", "已验收销号", "未销号措施", "已销号措施", "逾期措施"], rows=rows,
                 totals=[Cell("合计"), *(Cell(totals[k]) for k in keys)],
                 note=f"{'、'.join(str(y) for y in sorted(labels))}年度整顿名单。" if labels else "尚未建立整顿年度。")


def assessments(scope: DashboardScope) -> Table:
    """分类定级 and 达标创优 results of the latest graded year, by township (assessments' selector)."""
    year, townships = latest_distribution(user=scope.user, paths=scope.paths)
    if year is None:
        return Table(headers=["乡镇（街道）"], rows=[], note="尚无分类定级记录。")
    rows = []
    for t in townships:
        link = url("assessments:gradings", year=year, ancestor=t.township.pk)
        rows.append([Cell(t.township.name, url("organizations:detail", t.township.pk)),
                     *(Cell(t.grades.get(g.value, 0), f"{link}&grade={g.value}") for g in Grade),
                     *(Cell(t.results.get(r.value, 0), url("assessments:reviews", year=year, ancestor=t.township.pk))
                       for r in ReviewResult),
                     Cell(t.in_progress, url("assessments:reviews", year=year, ancestor=t.township.pk))])
    totals = [Cell("合计"), *(Cell(sum(r[i].value for r in rows)) for i in range(1, 1 + len(Grade) + len(ReviewResult) + 1))]
    chart = {"tooltip": {"trigger": "item"}, "title": {"text": f"{year}年分类定级", "textStyle": {"fontSize": 12}},
             "series": [{"type": "pie", "radius": ["35%", "65%"],
                         "data": [{"name": g.label, "value": totals[1 + i].value} for i, g in enumerate(Grade)]}]}
    return Table(headers=["乡镇（街道）", *(f"定级{g.label}" for g in Grade), *(f"考评{r.label}" for r in ReviewResult),
                          "考评进行中"], rows=rows, totals=totals, chart=chart, note=f"{year}年度。")


def development(scope: DashboardScope) -> Table:
    """发展党员: open records at each stage and those past a time limit, by unit."""
    today = timezone.localdate()
    counts = open_applicants_by_unit(paths=scope.paths, field=scope.field, width=scope.unit_path_len(), today=today)
    keys = [*(s.value for s in OPEN_STAGES), "late"]
    rows, totals = [], dict.fromkeys(keys, 0)
    for u in units_of(scope):
        c = counts.get(u.path, {})
        row = [_unit_cell(u)]
        for k in keys:
            link = url("development:board", org=u.pk, late=1) if k == "late" else url("development:board", org=u.pk, stage=k)
            row.append(Cell(c.get(k, 0), link))
            totals[k] += c.get(k, 0)
        rows.append(row)
    return Table(headers=["单位", *(Stage(s).label for s in OPEN_STAGES), "超时限"], rows=rows,
                 totals=[Cell("合计"), *(Cell(totals[k]) for k in keys)])


def dues(scope: DashboardScope) -> Table:
    """党费: collected this year per unit (dues' selectors over the tally the database keeps
    from the ledger), with the field filter applied to the collecting branch."""
    year = timezone.localdate().year
    figures = collection_by_unit(paths=scope.paths, field=scope.field, year=year, width=scope.unit_path_len())
    on_roll = member_facts(scope)  # the members on the roll, as in members_by_unit
    rows, collected, payers, on_roll_total = [], Decimal(0), 0, 0
    for u in units_of(scope):
        f = figures.get(u.path, {})
        link = url("dues:overview", org=u.pk, year=year)
        row = (f.get("collected", Decimal(0)), f.get("payers", 0), on_roll.unit_total(u.path))
        rows.append([_unit_cell(u), *(Cell(v, link) for v in row)])
        collected += row[0]
        payers += row[1]
        on_roll_total += row[2]
    return Table(headers=["单位", f"{year}年已收党费（元）", "已交党员人数", "在册党员"], rows=rows,
                 totals=[Cell("合计"), Cell(collected), Cell(payers), Cell(on_roll_total)])


def reminders_overdue(scope: DashboardScope) -> Table:
    """Reminders past their send time and not yet delivered, and unread escalations 督办, by unit."""
    keys = tuple(STATES)  # pending, escalation, warning: the 督办台账 filters behind each figure
    counts = state_counts_by_unit(paths=scope.paths, width=scope.unit_path_len())
    rows, totals = [], dict.fromkeys(keys, 0)
    # the figures link to the 督办台账 only for those who may open it (county and township officers)
    follows = scope.user is not None and bool(oversight_paths(scope.user))
    for u in units_of(scope):
        c = counts.get(u.path, {})
        rows.append([_unit_cell(u), *(Cell(c.get(k, 0), url("reminders:oversight", org=u.pk, state=k) if follows else "")
                                      for k in keys)])
        for k in keys:
            totals[k] += c.get(k, 0)
    return Table(headers=["单位", *STATES.values()], rows=rows,
                 totals=[Cell("合计"), *(Cell(totals[k]) for k in keys)],
                 note="提醒按事项所属组织归入单位。")


CONTRIBUTED = (
    Panel("terms", "换届情况（按单位）", terms, order=45),
    Panel("rectification", "软弱涣散基层党组织整顿进度", rectification, order=60),
    Panel("assessments", "分类定级与达标创优考评分布", assessments, order=65),
    Panel("development", "发展党员各阶段人数", development, order=70),
    Panel("dues", "党费收缴（本年）", dues, order=75),
    Panel("reminders", "逾期提醒与督办", reminders_overdue, order=80, live=True),
)
