"""Dashboard panels. A panel computes a table (and optionally a chart) for a scope with a
fixed number of queries, aggregated in PostgreSQL. Each row links to what is behind it.
Apps add panels with `register(Panel(...))` from their `dashboards_panels` module."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Callable

from .scope import DashboardScope


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


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    _panels[panel.key] = panel
    return panel


def all_panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.key))


def get(key: str) -> Panel | None:
    return _panels.get(key)
