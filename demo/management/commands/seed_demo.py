"""Build believable demo data: an organization tree, persona accounts, then each app's demo.

    python manage.py seed_demo                    # one county (default), seed 2026
    python manage.py seed_demo --scale city       # 10 counties (~4,000 branches)
    python manage.py seed_demo --seed 7           # another, equally believable county

Deterministic: everything random comes from ``random.Random`` seeded with ``--seed``
(never the global generator), so the same seed gives the same names, codes and dates.
Each county draws from its own sub-generator, so county N is the same whether it was
built at county or city scale.

Idempotent: a county whose root code (``DEMO-C01``, ``DEMO-C02``, ...) already exists is
left as it is; missing counties are added (so ``--scale city`` after ``--scale county``
adds counties 2–10). The persona accounts are created if missing and their roles ensured;
an account of the same name that already exists keeps its password (the table says so).
Running twice changes nothing. To rebuild with another seed, start from an empty database.

The tree is written with bulk inserts: paths are computed here exactly as treebeard's
``MP_Node`` would (steplen 4, base-36 alphabet ``0-9A-Z``), with correct ``depth`` and
``numchild``, and new county roots are appended after any roots already in the database.
One audit row (action IMPORT) records the whole seeding instead of one row per node.

Persona accounts, all with the password ``Jiceng@Demo2026`` (demo only, never production):
``county`` (县委组织部, first county root), ``township1``/``township2`` (乡镇党建办 on the first
two townships), ``secretary1`` (a village branch in township1), ``secretary2`` (a branch
in township2), ``viewer`` (read-only on township1), ``sysadmin`` (系统管理员, is_staff, Django
model permissions on accounts.User / accounts.RoleAssignment and view on organizations.
Organization, for the admin at /sysadmin/), ``auditor`` (审计员).

Hook for other apps: after the tree and the accounts exist, for every app in
``INSTALLED_APPS`` order, if a module ``<app>.demo`` exists and has a function

    def seed(*, scale: str, rng_seed: int, stdout) -> None

it is called. A demo module must itself be deterministic (use ``random.Random(rng_seed)``)
and idempotent (a second run must change nothing), and may look up the demo tree by the
codes above (e.g. ``Organization.objects.filter(code__startswith="DEMO-C01")``).
"""

from __future__ import annotations

import importlib
import importlib.util
import time
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.demo import demo_secret, demo_two_factor
from accounts.models import Role, RoleAssignment, User
from audit.models import AuditAction
from audit.services import audit_record
from core import dataversion
from demo.tree import CODE_PREFIX, DEMO_PASSWORD, SCALES, build_organizations, county_code  # noqa: F401
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Field

# --- persona accounts ------------------------------------------------------------------


@dataclass
class Persona:
    username: str
    full_name: str
    role: str
    org: Organization | None
    scope: str
    note: str = ""


def _first_branch(township: Organization, fields: tuple[str, ...]) -> Organization:
    qs = Organization.objects.filter(path__startswith=township.path, kind__in=BRANCH_KINDS)
    return qs.filter(field__in=fields).order_by("path").first() or qs.order_by("path").first()


def personas() -> list[Persona]:
    county = Organization.objects.get(code=county_code(1))
    t1 = Organization.objects.get(code=f"{county_code(1)}-T01")
    t2 = Organization.objects.get(code=f"{county_code(1)}-T02")
    b1 = _first_branch(t1, (Field.VILLAGE,))
    b2 = _first_branch(t2, (Field.COMMUNITY, Field.VILLAGE))
    return [
        Persona("county", "周建国", Role.COUNTY_OFFICER, county, county.name),
        Persona("township1", "李晓梅", Role.TOWNSHIP_STAFF, t1, t1.name),
        Persona("township2", "陈志强", Role.TOWNSHIP_STAFF, t2, t2.name),
        Persona("secretary1", "王德福", Role.BRANCH_SECRETARY, b1, f"{t1.name} / {b1.name}"),
        Persona("secretary2", "赵桂兰", Role.BRANCH_SECRETARY, b2, f"{t2.name} / {b2.name}"),
        Persona("viewer", "刘文静", Role.VIEWER, t1, f"{t1.name}（只读）"),
        Persona("sysadmin", "孙海涛", Role.SYSADMIN, None, "全局：账号与授权管理（/sysadmin/），不含党务数据"),
        Persona("auditor", "吴秀英", Role.AUDITOR, None, "全局：审计日志，不含党务数据"),
    ]


SYSADMIN_PERMISSIONS = (
    ("accounts", "user", ("add", "change", "delete", "view")),
    ("accounts", "roleassignment", ("add", "change", "delete", "view")),
    ("organizations", "organization", ("view",)),
)


