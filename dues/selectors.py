"""Reads of the dues ledger for pages: sheets, arrears, collection figures, the rate table. Aggregates
run in the database; the amount due is computed in Python from the (tiny) rate table."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Substr

from accounts.scope import paths_q
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Status

from .choices import Entry
from .models import DuesBase, DuesPayment, DuesRate, DuesTally
from .rules import RateSet, RateTable, add_months, first_of_month, group_sets, month_index

LIVE = Q(entry=Entry.PAYMENT, is_reversed=False)


def _base_sub(field: str, month: datetime.date) -> Subquery:
    return Subquery(DuesBase.objects.filter(member=OuterRef("pk"), effective_from__lte=month)
                    .order_by("-effective_from").values(field)[:1])


def sheet_rows(members: QuerySet[Member], month: datetime.date, table: RateTable) -> list[Member]:
    """月度收缴表: each member on the roll in `month` with base, rate, due and payment
    (one query; the due is computed per row from the rate table)."""
    month = first_of_month(month)
    paid = DuesPayment.objects.filter(LIVE, member=OuterRef("pk"), month=month)
    rows = list(
        members.active().filter(join_date__lt=add_months(month, 1))
        .annotate(base_kind=_base_sub("kind", month), base_income=_base_sub("monthly_income", month),
                  base_fixed=_base_sub("fixed_amount", month),
                  paid_amount=Subquery(paid.values("amount")[:1]), paid_on=Subquery(paid.values("paid_on")[:1]),
                  payment_id=Subquery(paid.values("pk")[:1]))
        .order_by("name", "id")
    )
    for m in rows:
        m.due = table.due(m.base_kind, month, m.base_income, m.base_fixed) if m.base_kind else None
        m.rate_label = table.describe(m.base_kind, month, m.base_income) if m.base_kind else "未核定"
    return rows


def sheet_totals(rows: list[Member]) -> dict[str, Any]:
    due = sum((m.due for m in rows if m.due is not None), Decimal(0))
    paid = sum((m.paid_amount for m in rows if m.paid_amount is not None), Decimal(0))
    return {"members": len(rows), "due": due, "paid": paid,
            "payers": sum(1 for m in rows if m.paid_amount is not None),
            "no_base": sum(1 for m in rows if m.base_kind is None)}


def _idx(expr: Any) -> Any:
    return ExtractYear(expr) * 12 + ExtractMonth(expr) - 1


def with_arrears(members: QuerySet[Member], today: datetime.date) -> QuerySet[Member]:
    """Annotate `unpaid_months`: consecutive months without dues up to the last completed
    month, counted from the later of the first base month and the month of joining.
    Members without any base are left out (their dues were never assessed)."""
    last_month = add_months(first_of_month(today), -1)
    last_paid = (DuesPayment.objects.filter(LIVE, member=OuterRef("pk"), month__lte=last_month)
                 .order_by("-month").values("month")[:1])
    first_base = DuesBase.objects.filter(member=OuterRef("pk")).order_by("effective_from").values("effective_from")[:1]
    return (members.active()
            .annotate(first_base=Subquery(first_base), last_paid=Subquery(last_paid))
            .filter(first_base__isnull=False)
            .annotate(start_idx=Greatest(_idx(F("first_base")), _idx(F("join_date"))),
                      paid_idx=Coalesce(_idx(F("last_paid")), Value(-1), output_field=IntegerField()))
            .annotate(unpaid_months=Value(month_index(last_month)) - Greatest(F("paid_idx"), F("start_idx") - 1,
                                                                               output_field=IntegerField()) ))


def arrears(members: QuerySet[Member], today: datetime.date, at_least: int | None = None) -> QuerySet[Member]:
    """Members unpaid for `at_least` (default: the warning threshold, 5) consecutive months."""
    n = settings.JICENG_DUES_ARREARS_WARN_MONTHS if at_least is None else at_least
    return (with_arrears(members, today).filter(unpaid_months__gte=n).select_related("organization")
            .order_by("-unpaid_months", "organization__path", "name"))


def collection_by_prefix(tallies: QuerySet[DuesTally], year: int, width: int) -> dict[str, dict[str, Any]]:
    """Net collected, members who paid and live payment months in `year`, grouped by the
    first `width` characters of the collecting branch's path — one grouped query over the
    tally the database keeps from the ledger (DuesTally), not over every payment."""
    qs = (tallies.filter(year=year).order_by().annotate(prefix=Substr("organization__path", 1, width))
          .values("prefix")
          .annotate(collected=Coalesce(Sum("collected"), Value(Decimal(0)), output_field=DecimalField()),
                    payers=Count("member", filter=Q(live_months__gt=0), distinct=True),
                    months=Coalesce(Sum("live_months"), 0)))
    return {r["prefix"]: r for r in qs}


def on_roll_by_prefix(members: QuerySet[Member], width: int) -> dict[str, int]:
    """Members on the roll, grouped like `collection_by_prefix`."""
    return dict(members.active().order_by().annotate(prefix=Substr("organization__path", 1, width))
                .values("prefix").annotate(n=Count("id")).values_list("prefix", "n"))


def collection_by_child(tallies: QuerySet[DuesTally], root: Organization, year: int) -> list[dict[str, Any]]:
    """收缴情况: per child of `root` (townships under a county, branches under a township),
    the net amount collected in `year` and the number of members who paid; plus the
    members on the roll of each child."""
    width = len(root.path) + root.steplen
    figures = collection_by_prefix(tallies.filter(organization__path__startswith=root.path), year, width)
    on_roll = on_roll_by_prefix(Member.objects.filter(organization__path__startswith=root.path), width)
    rows = []
    for child in Organization.objects.filter(path__startswith=root.path, depth=root.depth + 1).order_by("path"):
        f = figures.get(child.path, {})
        rows.append({"org": child, "collected": f.get("collected", Decimal(0)), "payers": f.get("payers", 0),
                     "months": f.get("months", 0), "members": on_roll.get(child.path, 0)})
    return rows


def year_by_month(payments: QuerySet[DuesPayment], year: int) -> list[dict[str, Any]]:
    """年度汇总: net collected and payers per month of `year` (one grouped query). A member has
    at most one live payment a month (constraint duespay_once_per_month), so counting live
    rows counts the members who paid — no DISTINCT sort over the year's payments."""
    rows = {r["month"]: r for r in payments.filter(month__gte=datetime.date(year, 1, 1), month__lt=datetime.date(year + 1, 1, 1))
            .values("month").annotate(collected=Sum("amount"), payers=Count("id", filter=LIVE)).order_by("month")}
    out = []
    for m in range(1, 13):
        r = rows.get(datetime.date(year, m, 1), {})
        out.append({"month": datetime.date(year, m, 1), "collected": r.get("collected") or Decimal(0),
                    "payers": r.get("payers", 0)})
    return out


