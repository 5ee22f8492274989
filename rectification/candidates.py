"""Where candidates for the yearly list come from: the registry of candidate sources
(`SOURCES`, a `core.registry.Registry`) and the built-in sources, registered in
RectificationConfig.ready().

A source names organizations in a county that should be considered for the list, each with
a reason shown to the county when it confirms the list. Another app adds its source in its
AppConfig.ready() — an app above rectification only; the apps below it (assessments, meetings,
committees, development, members) must not import rectification, so the sources reading their
records are built in here and read them through their selectors or models:

    from rectification.candidates import SOURCES, CandidateSource
    SOURCES.register(CandidateSource(key="assessment_lagging", label="分类定级为后进", find=my_function))

`find(year)` returns (organization, reason) pairs for organizations under `year.county`.
Manual sources (township proposals) have no `find`: their rows are entered through a service.

The built-in sources drawn from other apps' records:
- assessments: graded 后进 or failing the yearly 达标创优 review (last year's and this year's),
  from assessments.selectors.rectification_candidates;
- meetings: 三会一课 gaps in several months of the last year, from the compliance engine;
- committees: the secretary post of the current term vacant for more than N months;
- development: no new member admitted (接收预备党员) for N years.
Thresholds are settings (RECTIFICATION_*). "Now" is today, or the year's last day for a
past year, so a list drawn in January looks back over the months just ended."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from django.conf import settings
from django.utils import timezone

from core.registry import Registry
from organizations.models import Organization

if TYPE_CHECKING:
    from .models import RectificationYear

Finder = Callable[["RectificationYear"], Iterable[tuple[Organization, str]]]
Found = Iterator[tuple[Organization, str]]


@dataclass(frozen=True)
class CandidateSource:
    key: str
    label: str
    find: Finder | None = None  # None: entered by hand


SOURCES: Registry[CandidateSource] = Registry("rectification candidate source")


def automatic_sources() -> list[CandidateSource]:
    return [s for s in SOURCES if s.find is not None]


def source_label(key: str) -> str:
    source = SOURCES.get(key)
    return source.label if source else key


# --- the app's own sources ------------------------------------------------------------------


def carried_over_from_last_year(year: "RectificationYear") -> Found:
    """Organizations on last year's list that were not accepted by the year's end (seed 001:
    "将整顿不到位的纳入今年整顿任务")."""
    from .models import Rectification
    from .rules import UNFINISHED, RectStatus

    previous = (Rectification.objects.filter(year__county=year.county, year__year=year.year - 1)
                .filter(status__in=[*UNFINISHED, RectStatus.CARRIED_OVER], carried_to__isnull=True)
                .select_related("organization").order_by("organization__path"))
    for entry in previous:
        if entry.organization.is_active:
            open_items = entry.measures.exclude(status="closed").count()
            yield entry.organization, f"{year.year - 1} 年未验收销号（{entry.get_status_display()}，未销号措施 {open_items} 项），结转本年"


# --- sources drawn from other apps' records --------------------------------------------------


def as_of(year: "RectificationYear") -> datetime.date:
    return min(timezone.localdate(), datetime.date(year.year, 12, 31))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    from committees.rules import add_months

    return add_months(day, months)


def assessment_results(year: "RectificationYear") -> Found:
    """后进 grades and failed reviews of last year and of this year (DOMAIN.md: a lagging or
    failing organization is a candidate)."""
    from assessments.selectors import rectification_candidates

    reasons: dict[int, list[str]] = {}
    orgs: dict[int, Organization] = {}
    for y in (year.year - 1, year.year):
        for org, reason in rectification_candidates(y, year.county):
            orgs[org.pk] = org
            reasons.setdefault(org.pk, []).append(reason)
    for pk in sorted(orgs, key=lambda k: orgs[k].path):
        yield orgs[pk], "；".join(reasons[pk])


def meeting_gaps(year: "RectificationYear") -> Found:
    """Branches with a 三会一课 gap in at least RECTIFICATION_MEETING_GAP_MONTHS of the last
    RECTIFICATION_MEETING_GAP_WINDOW_MONTHS full months (seed 003: 组织生活不经常)."""
    from meetings.choices import CellState
    from meetings.selectors.compliance import compliance_table

    today = as_of(year)
    window, threshold = settings.RECTIFICATION_MEETING_GAP_WINDOW_MONTHS, settings.RECTIFICATION_MEETING_GAP_MONTHS
    this_month = today.replace(day=1)
    first, last = _add_months(this_month, -window), _add_months(this_month, -1)
    table = compliance_table(root=year.county, first=first, last=last, today=today)
    for row in table.rows:
        gaps = [c for c in row.cells if c.state == CellState.MISSING]
        if len(gaps) >= threshold:
            months = "；".join(f"{c.month:%Y年%-m月}缺{c.missing_names}" for c in gaps)
            yield row.branch, (f"{first:%Y年%-m月}至{last:%Y年%-m月}有{len(gaps)}个月“三会一课”未按要求召开"
                               f"（{months}）")


def secretary_vacancy(year: "RectificationYear") -> Found:
    """Organizations whose current term has had no secretary for more than
    RECTIFICATION_SECRETARY_VACANT_MONTHS months, counted from the last secretary's end
    date or, if the term never had one, from its election."""
    from committees.selectors import current_terms_without_secretary

    today = as_of(year)
    months = settings.RECTIFICATION_SECRETARY_VACANT_MONTHS
    limit = _add_months(today, -months)
    terms = current_terms_without_secretary(year.county.path)
    for term in terms:
        since = term.last_end or term.elected_on
        if since < limit:
            why = "原书记离任" if term.last_end else "本届选举后未配备书记"
            yield term.organization, f"书记岗位自{since:%Y-%m-%d}（{why}）空缺，已超过{months}个月"


def no_development(year: "RectificationYear") -> Found:
    """Branches established before the period with no member admitted in the last
    RECTIFICATION_NO_DEVELOPMENT_YEARS years: neither a higher committee's approval of a
    probationary member in the pipeline nor a join date on the roll (seed 003: 长期不发展党员)."""
    from development.selectors import branches_without_development

    today = as_of(year)
    years = settings.RECTIFICATION_NO_DEVELOPMENT_YEARS
    cutoff = _add_months(today, -12 * years)
    branches = branches_without_development(year.county.path, cutoff)
    for org in branches:
        last = max(filter(None, (org.last_approval, org.last_join)), default=None)
        when = f"最近一次为{last:%Y-%m-%d}" if last else "无发展党员记录"
        yield org, f"近{years}年未发展党员（{when}）"


TOWNSHIP_PROPOSAL = CandidateSource(key="township", label="乡镇党委推荐")
COUNTY_ADDITION = CandidateSource(key="county", label="县委组织部直接列入")
CARRY_OVER = CandidateSource(key="carry_over", label="上年未验收结转", find=carried_over_from_last_year)
ASSESSMENT = CandidateSource(key="assessment", label="考评后进或不达标", find=assessment_results)
MEETING_GAPS = CandidateSource(key="meeting_gaps", label="“三会一课”多期缺项", find=meeting_gaps)
SECRETARY_VACANT = CandidateSource(key="secretary_vacant", label="书记长期空缺", find=secretary_vacancy)
NO_DEVELOPMENT = CandidateSource(key="no_development", label="长期未发展党员", find=no_development)

OWN = (TOWNSHIP_PROPOSAL, COUNTY_ADDITION, CARRY_OVER)
FROM_OTHER_APPS = (ASSESSMENT, MEETING_GAPS, SECRETARY_VACANT, NO_DEVELOPMENT)
BUILTIN = (*OWN, *FROM_OTHER_APPS)  # in the order the draw runs them
