"""Where candidates for the yearly list come from: a small registry of candidate sources.

A source names organizations in a county that should be considered for the list, each with
a reason shown to the county when it confirms the list. Apps built later (assessments
grading 后进/不达标, 三会一课 gaps, secretary vacancy over 3 months, no member developed in
2+ years) add their source in their AppConfig.ready():

    from rectification.candidates import CandidateSource, register
    register(CandidateSource(key="assessment_lagging", label="分类定级为后进", find=my_function))

`find(year)` returns (organization, reason) pairs for organizations under `year.county`.
Manual sources (township proposals) have no `find`: their rows are entered through a service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from organizations.models import Organization

    from .models import RectificationYear

Finder = Callable[["RectificationYear"], Iterable[tuple["Organization", str]]]


@dataclass(frozen=True)
class CandidateSource:
    key: str
    label: str
    find: Finder | None = None  # None: entered by hand


_REGISTRY: dict[str, CandidateSource] = {}


def register(source: CandidateSource) -> CandidateSource:
    _REGISTRY[source.key] = source
    return source


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def sources() -> list[CandidateSource]:
    return list(_REGISTRY.values())


def automatic_sources() -> list[CandidateSource]:
    return [s for s in _REGISTRY.values() if s.find is not None]


def source_label(key: str) -> str:
    source = _REGISTRY.get(key)
    return source.label if source else key


def carried_over_from_last_year(year: "RectificationYear") -> Iterable[tuple["Organization", str]]:
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


TOWNSHIP_PROPOSAL = register(CandidateSource(key="township", label="乡镇党委推荐"))
COUNTY_ADDITION = register(CandidateSource(key="county", label="县委组织部直接列入"))
CARRY_OVER = register(CandidateSource(key="carry_over", label="上年未验收结转", find=carried_over_from_last_year))
