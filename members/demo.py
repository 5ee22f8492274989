"""Demo members for the foundation's seed_demo command: 20–40 believable members per
active branch, deterministic for a given tree and seed, idempotent (a branch that
already has members is left alone). Bulk writes: ~100,000 members at city scale."""

from __future__ import annotations

import datetime
import random
from typing import TextIO

from django.db import transaction
from django.db.models import Exists, OuterRef

from audit.models import AuditAction
from audit.services import audit_bulk
from organizations.models import Organization
from organizations.rules import Kind

from .choices import ACTIVE_STATUSES, Category, Education
from .crypto import blind_index
from .idcard import make_id
from .models import Member

# --- believable Chinese names and valid ID numbers (the demo data and the benchmark) ------------
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_MALE = "伟强军磊洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆建国志文海东林峰斌兵庆华春生德福"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英华玲燕红梅琳雪婷慧莉萍颖倩洁琴云凤兰琼桂珍佳欣悦"
MOBILE_PREFIXES = ("138", "139", "135", "137", "150", "158", "186", "188", "166", "199", "177", "189")
REGIONS = ("330102", "330106", "330110", "110105", "440305", "510104", "420102", "370102", "320106", "430102")


def person(rng: random.Random, n: int, *, today: datetime.date | None = None) -> dict:
    """One member's personal data; `n` makes the ID number unique (date + sequence)."""
    today = today or datetime.date(2025, 1, 1)
    sex = "male" if rng.random() < 0.72 else "female"  # men are about 70% of members
    given = GIVEN_MALE if sex == "male" else GIVEN_FEMALE
    name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))
    born = datetime.date(1940, 1, 1) + datetime.timedelta(days=(n // 450) % 23000)
    born = min(born, today - datetime.timedelta(days=365 * 22))
    id_number = make_id(rng.choice(REGIONS), born, (n % 450) * 2, sex)
    joined = born + datetime.timedelta(days=365 * rng.randint(19, 45) + rng.randint(0, 300))
    joined = min(joined, today - datetime.timedelta(days=400))
    return {"name": name, "sex": sex, "birth_date": born, "id_number": id_number, "join_date": joined,
            "full_member_date": joined + datetime.timedelta(days=365), "phone": f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 99999999):08d}"}


BATCH = 5000
# (min, max) members per branch for each demo scale
PER_BRANCH = {"small": (20, 30), "medium": (20, 40), "city": (20, 40)}
_EDUCATION = [Education.BACHELOR, Education.COLLEGE, Education.HIGH_SCHOOL, Education.JUNIOR_HIGH,
              Education.PRIMARY, Education.SECONDARY_VOCATIONAL, Education.POSTGRADUATE]
_EDU_WEIGHTS = [25, 20, 20, 20, 8, 5, 2]


def _members_for(branch: Organization, groups: list[Organization], rng: random.Random, taken: set[str],
                 counter: list[int], low: int, high: int) -> list[Member]:
    result = []
    for _ in range(rng.randint(low, high)):
        while True:
            counter[0] += 1
            data = person(rng, counter[0] * 7919 + rng.randint(0, 6))
            index = blind_index(data["id_number"])
            if index not in taken:
                taken.add(index)
                break
        probationary = rng.random() < 0.04
        member = Member(
            organization=branch, party_group=rng.choice(groups) if groups else None,
            education=rng.choices(_EDUCATION, _EDU_WEIGHTS)[0], occupation=rng.choice(("村民", "退休", "教师", "个体经营", "村干部", "")),
            category=Category.PROBATIONARY if probationary else Category.FULL,
            is_elderly=data["birth_date"].year < 1955, is_hardship=rng.random() < 0.03, **data)
        if probationary:
            member.full_member_date = None
        member.id_number_index = index
        result.append(member)
    return result


def seed(*, scale: str, rng_seed: int, stdout: TextIO) -> None:
    low, high = PER_BRANCH.get(scale, PER_BRANCH["medium"])
    branches = list(Organization.objects.active().branches()
                    .annotate(has_members=Exists(Member.objects.filter(organization=OuterRef("pk"))))
                    .filter(has_members=False).order_by("path"))
    if not branches:
        stdout.write("党员：各党支部已有党员，跳过。\n")
        return
    groups: dict[str, list[Organization]] = {}
    for g in Organization.objects.active().filter(kind=Kind.PARTY_GROUP):
        groups.setdefault(g.path[: -g.steplen], []).append(g)
    taken = set(Member.objects.filter(status__in=ACTIVE_STATUSES).values_list("id_number_index", flat=True))
    total = 0
    with transaction.atomic():
        pending: list[Member] = []
        seeded: dict[int, int] = {}
        for branch in branches:
            # seeded by the branch's path, so the same tree gives the same members
            rng = random.Random(f"{rng_seed}:{branch.path}")
            counter = [int(branch.path, 36) % 10_000_000]
            members = _members_for(branch, groups.get(branch.path, []), rng, taken, counter, low, high)
            seeded[branch.pk] = len(members)
            pending.extend(members)
            if len(pending) >= BATCH:
                Member.objects.bulk_create(pending, batch_size=BATCH)
                total += len(pending)
                pending = []
        Member.objects.bulk_create(pending, batch_size=BATCH)
        total += len(pending)
        # one summary audit row per branch rather than one per member
        audit_bulk(action=AuditAction.IMPORT, objects=branches, changes_for=lambda b: {"members_seeded": seeded[b.pk]},
                   extra={"source": "seed_demo"})
    stdout.write(f"党员：为 {len(branches)} 个党支部生成 {total} 名党员。\n")


