"""Demo members for the foundation's seed_demo command: 20–40 believable members per
active branch, deterministic for a given tree and seed, idempotent (a branch that
already has members is left alone). Bulk writes: ~100,000 members at city scale."""

from __future__ import annotations

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
from .models import Member
from .names import person

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


