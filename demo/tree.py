"""The demo organization tree: believable Chinese counties, townships, branches and party
groups, built in memory from a seed and written with one bulk insert (used by seed_demo)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Iterator

from demo import names as N
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
