"""Benchmark: our two-step import vs django-import-export's default row-by-row import.

    python -m bench.members_import [--rows 10000] [--big 100000]

Runs against its own database (the DATABASE_URL database name + "_bench", created and
migrated on first use) so the development data and audit trail stay clean. Prints the
time of each import of the same 10,000-row .xlsx file, the ratio, and the peak memory
(max RSS of a child process) of our import of a 100,000-row file. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse


def _bench_database() -> None:
    url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiceng"))
    name = url.path.lstrip("/")
    if not name.endswith("_bench"):
        name += "_bench"
    os.environ["DATABASE_URL"] = urlunparse(url._replace(path="/" + name))
    import psycopg2

    admin = psycopg2.connect(urlunparse(url._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _setup() -> None:
    _bench_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")  # the demo data uses the public dev keys
    os.environ.setdefault("FAST_PASSWORD_HASHER", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


HEADERS = ["姓名", "公民身份号码", "性别", "民族", "出生日期", "联系电话", "学历", "入党日期", "转正日期", "人员类别", "所在党支部"]


def _fixture():  # type: ignore[no-untyped-def]
    """A county with 5 townships and 50 branches, and a county officer."""
    from accounts.models import Role, RoleAssignment, User
    from organizations.models import Organization
    from organizations.rules import Field, Kind

    county = Organization.objects.filter(code="BENCH").first()
    if county is None:
        county = Organization.add_root(name="基准测试县委", kind=Kind.COUNTY, code="BENCH")
        for t in range(5):
            town = county.add_child(name=f"基准镇{t}党委", kind=Kind.TOWNSHIP, code=f"BENCH-T{t}")
            for b in range(10):
                town.add_child(name=f"基准村{t}-{b}党支部", kind=Kind.BRANCH, field=Field.VILLAGE, code=f"BENCH-B{t}{b}")
    user, created = User.objects.get_or_create(username="bench-county")
    if created:
        RoleAssignment.objects.create(user=user, role=Role.COUNTY_OFFICER, organization=county)
    branches = list(Organization.objects.filter(code__startswith="BENCH-B").values_list("name", flat=True))
    return user, branches


def write_file(path: Path, rows: int, branches: list[str]) -> None:
    from openpyxl import Workbook

    from members.demo import person

    rng = random.Random(42)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("党员名册")
    ws.append(HEADERS)
    for n in range(rows):
        p = person(rng, n)
        ws.append([p["name"], p["id_number"], "男" if p["sex"] == "male" else "女", "汉族", p["birth_date"], p["phone"],
                   "大学本科", p["join_date"], p["full_member_date"], "正式党员", branches[n % len(branches)]])
    wb.save(path)


def ours(path: Path, user) -> float:  # type: ignore[no-untyped-def]
    from members.services.importing import import_commit, plan_import

    start = time.perf_counter()
    with open(path, "rb") as handle:
        plan = plan_import(handle, path.name, user=user)
    assert not plan.errors, plan.errors[:5]
    summary = import_commit(plan, user=user, filename=path.name)
    elapsed = time.perf_counter() - start
    assert summary["create"] > 0
    return elapsed


def theirs(path: Path) -> float:
    """django-import-export with its defaults (row by row, use_bulk=False), doing the
    same work: labels to values, branch by name, the same member rules, blind index."""
    import tablib
    from django.core.exceptions import ValidationError
    from import_export import fields, resources, widgets

    from members.choices import Category, Education, Ethnicity, Sex
    from members.crypto import blind_index
    from members.idcard import normalize_id
    from members.models import Member
    from members.rules import clean_member_data
    from organizations.models import Organization

    class Label(widgets.Widget):
        def __init__(self, choices) -> None:  # type: ignore[no-untyped-def]
            super().__init__()
            self.lookup = {label: value for value, label in choices.choices}

        def clean(self, value, row=None, **kwargs):  # type: ignore[no-untyped-def]
            return self.lookup.get(value, value or "")

    class Date(widgets.DateWidget):
        def clean(self, value, row=None, **kwargs):  # type: ignore[no-untyped-def]
            value = super().clean(value, row, **kwargs)
            return value.date() if hasattr(value, "date") else value

    class MemberResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        id_number = fields.Field(attribute="id_number", column_name="公民身份号码")
        id_number_index = fields.Field(attribute="id_number_index", column_name="索引")
        sex = fields.Field(attribute="sex", column_name="性别", widget=Label(Sex))
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族", widget=Label(Ethnicity))
        birth_date = fields.Field(attribute="birth_date", column_name="出生日期", widget=Date())
        phone = fields.Field(attribute="phone", column_name="联系电话")
        education = fields.Field(attribute="education", column_name="学历", widget=Label(Education))
        join_date = fields.Field(attribute="join_date", column_name="入党日期", widget=Date())
        full_member_date = fields.Field(attribute="full_member_date", column_name="转正日期", widget=Date())
        category = fields.Field(attribute="category", column_name="人员类别", widget=Label(Category))
        organization = fields.Field(attribute="organization", column_name="所在党支部",
                                    widget=widgets.ForeignKeyWidget(Organization, "name"))

        class Meta:
            model = Member
            import_id_fields = ("id_number_index",)
            fields = ("name", "id_number", "id_number_index", "sex", "ethnicity", "birth_date", "phone", "education",
                      "join_date", "full_member_date", "category", "organization")

        def before_import_row(self, row, **kwargs):  # type: ignore[no-untyped-def]
            row["公民身份号码"] = normalize_id(str(row["公民身份号码"]))
            row["索引"] = blind_index(row["公民身份号码"])

        def before_save_instance(self, instance, row, **kwargs):  # type: ignore[no-untyped-def]
            data, errors = clean_member_data({f: getattr(instance, f) for f in (
                "id_number", "birth_date", "sex", "join_date", "full_member_date", "category", "phone")})
            if errors:
                raise ValidationError(errors)
            instance.phone = data["phone"]

    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="xlsx")
    dataset.append_col([""] * len(dataset), header="索引")
    start = time.perf_counter()
    result = MemberResource().import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - start
    assert not result.has_errors()
    return elapsed


def _clear() -> None:
    from members.models import Member

    Member.objects.filter(organization__code__startswith="BENCH-B").delete()


def child(path: str) -> None:
    """Run in a fresh process: import a big file, print seconds and max RSS in MB."""
    _setup()
    user, _ = _fixture()
    _clear()
    seconds = ours(Path(path), user)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _clear()
    print(f"{seconds:.2f} {peak:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000, help="rows for the memory run (0 to skip)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    _setup()
    user, branches = _fixture()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / f"roll-{args.rows}.xlsx"
        write_file(small, args.rows, branches)
        _clear()
        our_time = ours(small, user)
        _clear()
        their_time = theirs(small)
        _clear()
        print(f"{args.rows} rows, same .xlsx file, PostgreSQL")
        print(f"  Jiceng import (check + write):          {our_time:7.2f} s  ({args.rows / our_time:,.0f} rows/s)")
        print(f"  django-import-export row-by-row import: {their_time:7.2f} s  ({args.rows / their_time:,.0f} rows/s)")
        print(f"  ratio: {their_time / our_time:.1f}x faster")
        if args.big:
            big = Path(tmp) / f"roll-{args.big}.xlsx"
            write_file(big, args.big, branches)
            out = subprocess.run([sys.executable, "-m", "bench.members_import", "--child", str(big)],
                                 check=True, capture_output=True, text=True).stdout.split()
            print(f"{args.big} rows: import {float(out[-2]):.1f} s, peak memory (max RSS) {out[-1]} MB")


if __name__ == "__main__":
    main()
