"""Evidence calculators fed by other apps' records (registered in AssessmentsConfig.ready()).

- "meetings.all_held": 三会一课 held as required during the year, read from the meetings
  compliance engine (meetings.selectors.compliance) — the same figures as the compliance
  page, never a second SQL;
- "terms.not_overdue": the organization's term was not overdue on any day of the year,
  by committees.rules.status_for over the terms on record.

Only periods that have ended count: a year in progress is scored on what is already due."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from organizations.models import Organization

from .calculators import Computed, register


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date, datetime.date]:
    """(1 Jan, the last day counted — 31 Dec or today —, today)."""
    today = timezone.localdate()
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today), today


def meetings_all_held(organization: Organization, year: int) -> Computed:
    """Share of the year's required meetings (every requirement of every ended period, for
    the organization's branches) that were held; the submitted records are the evidence."""
    from meetings.choices import CellState
    from meetings.models import Meeting
    from meetings.selectors.compliance import compliance_table

    first, last, today = _year_bounds(year)
    if last < first:
        return Computed(Decimal(0), f"{year}年尚未开始")
    table = compliance_table(root=organization, first=first, last=last, today=today)
    required = held = 0
    missing: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            for item in cell.items:
                if item.state not in (CellState.DONE, CellState.MISSING):
                    continue  # a period still running is not scored yet
                required += item.required
                held += min(item.held, item.required)
                if item.state == CellState.MISSING:
                    missing.append(f"{item.period_name}{item.meeting_type.name}")
    records = list(Meeting.objects.counted().filter(
        organization__path__startswith=organization.path, held_on__gte=first, held_on__lte=last,
    ).select_related("meeting_type").order_by("held_on", "id"))
    if required == 0:
        return Computed(Decimal(1), f"{year}年截至目前无到期的组织生活要求", records)
    detail = f"{year}年应开{required}次，已开{held}次"
    if missing:
        detail += f"；缺：{'、'.join(missing)}"
    return Computed(Decimal(held) / Decimal(required), detail, records)


def terms_not_overdue(organization: Organization, year: int) -> Computed:
    """Full points when no day of the year fell in an overdue term (逾期未换届); none when
    the term was overdue at any time or no election is on record."""
    from committees.models import Term, TermDelay
    from committees.rules import DelayState, TermStatus, status_for

    first, last, _ = _year_bounds(year)
    terms = list(
        Term.objects.filter(organization=organization, elected_on__lte=last)
        .filter(Q(replaced_on__isnull=True) | Q(replaced_on__gt=first))
        .prefetch_related(Prefetch("delays", queryset=TermDelay.objects.filter(state=DelayState.APPROVED),
                                   to_attr="approved_delays"))
        .order_by("elected_on", "id")
    )
    if not terms:
        return Computed(Decimal(0), f"{year}年无班子换届选举记录")
    day = datetime.timedelta(days=1)
    spans: list[str] = []
    overdue_days = 0
    for term in terms:
        delay_until = max((d.until for d in term.approved_delays), default=None)
        due = max(term.ends_on, delay_until) if delay_until else term.ends_on
        start = max(due + day, first)
        end = min(term.replaced_on - day, last) if term.replaced_on else last
        if start <= end and status_for(has_term=True, ends_on=term.ends_on, delay_until=delay_until,
                                       today=start) == TermStatus.OVERDUE:
            overdue_days += (end - start).days + 1
            spans.append(f"{start:%Y-%m-%d}至{end:%Y-%m-%d}")
    if overdue_days:
        return Computed(Decimal(0), f"{year}年逾期未换届{overdue_days}天（{'、'.join(spans)}）", terms)
    current = terms[-1]
    return Computed(Decimal(1), f"{year}年按期换届（{current.elected_on:%Y-%m-%d}选举，"
                                f"{current.ends_on:%Y-%m-%d}届满）", terms)


def register_record_calculators() -> None:
    register("meetings.all_held", "“三会一课”全年按要求召开", meetings_all_held)
    register("terms.not_overdue", "全年未逾期换届", terms_not_overdue)
