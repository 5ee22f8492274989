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

import datetime
import importlib
import importlib.util
import random
import time
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Iterator

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from accounts.models import Role, RoleAssignment, User
from audit.models import AuditAction
from audit.services import audit_record
from core import dataversion
from core import demo_names as N
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Field, Kind

DEMO_PASSWORD = "Jiceng@Demo2026"
CODE_PREFIX = "DEMO"
SCALES = {"county": 1, "city": 10}
MAX_COUNTIES = 10
TODAY_CAP = datetime.date(2025, 12, 31)  # dates stay in the past whatever day the seed runs


def county_code(index: int) -> str:
    return f"{CODE_PREFIX}-C{index:02d}"


# --- the in-memory tree -------------------------------------------------------------


@dataclass
class Node:
    name: str
    kind: str
    code: str
    field: str = ""
    short_name: str = ""
    unit_name: str = ""
    established_on: datetime.date | None = None
    contact_person: str = ""
    contact_phone: str = ""
    address: str = ""
    children: list["Node"] = dc_field(default_factory=list)

    def add(self, child: "Node") -> "Node":
        self.children.append(child)
        return child


class Pool:
    """Draw names without replacement; when the pool runs dry, fall back to numbered names."""

    def __init__(self, rng: random.Random, names: list[str]) -> None:
        self.names = list(dict.fromkeys(names))
        rng.shuffle(self.names)
        self.used: set[str] = set()
        self.extra = 0

    def take(self) -> str:
        while self.names:
            name = self.names.pop()
            if name not in self.used:
                self.used.add(name)
                return name
        self.extra += 1
        return f"新建{self.extra}"


def _village_names() -> list[str]:
    combos = [a + b for a in "大小上下新老东西南北" for b in "河坪湾沟岭坝山塘桥营庄"]
    family = [s + "家" + t for s in "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓" for t in "坝湾沟坪岭"]
    return N.VILLAGE_STEMS + combos + family


def _community_names() -> list[str]:
    return N.COMMUNITY_STEMS + [a + b for a in "金银锦玉翠华明新康乐" for b in "苑园城湾桥坊"]


