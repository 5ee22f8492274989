"""Benchmark: the county compliance table (branches × 12 months) on the demo data.

    python manage.py seed_demo --scale city    # 10 counties, ~4,000 branches, 3 years
    python -m bench.meetings_compliance [--runs 7]

Prints the median time of `compliance_table` (the selector the page and the export use:
the one aggregate plus branches, townships and meeting types, shaped into rows × cells)
for the largest demo county, and its ratio to the bare SQL aggregate alone."""

from __future__ import annotations

import argparse
import os
import statistics
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")  # the demo data uses the public dev keys
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from meetings.compliance_sql import SQL, params
    from meetings.models import Attendance, Meeting
    from meetings.periods import add_months
    from meetings.selectors.compliance import compliance_table
    from organizations.models import Organization
    from organizations.rules import BRANCH_KINDS

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    counties = list(Organization.objects.filter(code__startswith="DEMO-C", depth=1))
    if not counties:
        raise SystemExit("没有演示数据：请先运行 python manage.py seed_demo --scale city")
    sizes: dict[int, int] = {}
    for c in counties:
        sizes[c.pk] = Organization.objects.filter(path__startswith=c.path, kind__in=BRANCH_KINDS).count()
    county = max(counties, key=lambda c: sizes[c.pk])
    today = timezone.localdate()
    last = add_months(today.replace(day=1), -1)
    first = add_months(last, -11)

    def timed(fn) -> float:  # type: ignore[no-untyped-def]
        fn()  # warm-up
        samples = []
        for _ in range(args.runs):
            t = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t)
        return statistics.median(samples)

    def bare() -> None:
        with connection.cursor() as cursor:
            cursor.execute(SQL, params(county.path, first, last))
            cursor.fetchall()

    table_s = timed(lambda: compliance_table(root=county, first=first, last=last, today=today))
    sql_s = timed(bare)
    table = compliance_table(root=county, first=first, last=last, today=today)
    print(f"数据：演示县 {len(counties)} 个，党支部 {sum(sizes.values())} 个，会议记录 {Meeting.objects.count()} 条，"
          f"出席记录 {Attendance.objects.count()} 条")
    print(f"县级完成情况表：{county.name}，{len(table.rows)} 个党支部 × {len(table.months)} 个月 "
          f"（{first:%Y-%m}—{last:%Y-%m}），有缺项的支部 {table.gap_branches} 个")
    print(f"compliance_table 中位数 {table_s * 1000:.1f} ms；裸 SQL 聚合 {sql_s * 1000:.1f} ms；比值 {table_s / sql_s:.2f}×"
          f"（目标 < 300 ms，≤ 2×）")


if __name__ == "__main__":
    main()
