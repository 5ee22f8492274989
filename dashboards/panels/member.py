"""Panels about members (党内统计 structure tables): per unit, and distributions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from members.selectors import (
    AgeBand,
    Category,
    Education,
    MemberStatus,
    Sex,
    member_coverage_by_field,
    roll_counts_by_unit,
)
from organizations.rules import LIANGXIN_FIELDS, Field

from . import Cell, Panel, Table, url
from .organization import units_of
from .scope import DashboardScope

COLLEGE_UP = (Education.POSTGRADUATE, Education.BACHELOR, Education.COLLEGE)


def _roll(unit_pk: int, **filters: str) -> str:
    return url("members:roll", org=unit_pk, **filters)


@dataclass
class MemberFacts:
    """{(unit path, dimension, value): members} for members on the roll (in branch or migrant);
    `unit` is the first unit_path_len() characters of their organization's path."""

    counts: dict[tuple[str, str, Any], int]

    def __post_init__(self) -> None:
        self.totals: dict[str, int] = {}
        self.overall: dict[tuple[str, Any], int] = {}
        for (u, d, v), n in self.counts.items():
            if d == "category":
                self.totals[u] = self.totals.get(u, 0) + n
            self.overall[(d, v)] = self.overall.get((d, v), 0) + n

    def unit(self, unit: str, dimension: str, value: Any) -> int:
        return self.counts.get((unit, dimension, value), 0)

    def unit_total(self, unit: str) -> int:
        return self.totals.get(unit, 0)

    def scope_total(self, dimension: str, value: Any) -> int:
        """Over the whole scope (members of organizations above the unit level included)."""
        return self.overall.get((dimension, value), 0)


def member_facts(scope: DashboardScope) -> MemberFacts:
    """One query (members' `roll_counts_by_unit`), shared by the member panels of a request
    (members_by_unit, members_structure, dues)."""
    if "member_facts" in scope.memo:
        return scope.memo["member_facts"]
    counts = roll_counts_by_unit(paths=scope.paths, field=scope.field, width=scope.unit_path_len(),
                                 today=timezone.localdate())
    scope.memo["member_facts"] = facts = MemberFacts(counts)
    return facts


def members_by_unit(scope: DashboardScope) -> Table:
    units = units_of(scope)
    facts = member_facts(scope)
    spec = {
        "total": lambda u: facts.unit_total(u),
        "full": lambda u: facts.unit(u, "category", Category.FULL),
        "probationary": lambda u: facts.unit(u, "category", Category.PROBATIONARY),
        "female": lambda u: facts.unit(u, "sex", Sex.FEMALE),
        "minority": lambda u: facts.unit(u, "han", False),
        "young": lambda u: facts.unit(u, "band", AgeBand.UPTO_35),
        "college": lambda u: sum(facts.unit(u, "education", e) for e in COLLEGE_UP),
        "migrant": lambda u: facts.unit(u, "status", MemberStatus.MIGRANT),
    }
    links = {"full": {"category": Category.FULL}, "probationary": {"category": Category.PROBATIONARY},
             "female": {"sex": Sex.FEMALE}, "young": {"age": AgeBand.UPTO_35}, "migrant": {"status": MemberStatus.MIGRANT}}
    totals = dict.fromkeys(spec, 0)
    rows = []
    for u in units:
        row = [Cell(u.name, url("organizations:detail", u.pk))]
        for k, count in spec.items():
            value = count(u.path)
            totals[k] += value
            link = _roll(u.pk, **links[k]) if k in links else (_roll(u.pk) if k == "total" else "")
            row.append(Cell(value, link))
        rows.append(row)
    return Table(
        headers=["单位", "党员总数", "正式党员", "预备党员", "女党员", "少数民族", "35岁及以下", "大专及以上", "流动党员"],
        rows=rows, totals=[Cell("合计"), *(Cell(totals[k]) for k in spec)],
        note="在册与流动党员；按党员所在党支部归属单位统计。",
    )


def members_structure(scope: DashboardScope) -> Table:
    """Age bands and education in one table, with a bar chart of the age structure."""
    facts = member_facts(scope)
    ages = {b.value: facts.scope_total("band", b.value) for b in AgeBand}
    edu = {e.value: facts.scope_total("education", e.value) for e in Education}
    root = scope.roots[0].pk if len(scope.roots) == 1 else None
    rows = [[Cell("年龄"), Cell(b.label), Cell(ages[b.value], _roll(root, age=b.value) if root else "")] for b in AgeBand]
    rows += [[Cell("学历"), Cell(e.label), Cell(edu.get(e.value, 0), _roll(root, education=e.value) if root else "")]
             for e in Education]
    chart = {
        "tooltip": {}, "xAxis": {"type": "category", "data": [b.label for b in AgeBand]}, "yAxis": {"type": "value"},
        "series": [{"type": "bar", "data": [ages[b.value] for b in AgeBand], "itemStyle": {"color": "#b71c1c"}}],
    }
    return Table(headers=["维度", "分组", "人数"], rows=rows, chart=chart)


def liangxin_coverage(scope: DashboardScope) -> Table:
    """“两新” organizations: branches, how many have members on the roll, and their members."""
    counts = member_coverage_by_field(paths=scope.paths, fields=LIANGXIN_FIELDS)
    rows = [[Cell(Field(f).label), Cell(counts.get(f, {}).get("n", 0)), Cell(counts.get(f, {}).get("with_members", 0)),
             Cell(counts.get(f, {}).get("members", 0))] for f in LIANGXIN_FIELDS]
    return Table(headers=["领域", "党组织数", "有在册党员的党组织", "党员数"], rows=rows,
                 note="“两新”指非公有制企业和社会组织。")


CONTRIBUTED = (
    Panel("members_by_unit", "党员队伍（按单位）", members_by_unit, order=30),
    Panel("members_structure", "党员年龄与学历结构", members_structure, order=40),
    Panel("liangxin", "“两新”组织党建覆盖", liangxin_coverage, order=25),
)
