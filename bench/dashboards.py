"""Benchmark: the dashboards and two list pages on the city demo, through the Django test client.

    python -m bench.dashboards [--runs 30] [--no-seed]

Seeds the city (``seed_demo --scale city``) when the demo counties are missing, else reuses
them. Prints, for the county overview (persona ``county``), the city overview (a user with
county_officer on all 10 county roots), a branch roll page (/members/?org=<branch>) and the
members API list: median and p95 latency over ``--runs`` requests, the query count, and for
the overviews the ratio to the bare SQL: the very statements the page ran, replayed through
a cursor (so the ratio is the cost of Python, templates and the ORM on top of PostgreSQL).
Writes bench/results/latest.json."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

TARGETS_MS = {"county_overview": 300, "city_overview": 1000, "branch_roll": 150, "members_api": 150,
              # the 12-month trend panel, loaded by the overview after it is shown (our own targets)
              "county_trend": 300, "city_trend": 2000}
RATIO_TARGET = 2.0


def percentile(samples: list[float], p: float) -> float:
    s = sorted(samples)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")  # the demo data uses the public dev keys
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Role, RoleAssignment, User
    from core import dataversion
    from core.testing import mark_second_factor_done
    from organizations.models import Organization
    from organizations.rules import BRANCH_KINDS

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-seed", action="store_true")
    args = parser.parse_args()

    seed_seconds = None
    counties = list(Organization.objects.filter(code__startswith="DEMO-C", depth=1).order_by("path"))
    if len(counties) < 10 and not args.no_seed:
        t = time.perf_counter()
        call_command("seed_demo", scale="city")
        seed_seconds = round(time.perf_counter() - t, 1)
        counties = list(Organization.objects.filter(code__startswith="DEMO-C", depth=1).order_by("path"))
    if not counties:
        raise SystemExit("没有演示数据：请先运行 python manage.py seed_demo --scale city")

    county_user = User.objects.get(username="county")
    city_user, _ = User.objects.get_or_create(username="bench_city", defaults={"first_name": "市委组织部（基准测试）"})
    for c in counties:
        RoleAssignment.objects.get_or_create(user=city_user, role=Role.COUNTY_OFFICER, organization=c)
    first = counties[0]
    branch = (Organization.objects.filter(path__startswith=first.path, kind__in=BRANCH_KINDS)
              .annotate(n=Count("members")).order_by("-n", "path").first())

    def client_for(user: Any) -> Client:
        c = Client()
        c.force_login(user)
        mark_second_factor_done(c, user)  # county officers must pass the second factor (accounts.two_factor)
        return c

    county_client, city_client = client_for(county_user), client_for(city_user)
    # Overviews are measured twice: "cold" right after a write (the data version is bumped
    # before every request, so every figure is recomputed from the records) and "warm"
    # (figures served from the cache until the next audited write, core.dataversion).
    cases = [
        ("county_overview_cold", county_client, "/dashboards/", True),
        ("county_overview", county_client, "/dashboards/", False),
        ("city_overview_cold", city_client, "/dashboards/", True),
        ("city_overview", city_client, "/dashboards/", False),
        ("county_trend_cold", county_client, "/dashboards/panel/life_trend/", True),
        ("city_trend_cold", city_client, "/dashboards/panel/life_trend/", True),
        ("branch_roll", county_client, f"/members/?org={branch.pk}", False),
        ("members_api", county_client, "/api/v1/members/", False),
    ]
    results: dict[str, Any] = {}
    for name, client, url, cold in cases:
        for _ in range(2):  # warm-up
            assert client.get(url).status_code == 200, url
        if cold:
            dataversion._incr()  # as after a write anywhere
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        statements = [q["sql"] for q in ctx.captured_queries]
        samples = []
        for _ in range(args.runs):
            if cold:
                dataversion._incr()  # as after a write anywhere
            t = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "content"):
                response.content  # noqa: B018  (render fully)
            samples.append((time.perf_counter() - t) * 1000)
        row: dict[str, Any] = {
            "url": url, "runs": args.runs, "median_ms": round(statistics.median(samples), 1),
            "p95_ms": round(percentile(samples, 95), 1), "queries": len(statements),
            "target_p95_ms": TARGETS_MS[name.removesuffix("_cold")],
        }
        if cold:
            bare = []
            for _ in range(max(5, args.runs // 3)):
                t = time.perf_counter()
                with connection.cursor() as cursor:
                    for sql in statements:
                        cursor.execute(sql)
                        if cursor.description:
                            cursor.fetchall()
                bare.append((time.perf_counter() - t) * 1000)
            row["bare_sql_median_ms"] = round(statistics.median(bare), 1)
            row["ratio"] = round(row["median_ms"] / row["bare_sql_median_ms"], 2)
        row["met"] = row["p95_ms"] < row["target_p95_ms"] and row.get("ratio", 0) <= RATIO_TARGET
        results[name] = row

    print(f"{'page':<21}{'median ms':>10}{'p95 ms':>9}{'target':>8}{'queries':>9}{'bare SQL':>10}{'ratio':>7}  met")
    for name, r in results.items():
        print(f"{name:<21}{r['median_ms']:>10}{r['p95_ms']:>9}{r['target_p95_ms']:>8}{r['queries']:>9}"
              f"{r.get('bare_sql_median_ms', ''):>10}{r.get('ratio', ''):>7}  {'yes' if r['met'] else 'NO'}")
    data = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "seed_seconds": seed_seconds,
        "scale": {"counties": len(counties),
                  "branches": Organization.objects.filter(kind__in=BRANCH_KINDS).count(),
                  "members": None, "meetings": None},
        "results": results,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_member")
        data["scale"]["members"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM meetings_meeting")
        data["scale"]["meetings"] = cursor.fetchone()[0]
    out = Path(__file__).parent / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()
