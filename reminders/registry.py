"""Reminder sources (`SOURCES`, a core.registry.Registry keyed by `kind`). Each app that owns
data with deadlines lists its sources as `SOURCES` in its `reminders.py` and registers them in
its `AppConfig.ready()`:

    def ready(self) -> None:
        from reminders.registry import SOURCES

        from .reminders import SOURCES as REMINDER_SOURCES

        for source in REMINDER_SOURCES:
            SOURCES.register(source)

A source's `collect(now)` yields what is due for whom; `still_due(subject_key, period, now)`
re-checks the cause at send time (a meeting recorded or an election held cancels the reminder)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

from core.registry import Registry

from .choices import Level


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


SOURCES: Registry[Source] = Registry("reminder source", key_attr="kind")
