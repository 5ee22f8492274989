"""Demo reminders: run the sweep and the delivery once over the demo data, so the personas'
inboxes, the 督办台账 and the dashboards' reminder figures show what the hourly beat job
would have produced. Idempotent: the sweep's unique key drops what was already written and
delivery only takes pending rows."""

from __future__ import annotations

import time
from typing import Any

from . import services


def seed(*, scale: str, rng_seed: int, stdout: Any) -> None:
    started = time.perf_counter()
    written = services.sweep()
    delivered = services.deliver_due(limit=1_000_000)
    stdout.write(f"提醒：新写入 {written} 条、发送 {delivered} 条（与每小时的定时任务相同的规则），"
                 f"用时 {time.perf_counter() - started:.1f} 秒。\n")
