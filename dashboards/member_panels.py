"""Panels about members (党内统计 structure tables): per unit, and distributions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from members.choices import ACTIVE_STATUSES, HAN, AgeBand, Category, Education, MemberStatus, Sex
from members.models import Member
from members.querysets import age_band_q
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS

from .org_panels import units_of
from .panels import Cell, Panel, Table, register, url
from .scope import DashboardScope

COLLEGE_UP = (Education.POSTGRADUATE, Education.BACHELOR, Education.COLLEGE)


def _roll(unit_pk: int, **filters: str) -> str:
    return url("members:roll") + "?" + urlencode({"org": unit_pk, **filters})


def _members(scope: DashboardScope):  # type: ignore[no-untyped-def]
    qs = Member.objects.filter(scope.q("organization__path"), status__in=ACTIVE_STATUSES)
    if scope.field:
        qs = qs.filter(organization__field=scope.field)
    return qs.order_by()


def members_by_unit(scope: DashboardScope) -> Table:
    today = timezone.localdate()
    units = units_of(scope)
    step = Organization.steplen * scope.unit_depth
    spec = {
        "total": Q(),
        "full": Q(category=Category.FULL),
        "probationary": Q(category=Category.PROBATIONARY),
        "female": Q(sex=Sex.FEMALE),
        "minority": ~Q(ethnicity=HAN),
        "young": age_band_q(AgeBand.UPTO_35, today),
        "college": Q(education__in=COLLEGE_UP),
        "migrant": Q(status=MemberStatus.MIGRANT),
    }
    rows_db = (
        _members(scope).filter(organization__depth__gte=scope.unit_depth)
        .annotate(unit=Substr("organization__path", 1, step)).values("unit")
        .annotate(**{k: Count("id", filter=q) for k, q in spec.items()})
    )
    by_unit = {r["unit"]: r for r in rows_db}
    links = {"full": {"category": Category.FULL}, "probationary": {"category": Category.PROBATIONARY},
             "female": {"sex": Sex.FEMALE}, "young": {"age": AgeBand.UPTO_35}, "migrant": {"status": MemberStatus.MIGRANT}}
    totals = dict.fromkeys(spec, 0)
    rows = []
    for u in units:
        r = by_unit.get(u.path, {})
        row = [Cell(u.name, url("organizations:detail", u.pk))]
        for k in spec:
            value = r.get(k, 0)
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
    today = timezone.localdate()
    qs = _members(scope)
    ages = qs.aggregate(**{band.value: Count("id", filter=age_band_q(band, today)) for band in AgeBand})
    edu = {r["education"]: r["n"] for r in qs.values("education").annotate(n=Count("id"))}
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
    from organizations.rules import LIANGXIN_FIELDS, Field, Status

    branches = Organization.objects.filter(scope.q(), kind__in=BRANCH_KINDS, status=Status.ACTIVE,
                                           field__in=LIANGXIN_FIELDS).order_by()
    counts = {r["field"]: r for r in branches.values("field").annotate(
        n=Count("id", distinct=True), with_members=Count("id", filter=Q(members__status__in=ACTIVE_STATUSES), distinct=True),
        members=Count("members", filter=Q(members__status__in=ACTIVE_STATUSES)))}
    rows = [[Cell(Field(f).label), Cell(counts.get(f, {}).get("n", 0)), Cell(counts.get(f, {}).get("with_members", 0)),
             Cell(counts.get(f, {}).get("members", 0))] for f in LIANGXIN_FIELDS]
    return Table(headers=["领域", "党组织数", "有在册党员的党组织", "党员数"], rows=rows,
                 note="“两新”指非公有制企业和社会组织。")


register(Panel("members_by_unit", "党员队伍（按单位）", members_by_unit, order=30))
register(Panel("members_structure", "党员年龄与学历结构", members_structure, order=40))
register(Panel("liangxin", "“两新”组织党建覆盖", liangxin_coverage, order=25))