class CountyBuilder:
    """One county committee and everything under it, from one seeded generator."""

    def __init__(self, *, index: int, county: str, rng_seed: int) -> None:
        self.rng = random.Random(rng_seed)
        self.index = index
        self.county = county  # e.g. 青岚
        self.county_unit = f"{county}县"
        self.code = county_code(index)
        self.villages = Pool(self.rng, _village_names())
        self.communities = Pool(self.rng, _community_names())

    # small random helpers
    def date(self, first_year: int, last_year: int) -> datetime.date:
        start = datetime.date(first_year, 1, 1)
        end = min(datetime.date(last_year, 12, 31), TODAY_CAP)
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def person(self) -> str:
        given = self.rng.choice(N.GIVEN_CHARS)
        if self.rng.random() < 0.7:
            given += self.rng.choice(N.GIVEN_CHARS)
        return self.rng.choice(N.SURNAMES) + given

    def mobile(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"

    def landline(self) -> str:
        return f"0{800 + self.index:03d}-{self.rng.randrange(2, 9)}{self.rng.randrange(10**6):06d}"

    def sample(self, items: list[str], low: int, high: int) -> list[str]:
        """A random subset of `items`, keeping their order."""
        count = min(len(items), self.rng.randint(low, high))
        picked = set(self.rng.sample(range(len(items)), count))
        return [item for i, item in enumerate(items) if i in picked]

    def node(self, name: str, kind: str, code: str, *, field: str = "", unit: str = "",
             since: tuple[int, int] = (1990, 2020), address: str = "", short: str = "") -> Node:
        phone = self.mobile() if kind in (*BRANCH_KINDS, Kind.PARTY_GROUP) else self.landline()
        return Node(
            name=name, kind=kind, code=code, field=field, unit_name=unit, short_name=short,
            established_on=self.date(*since), contact_person=self.person(), contact_phone=phone,
            address=address or (f"{self.county_unit}{unit}" if unit and not unit.startswith(self.county) else unit),
        )

    def groups(self, branch: Node, field: str) -> None:
        """1–3 party groups (党小组) under many branches."""
        chance = {Field.VILLAGE: 0.8, Field.COMMUNITY: 0.7}.get(field, 0.45)
        if branch.kind == Kind.JOINT_BRANCH:
            chance = 0.3
        if self.rng.random() >= chance:
            return
        count = self.rng.randint(2, 3) if field == Field.VILLAGE else self.rng.randint(1, 2)
        since_year = branch.established_on.year if branch.established_on else 2000
        for g in range(count):
            branch.add(self.node(
                N.PARTY_GROUP_NAMES[g], Kind.PARTY_GROUP, f"{branch.code}-G{g + 1}",
                field="", unit=branch.unit_name, since=(max(since_year, 2005), 2024), address=branch.address,
            ))

    def branch(self, parent: Node, name: str, code: str, field: str, unit: str, *,
               joint: bool = False, since: tuple[int, int] = (1990, 2020), groups: bool = True) -> Node:
        b = parent.add(self.node(name, Kind.JOINT_BRANCH if joint else Kind.BRANCH, code,
                                 field=field, unit=unit, since=since))
        if groups:
            self.groups(b, field)
        return b

    # the county
    def build(self, townships: int | None = None) -> Node:
        c = self.county_unit
        root = self.node(f"中共{c}委", Kind.COUNTY, self.code, unit=f"中共{c}委员会",
                         since=(1949, 1952), short=f"{c}委", address=f"{c}人民路1号")
        self.county_level(root)
        count = townships or self.rng.randint(15, 16)
        self.townships(root, count)
        return root

    def county_level(self, root: Node) -> None:
        c, rng = self.county_unit, self.rng

        def primary(k: int, name: str, field: str, unit: str) -> Node:
            return root.add(self.node(name, Kind.PRIMARY, f"{self.code}-P{k:02d}", field=field,
                                      unit=unit, since=(1978, 2005)))

        def county_unit(name: str) -> str:
            return c + name[1:] if name.startswith("县") else name

        # 机关党委: organs and public institutions
        organs = primary(1, f"中共{c}直属机关委员会", Field.ORGAN, f"{c}直属机关工作委员会")
        num = 0

        def code(p: int) -> str:
            nonlocal num
            num += 1
            return f"{self.code}-P{p:02d}-B{num:03d}"

        picked = self.sample(N.COUNTY_ORGANS, 15, 19)
        joint = picked[-2:] if rng.random() < 0.7 else []
        for unit in picked:
            if unit in joint:
                continue
            self.branch(organs, f"{county_unit(unit)}党支部", code(1), Field.ORGAN, county_unit(unit), since=(1980, 2010))
        if joint:
            a, b = (county_unit(u) for u in joint)
            self.branch(organs, f"{a}、{b[len(c):]}联合党支部", code(1), Field.ORGAN, f"{a}、{b}",
                        joint=True, since=(2010, 2020))
        for unit in self.sample(N.COUNTY_INSTITUTIONS, 5, 8):
            self.branch(organs, f"{county_unit(unit)}党支部", code(1), Field.INSTITUTION, county_unit(unit),
                        since=(1985, 2015))

        # education
        num = 0
        edu = primary(2, f"中共{c}教育系统委员会", Field.SCHOOL, f"{c}教育局")
        big = county_unit(N.BIG_SCHOOL)
        general = edu.add(self.node(f"{big}党总支", Kind.GENERAL_BRANCH, f"{self.code}-P02-Z01",
                                    field=Field.SCHOOL, unit=big, since=(1985, 2000)))
        for part in N.BIG_SCHOOL_BRANCHES:
            self.branch(general, f"{big}{part}党支部", code(2), Field.SCHOOL, big, since=(2000, 2015))
        for unit in self.sample(N.COUNTY_SCHOOLS, 5, 8):
            self.branch(edu, f"{county_unit(unit)}党支部", code(2), Field.SCHOOL, county_unit(unit), since=(1985, 2015))

        # health
        num = 0
        health = primary(3, f"中共{c}卫生健康系统委员会", Field.HOSPITAL, f"{c}卫生健康局")
        big = county_unit(N.BIG_HOSPITAL)
        general = health.add(self.node(f"{big}党总支", Kind.GENERAL_BRANCH, f"{self.code}-P03-Z01",
                                       field=Field.HOSPITAL, unit=big, since=(1985, 2000)))
        for part in self.sample(N.BIG_HOSPITAL_BRANCHES, 3, 5):
            self.branch(general, f"{big}{part}党支部", code(3), Field.HOSPITAL, big, since=(2000, 2015))
        for unit in N.COUNTY_HOSPITALS:
            self.branch(health, f"{county_unit(unit)}党支部", code(3), Field.HOSPITAL, county_unit(unit), since=(1985, 2015))

        # state enterprises
        num = 0
        soe = primary(4, f"中共{c}国有企业委员会", Field.STATE_ENTERPRISE, f"{c}国有资产监督管理办公室")
        for unit in self.sample(N.STATE_ENTERPRISES, 5, 8):
            self.branch(soe, f"{county_unit(unit)}党支部", code(4), Field.STATE_ENTERPRISE, county_unit(unit),
                        since=(1995, 2020))

        # "两新": non-public enterprises and social organizations
        num = 0
        two = primary(5, f"中共{c}非公有制经济组织和社会组织委员会", Field.PRIVATE_ENTERPRISE,
                      f"{c}非公有制经济组织和社会组织工作委员会")
        firms = self.sample(N.PRIVATE_ENTERPRISES, 8, 11)
        grouped = firms[-3:]
        for unit in firms[:-3]:
            self.branch(two, f"{self.county}{unit}党支部", code(5), Field.PRIVATE_ENTERPRISE,
                        f"{self.county}{unit}", since=(2005, 2023))
        self.branch(two, f"{c}工业园区非公企业联合党支部", code(5), Field.PRIVATE_ENTERPRISE,
                    "、".join(f"{self.county}{u}" for u in grouped), joint=True, since=(2012, 2023))
        orgs = self.sample(N.SOCIAL_ORGS, 5, 7)
        for unit in orgs[:-2]:
            self.branch(two, f"{county_unit(unit)}党支部", code(5), Field.SOCIAL_ORG, county_unit(unit),
                        since=(2008, 2023))
        self.branch(two, f"{c}行业协会联合党支部", code(5), Field.SOCIAL_ORG,
                    "、".join(county_unit(u) for u in orgs[-2:]), joint=True, since=(2015, 2023))

    def townships(self, root: Node, count: int) -> None:
        rng = self.rng
        streets = rng.sample(N.STREET_STEMS, rng.randint(2, 3))
        stems = rng.sample(N.TOWNSHIP_STEMS, count - 1 - len(streets))
        # 城关镇 first (township1), then the streets, then towns and 乡 alternating at random.
        plan: list[tuple[str, str]] = [("城关", "镇")]
        plan += [(s, "街道") for s in streets]
        plan += [(s, "镇" if rng.random() < 0.6 else "乡") for s in stems]
        for t, (stem, suffix) in enumerate(plan, start=1):
            self.township(root, t, stem, suffix)

    def township(self, root: Node, t: int, stem: str, suffix: str) -> None:
        rng, c = self.rng, self.county_unit
        place = f"{stem}{suffix}"
        street = suffix == "街道"
        tcode = f"{self.code}-T{t:02d}"
        town = root.add(self.node(
            f"{place}党工委" if street else f"{place}党委", Kind.TOWNSHIP, tcode,
            unit=f"{c}{place}", since=(2001, 2015) if street else (1984, 1992),
            address=f"{c}{place}{'办事处' if street else '人民政府'}",
        ))
        num = 0

        def code() -> str:
            nonlocal num
            num += 1
            return f"{tcode}-B{num:03d}"

        office = f"{place}办事处" if street else f"{place}人民政府"
        self.branch(town, f"{place}机关党支部", code(), Field.ORGAN, office, since=(1984, 2005))
        if street or rng.random() < 0.6:
            unit = f"{place}便民服务中心" if street else f"{place}农业综合服务中心"
            self.branch(town, f"{unit}党支部", code(), Field.INSTITUTION, unit, since=(2000, 2018))
        school = f"{place}中心小学" if street else f"{place}中心学校"
        self.branch(town, f"{school}党支部", code(), Field.SCHOOL, school, since=(1985, 2010))
        clinic = f"{place}社区卫生服务中心" if street else f"{place}卫生院"
        self.branch(town, f"{clinic}党支部", code(), Field.HOSPITAL, clinic, since=(1985, 2010))

        if street:
            villages, communities = rng.randint(0, 3), rng.randint(7, 10)
        elif stem == "城关":
            villages, communities = rng.randint(10, 13), rng.randint(4, 6)
        elif suffix == "镇":
            villages, communities = rng.randint(15, 20), rng.randint(1, 2)
        else:
            villages, communities = rng.randint(12, 16), 0

        for _ in range(communities):
            name = self.communities.take()
            self.branch(town, f"{name}社区党支部", code(), Field.COMMUNITY, f"{place}{name}社区居民委员会",
                        since=(1999, 2018))
        big_village = villages >= 12 and rng.random() < 0.4
        for v in range(villages):
            name = self.villages.take()
            unit = f"{place}{name}村村民委员会"
            if big_village and v == 0:
                # a large village: a general branch with branches by hamlet, plus retired members
                general = town.add(self.node(f"{name}村党总支", Kind.GENERAL_BRANCH, f"{tcode}-Z01",
                                             field=Field.VILLAGE, unit=unit, since=(1955, 1995)))
                for k, part in enumerate(["第一", "第二", "第三"][: rng.randint(2, 3)]):
                    self.branch(general, f"{name}村{part}党支部", code(), Field.VILLAGE, unit, since=(1995, 2015))
                continue
            self.branch(town, f"{name}村党支部", code(), Field.VILLAGE, unit, since=(1952, 1998))

        # "两新" in the township
        firms = self.sample(N.TOWNSHIP_ENTERPRISE_KINDS, 3, 6)
        alone = firms[: rng.randint(1, 2)]
        if len(firms) - len(alone) < 2:  # a joint branch joins at least two units
            alone = firms
        for kind in alone:
            unit = f"{c}{place}{kind}"
            self.branch(town, f"{place}{kind}党支部", code(), Field.PRIVATE_ENTERPRISE, unit, since=(2008, 2023))
        rest = firms[len(alone):]
        if rest:
            self.branch(town, f"{place}非公企业联合党支部", code(), Field.PRIVATE_ENTERPRISE,
                        "、".join(f"{place}{k}" for k in rest), joint=True, since=(2012, 2023))
        if street or rng.random() < 0.4:
            self.branch(town, f"{place}社会组织联合党支部", code(), Field.SOCIAL_ORG,
                        f"{place}辖区社会组织", joint=True, since=(2015, 2024))


# --- writing the tree ------------------------------------------------------------------


def _step(num: int) -> str:
    key = Organization._int2str(num)
    if len(key) > Organization.steplen:
        raise OverflowError(f"treebeard path step overflow: {num}")
    return Organization.alphabet[0] * (Organization.steplen - len(key)) + key


def _flatten(node: Node, path: str, depth: int) -> Iterator[Organization]:
    yield Organization(
        path=path, depth=depth, numchild=len(node.children),
        name=node.name, short_name=node.short_name, code=node.code, kind=node.kind, field=node.field,
        unit_name=node.unit_name[:120], established_on=node.established_on,
        contact_person=node.contact_person, contact_phone=node.contact_phone, address=node.address[:200],
    )
    for i, child in enumerate(node.children, start=1):
        yield from _flatten(child, path + _step(i), depth + 1)


def county_plan(rng_seed: int) -> list[tuple[str, int]]:
    """(county name, sub-seed) for counties 1..MAX_COUNTIES, independent of the scale."""
    master = random.Random(rng_seed)
    names = master.sample(N.COUNTIES, MAX_COUNTIES)
    return [(name, master.randrange(2**32)) for name in names]


def build_organizations(*, scale: str, rng_seed: int) -> int:
    """Create the missing demo counties; return the number of organizations created."""
    plan = county_plan(rng_seed)[: SCALES[scale]]
    existing = set(
        Organization.objects.filter(code__in=[county_code(i) for i in range(1, len(plan) + 1)])
        .values_list("code", flat=True)
    )
    last_root = Organization.get_last_root_node()
    next_root = Organization._str2int(last_root.path[: Organization.steplen]) + 1 if last_root else 1
    rows: list[Organization] = []
    for index, (name, sub_seed) in enumerate(plan, start=1):
        if county_code(index) in existing:
            continue
        tree = CountyBuilder(index=index, county=name, rng_seed=sub_seed).build()
        rows.extend(_flatten(tree, _step(next_root), 1))
        next_root += 1
    Organization.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


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
        started = time.monotonic()
        with transaction.atomic():
            created_orgs = build_organizations(scale=scale, rng_seed=seed)
            people, created_users = ensure_users()
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
        self.stdout.write(self.style.SUCCESS(f"完成，总用时 {time.monotonic() - started:.1f} 秒。"))
