"""Dashboard panels. A panel computes a table (and optionally a chart) for a scope with a
fixed number of queries, aggregated in PostgreSQL. Each row links to what is behind it.

`PANELS` is the registry of the panels (`core.registry.Registry`): each module of this
package lists its panels in `CONTRIBUTED`, and `DashboardsConfig.ready()` registers them.
The panels read the other apps' records only through those apps' selectors."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from core import dataversion
from core.registry import Registry

from .scope import DashboardScope

_SENTINEL = 9_876_543_210_000  # stands for a positional int argument in a cached reversed URL


@functools.lru_cache(maxsize=256)
def _pattern(name: str, nargs: int, prefix: str, urlconf: object) -> str:
    return reverse(name, args=[_SENTINEL + i for i in range(nargs)])


def url(name: str, *args: int, **params: object) -> str:
    """reverse(name, args) + "?query" for the many links of a table: the URL is reversed once
    per name (per script prefix and URLconf) and the integer arguments put in by string
    replacement — a city table has thousands of links and reverse() costs ~40 µs each."""
    path = _pattern(name, len(args), get_script_prefix(), get_urlconf())
    for i, a in enumerate(args):
        path = path.replace(str(_SENTINEL + i), str(int(a)))
    return path + ("?" + urlencode(params) if params else "")


@dataclass
class Cell:
    value: Any
    link: str = ""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]]
    totals: list[Cell] | None = None
    chart: dict | None = None  # an ECharts option, rendered locally
    note: str = ""

    def plain_rows(self) -> list[list[Any]]:
        rows = [[c.value for c in r] for r in self.rows]
        if self.totals:
            rows.append([c.value for c in self.totals])
        return rows


@dataclass
class Panel:
    key: str
    title: str
    compute: Callable[[DashboardScope], Table]
    order: int = 100
    description: str = ""
    roles: tuple[str, ...] = dc_field(default_factory=tuple)
    # live panels are never cached: their source (e.g. reminder delivery) is not audited
    live: bool = False
    # lazy panels (a heavy range, e.g. 12 months of the compliance engine) are loaded by the
    # page after it is shown, from /dashboards/panel/<key>/, under the same cache rule
    lazy: bool = False


PANELS: Registry[Panel] = Registry("dashboard panel")


def all_panels() -> list[Panel]:
    return sorted(PANELS, key=lambda p: (p.order, p.key))


def get(key: str) -> Panel | None:
    return PANELS.get(key)


def table_for(panel: Panel, scope: DashboardScope) -> tuple[Table, datetime.datetime]:
    """The panel's table and when it was computed. Cached in Redis under the data version
    of the scope's counties (core.dataversion: bumped by every write there), the
    day, the scope roots and the filters — so a figure is never older than the last
    change to the records it is computed from."""
    now = timezone.localtime()
    if panel.live or settings.DASHBOARD_CACHE_SECONDS <= 0:
        return panel.compute(scope), now
    raw = "|".join([
        dataversion.current(r.path for r in scope.roots), now.date().isoformat(), panel.key, ",".join(r.path for r in scope.roots),
        json.dumps({k: v for k, v in sorted(scope.params.items()) if k != "export"}, ensure_ascii=False),
    ])
    key = "dash:" + hashlib.sha256(raw.encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return hit
    result = (panel.compute(scope), now)
    cache.set(key, result, timeout=settings.DASHBOARD_CACHE_SECONDS)
    return result
