"""Reminder sources. Each app that owns data with deadlines registers a source:
`collect(now)` yields what is due for whom; `still_due(notification, now)` re-checks the
cause at send time (a meeting recorded or an election held cancels the reminder)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

from .models import Level


@dataclass(frozen=True)
class Due:
    recipient_id: int
    organization_id: int
    subject_key: str
    period: str
    title: str
    body: str = ""
    link: str = ""
    level: str = Level.INFO
    send_after: datetime.datetime | None = None


class Source(Protocol):
    kind: str

    def collect(self, now: datetime.datetime) -> Iterable[Due]: ...

    def still_due(self, subject_key: str, period: str, now: datetime.datetime) -> bool: ...


@dataclass
class FunctionSource:
    kind: str
    collect_fn: Callable[[datetime.datetime], Iterable[Due]]
    still_due_fn: Callable[[str, str, datetime.datetime], bool] = field(default=lambda key, period, now: True)

    def collect(self, now: datetime.datetime) -> Iterable[Due]:
        return self.collect_fn(now)

    def still_due(self, subject_key: str, period: str, now: datetime.datetime) -> bool:
        return self.still_due_fn(subject_key, period, now)


_sources: dict[str, Source] = {}


def register(source: Source) -> Source:
    _sources[source.kind] = source
    return source


def unregister(kind: str) -> None:
    _sources.pop(kind, None)


def sources() -> list[Source]:
    return list(_sources.values())


def get(kind: str) -> Source | None:
    return _sources.get(kind)