def ensure_users() -> tuple[list[Persona], int]:
    """Create the missing persona accounts and ensure their roles; return them and how many
    were created. An account that already exists keeps its password and flags."""
    created_count = 0
    people = personas()
    for p in people:
        user, created = User.objects.get_or_create(
            username=p.username, defaults={"full_name": p.full_name, "is_staff": p.role == Role.SYSADMIN},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        elif not user.check_password(DEMO_PASSWORD):
            # an account of that name existed already: never overwrite its password
            p.note = "（已存在的账号，密码未改动）"
        created_count += int(created)
        assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=p.role, organization=p.org)
        if not assignment.is_active:
            assignment.is_active = True
            assignment.save(update_fields=["is_active"])
        if p.role == Role.SYSADMIN:
            perms = []
            for app_label, model, actions in SYSADMIN_PERMISSIONS:
                perms += Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model,
                    codename__in=[f"{a}_{model}" for a in actions],
                )
            user.user_permissions.add(*perms)
    return people, created_count


# --- other apps' demo modules ------------------------------------------------------------


def app_demo_seeders() -> list[tuple[str, Any]]:
    """(module name, seed function) for each installed app with a `demo.seed`, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        try:
            spec = importlib.util.find_spec(module_name)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            continue
        module = importlib.import_module(module_name)
        seed = getattr(module, "seed", None)
        if callable(seed):
            found.append((module_name, seed))
    return found


# --- the command -------------------------------------------------------------------------


class Command(BaseCommand):
    help = "生成演示数据：一个县（或一个市的 10 个县）的组织树、演示账号，以及各应用的演示数据。可重复运行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="county",
                            help="county：一个县（约 400 个党支部）；city：10 个县（约 4000 个党支部）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子（默认 2026），相同种子生成相同数据")
        parser.add_argument("--apps", default="all",
                            help="生成哪些应用的演示数据：all（默认）、none（只生成组织树和账号），或逗号分隔的应用名")

    def handle(self, *args: Any, scale: str, seed: int, apps: str = "all", **options: Any) -> None:
        if not settings.DEVELOPMENT:
            # Demo accounts share a published password: never in a real deployment.
            raise CommandError("拒绝运行：演示数据（含公开密码的演示账号）只能在开发环境生成，"
                               "请在开发机上设置 DJANGO_ENV=development。")
        started = time.monotonic()
        with transaction.atomic():
            created_orgs = build_organizations(scale=scale, rng_seed=seed)
            people, created_users = ensure_users()
            two_factor_users = demo_two_factor(User.objects.filter(username__in=[p.username for p in people]))
            if created_orgs or created_users:
                audit_record(
                    action=AuditAction.IMPORT,
                    extra={"seed_demo": scale, "seed": seed, "organizations": created_orgs, "users": created_users},
                )
        demo_count = Organization.objects.filter(code__startswith=f"{CODE_PREFIX}-C").count()
        branches = Organization.objects.filter(code__startswith=f"{CODE_PREFIX}-C", kind__in=BRANCH_KINDS).count()
        self.stdout.write(
            f"组织树：新建 {created_orgs} 个组织（演示组织共 {demo_count} 个，其中党支部 {branches} 个），"
            f"用时 {time.monotonic() - started:.1f} 秒。"
        )
        if not created_orgs:
            self.stdout.write("演示县已存在，未重复生成组织。")

        wanted = None if apps == "all" else {a.strip() for a in apps.split(",") if a.strip() and a != "none"}
        for module_name, seed_fn in app_demo_seeders():
            if wanted is not None and module_name.split(".")[0] not in wanted:
                continue
            t0 = time.monotonic()
            seed_fn(scale=scale, rng_seed=seed, stdout=self.stdout)
            self.stdout.write(f"{module_name}：完成，用时 {time.monotonic() - t0:.1f} 秒。")

        dataversion.bump()  # demo modules write in bulk, partly without audit rows: recompute figures
        self.stdout.write("")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}，仅供演示，切勿用于生产环境）：")
        self.stdout.write(f"{'账号':<12}{'角色':<10}管辖范围")
        for p in people:
            label = Role(p.role).label
            self.stdout.write(f"{p.username:<14}{label}{'　' * max(0, 6 - len(label))}{p.scope}{p.note}")
        if two_factor_users:
            self.stdout.write(
                f"{'、'.join(two_factor_users)} 须双因素认证：在身份验证器中手动添加演示密钥 {demo_secret()}，"
                "或运行 python manage.py demo_totp 查看当前动态码。"
            )
        self.stdout.write(self.style.SUCCESS(f"完成，总用时 {time.monotonic() - started:.1f} 秒。"))