# --- the rate table 党费标准 ------------------------------------------------------------------
def rate_table() -> RateTable:
    return RateTable(r.as_rate() for r in DuesRate.objects.all())


def payments_between(start: datetime.date, stop: datetime.date | None) -> Any:
    qs = DuesPayment.objects.filter(month__gte=start)
    return qs.filter(month__lt=stop) if stop else qs


def load_sets(today: datetime.date) -> list[RateSet]:
    """All sets, newest first, with whether payments used each one (one query for the rows,
    one for the use of every set: a union of index probes on the payment month)."""
    sets = group_sets(DuesRate.objects.all(), today)
    if sets:
        probes = [payments_between(s.effective_from, s.next_from).order_by()
                  .annotate(set_from=Value(s.effective_from, output_field=DateField()))
                  .values_list("set_from", flat=True)[:1] for s in sets]
        used = set(probes[0].union(*probes[1:], all=True)) if len(probes) > 1 else set(probes[0])
        for s in sets:
            s.used = s.effective_from in used
    return sets


def earliest_month(today: datetime.date) -> datetime.date:
    # Months already begun keep the table they began with: a new set starts next month at the earliest.
    return add_months(first_of_month(today), 1)


# --- read by the dashboards ---


def collection_by_unit(*, paths: list[str], field: str, year: int, width: int) -> dict[str, dict[str, Any]]:
    """`collection_by_prefix` over the collecting branches under `paths` (of `field`, when given)."""
    tallies = DuesTally.objects.filter(paths_q(paths, DuesTally.scope_path_lookup))
    if field:
        tallies = tallies.filter(organization__field=field)
    return collection_by_prefix(tallies, year, width)


# --- read by the go-live checklist ---


def _base_in_force(year: int) -> QuerySet[DuesBase]:
    """A base of the member that applies in `year` (set in it or before it)."""
    return DuesBase.objects.filter(member=OuterRef("pk"), effective_from__lte=datetime.date(year, 12, 31))


def _payment_in(year: int) -> QuerySet[DuesPayment]:
    return DuesPayment.objects.filter(LIVE, organization=OuterRef("pk"), month__year=year)


def base_coverage_by_unit(*, paths: list[str], width: int, year: int) -> dict[str, dict[str, int]]:
    """{unit: {members, with_base}}: members on the roll under `paths` and how many have a
    dues base that applies in `year`, by the first `width` characters of their
    organization's path (one grouped query)."""
    members = Member.objects.filter(paths_q(paths, Member.scope_path_lookup), status__in=ACTIVE_STATUSES)
    rows = (members.order_by().annotate(unit=Substr("organization__path", 1, width),
                                        has_base=Exists(_base_in_force(year)))
            .values("unit").annotate(members=Count("id"), with_base=Count("id", filter=Q(has_base=True))))
    return {r["unit"]: r for r in rows}


def payment_coverage_by_unit(*, paths: list[str], width: int, year: int) -> dict[str, dict[str, int]]:
    """{unit: {branches, with_payments}}: active branches under `paths` and how many have a
    payment recorded for a month of `year` (one grouped query)."""
    branches = Organization.objects.filter(paths_q(paths, Organization.scope_path_lookup), kind__in=BRANCH_KINDS,
                                           status=Status.ACTIVE)
    rows = (branches.order_by().annotate(unit=Substr("path", 1, width), paid=Exists(_payment_in(year)))
            .values("unit").annotate(branches=Count("id"), with_payments=Count("id", filter=Q(paid=True))))
    return {r["unit"]: r for r in rows}


def without_bases(qs: QuerySet[Organization], year: int) -> QuerySet[Organization]:
    """The organizations of `qs` with a member on the roll who has no base for `year`."""
    lacking = Member.objects.filter(organization=OuterRef("pk"), status__in=ACTIVE_STATUSES).filter(
        ~Exists(_base_in_force(year)))
    return qs.filter(Exists(lacking))


def without_payments(qs: QuerySet[Organization], year: int) -> QuerySet[Organization]:
    """The organizations of `qs` with no payment recorded for a month of `year`."""
    return qs.filter(~Exists(_payment_in(year)))
