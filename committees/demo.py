"""Demo terms and secretaries for seed_demo: most demo branches get a current term with a
secretary (or committee); some are expiring soon, some overdue (a few with an approved
delay), some have no term on record. Village/community branches get reserve cadres, a
few a first secretary; each township runs a training course; last year's reviews.

Deterministic (random.Random(rng_seed)) and idempotent: branches that already have a term
are skipped. Uses the members on each branch's roll (members.demo); a branch with fewer
than 3 full members gets a few demo members, created with bulk_create following the
Member rules (ID numbers valid under GB 11643, encrypted, with their blind index)."""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from demo import names as N
from members.choices import ACTIVE_STATUSES, Category, Education, MemberStatus
from members.crypto import blind_index
from members.idcard import make_id
from members.models import Member
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from .models import (
    CommitteePost,
    FirstSecretary,
    ReserveCadre,
    SecretaryReview,
    Term,
    TermDelay,
    TrainingAttendance,
    TrainingCourse,
)
from .rules import VILLAGE_FIELDS, DelayState, Post, add_months, default_term_years, review_result

CODE_PREFIX = "DEMO-C"
COMMITTEE_ORDER = [Post.SECRETARY, Post.DEPUTY, Post.ORGANIZATION, Post.PUBLICITY, Post.DISCIPLINE]
EDUCATIONS = [Education.BACHELOR, Education.COLLEGE, Education.HIGH_SCHOOL, Education.SECONDARY_VOCATIONAL,
              Education.JUNIOR_HIGH]


def _person(rng: random.Random) -> str:
    given = rng.choice(N.GIVEN_CHARS) + (rng.choice(N.GIVEN_CHARS) if rng.random() < 0.7 else "")
    return rng.choice(N.SURNAMES) + given


def _ensure_members(branches: list[Organization], rng: random.Random) -> dict[int, list[Member]]:
    """Full members of each branch; branches with fewer than 3 get demo members."""
    by_branch: dict[int, list[Member]] = defaultdict(list)
    for m in Member.objects.filter(organization__in=branches, status__in=ACTIVE_STATUSES, category=Category.FULL).only(
            "id", "organization_id", "name", "birth_date"):
        by_branch[m.organization_id].append(m)
    new: list[Member] = []
    for b in branches:
        missing = len(by_branch[b.pk]) < 3
        for i in range(rng.randint(3, 9) if missing else 0):
            born = datetime.date(rng.randint(1958, 1992), rng.randint(1, 12), rng.randint(1, 28))
            sex = "male" if rng.random() < 0.7 else "female"
            # region 519900 is reserved for these demo members: no clash with members.demo
            id_number = make_id("519900", born, (b.pk * 10 + i) % 1000, sex)
            join = add_months(born, 12 * rng.randint(20, 35))
            new.append(Member(
                name=_person(rng), sex=sex, birth_date=born, id_number=id_number, id_number_index=blind_index(id_number),
                education=rng.choice(EDUCATIONS), join_date=join, full_member_date=add_months(join, 12),
                category=Category.FULL, status=MemberStatus.IN_BRANCH, organization=b,
            ))
    if new:
        Member.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        for m in Member.objects.filter(organization__in=[m.organization_id for m in new], status__in=ACTIVE_STATUSES,
                                       category=Category.FULL).only("id", "organization_id", "name", "birth_date"):
            if m not in by_branch[m.organization_id]:
                by_branch[m.organization_id].append(m)
    return by_branch


def seed(*, scale: str, rng_seed: int, stdout: Any) -> None:
    """Seed each demo county that has no term yet (a county already seeded is left as it is)."""
    seeded = 0
    for county in Organization.objects.filter(code__startswith=CODE_PREFIX, depth=1).order_by("path"):
        branches = list(Organization.objects.filter(path__startswith=county.path, kind__in=BRANCH_KINDS, status="active")
                        .order_by("path"))
        if not branches or Term.objects.filter(organization__in=branches).exists():
            continue
        # one generator per county: county N is the same at county and city scale
        _seed_county(branches, random.Random(f"{rng_seed}:{county.code}:committees"), stdout)
        seeded += 1
    if not seeded:
        stdout.write("committees：演示班子已存在，未重复生成。")


def _seed_county(branches: list[Organization], rng: random.Random, stdout: Any) -> None:
    today = timezone.localdate()
    with transaction.atomic():
        members = _ensure_members(branches, rng)
        terms: list[Term] = []
        chosen: list[list[tuple[Member, str]]] = []
        delayed: list[int] = []
        for b in branches:
            roll = sorted(members.get(b.pk, []), key=lambda m: m.pk)
            roll_rng = rng.random()
            if roll_rng < 0.08 or not roll:
                continue  # no committee on record
            years = default_term_years(b.field)
            if roll_rng < 0.18:
                ends = today - datetime.timedelta(days=rng.randint(5, 300))  # overdue
            elif roll_rng < 0.33:
                ends = today + datetime.timedelta(days=rng.randint(1, 180))  # expiring
            else:
                ends = today + datetime.timedelta(days=rng.randint(190, years * 365 - 20))
            elected = add_months(ends, -12 * years)
            full = len(roll)
            n = rng.randint(3, min(5, full)) if full >= 7 else (2 if full >= 4 and rng.random() < 0.5 else 1)
            picked = rng.sample(roll, n)
            present = max(math.floor(full * 4 / 5) + 1, min(full, full - rng.randint(0, 1)))
            terms.append(Term(organization=b, elected_on=elected, years=years, ends_on=ends, meeting="党员大会",
                              entitled=full, present=min(present, full), approved_on=elected + datetime.timedelta(days=7),
                              approval_ref=f"党委批复〔{elected.year}〕{rng.randint(1, 99)}号"))
            chosen.append([(m, COMMITTEE_ORDER[i]) for i, m in enumerate(picked)])
            if roll_rng < 0.18 and rng.random() < 0.25:
                delayed.append(len(terms) - 1)
        Term.objects.bulk_create(terms, batch_size=2000)
        posts = [CommitteePost(term=t, member=m, post=p, started_on=t.elected_on,
                               votes=rng.randint(t.present // 2 + 1, t.present))
                 for t, picks in zip(terms, chosen) for m, p in picks]
        CommitteePost.objects.bulk_create(posts, batch_size=5000)
        delays = [TermDelay(term=terms[i], reason="与村（居）民委员会换届统一安排", until=add_months(terms[i].ends_on, 10),
                            state=DelayState.APPROVED, decided_on=terms[i].ends_on - datetime.timedelta(days=20),
                            decision_ref=f"延期批复〔{today.year}〕{k + 1}号") for k, i in enumerate(delayed)]
        TermDelay.objects.bulk_create(delays)
        secretaries = {p.term.organization_id: p.member for p in posts if p.post == Post.SECRETARY}
        counts = _secretaries_corps(branches, secretaries, rng, today)
        # no audit row here: seed_demo records the whole seeding as one IMPORT row (core test pins it)
    stdout.write(f"committees：{branches[0].get_root().name if branches else ''}新建届次 {len(terms)} 个、班子成员 {len(posts)} 人、延期 {len(delays)} 个，"
                 f"后备干部 {counts['reserves']} 人，第一书记 {counts['first_secretaries']} 人，"
                 f"培训班 {counts['courses']} 个，述职评议 {counts['reviews']} 条。")


def _secretaries_corps(branches: list[Organization], secretaries: dict[int, Member], rng: random.Random,
                       today: datetime.date) -> dict[str, int]:
    reserves: list[ReserveCadre] = []
    firsts: list[FirstSecretary] = []
    for b in branches:
        if b.field not in VILLAGE_FIELDS:
            continue
        for _ in range(rng.choice([0, 1, 2, 2, 2, 3])):
            reserves.append(ReserveCadre(
                organization=b, name=_person(rng), sex="male" if rng.random() < 0.6 else "female",
                birth_date=datetime.date(rng.randint(1980, 1996), rng.randint(1, 12), rng.randint(1, 28)),
                education=rng.choice(EDUCATIONS[:3]), current_job=rng.choice(["村委委员", "村民小组长", "致富带头人", "返乡大学生"]),
                added_on=today - datetime.timedelta(days=rng.randint(30, 900))))
        if rng.random() < 0.08:
            firsts.append(FirstSecretary(organization=b, name=_person(rng),
                                         sending_unit=rng.choice(["县农业农村局", "县财政局", "县人民医院", "县委组织部"]),
                                         started_on=today - datetime.timedelta(days=rng.randint(60, 700))))
    ReserveCadre.objects.bulk_create(reserves, batch_size=5000)
    FirstSecretary.objects.bulk_create(firsts)
    # one course per township this year, attended by most of its secretaries
    by_township: dict[int, list[Member]] = defaultdict(list)
    township_of = {b.pk: b.path[: 2 * Organization.steplen] for b in branches}
    townships = {o.path: o for o in Organization.objects.filter(path__in=set(township_of.values()), kind=Kind.TOWNSHIP)}
    for org_id, member in secretaries.items():
        t = townships.get(township_of[org_id])
        if t is not None:
            by_township[t.pk].append(member)
    courses, attendances = [], []
    for t_id, people in sorted(by_township.items()):
        start = datetime.date(today.year, rng.randint(3, min(10, today.month) if today.month >= 3 else 3), rng.randint(1, 20))
        course = TrainingCourse(organizer_id=t_id, title=f"{start.year}年村（社区）党组织书记轮训班", started_on=start,
                                ended_on=start + datetime.timedelta(days=rng.choice([0, 1, 2])), hours=Decimal("16"))
        courses.append(course)
        attendances.append((course, [m for m in people if rng.random() < 0.8]))
    TrainingCourse.objects.bulk_create(courses)
    TrainingAttendance.objects.bulk_create([TrainingAttendance(course=c, member=m, days=c.days)
                                            for c, people in attendances for m in people], batch_size=5000)
    reviews = []
    for org_id, member in secretaries.items():
        if rng.random() < 0.6:
            counts = {"good": rng.randint(3, 15), "fairly_good": rng.randint(0, 8), "average": rng.randint(0, 3),
                      "poor": rng.randint(0, 1)}
            r = SecretaryReview(organization_id=org_id, year=today.year - 1, member=member,
                                reviewed_on=datetime.date(today.year, 1, rng.randint(5, 25)), reviewer="乡镇党委", **counts)
            r.result = review_result(r.counts()) or ""
            reviews.append(r)
    SecretaryReview.objects.bulk_create(reviews, batch_size=5000)
    return {"reserves": len(reserves), "first_secretaries": len(firsts), "courses": len(courses), "reviews": len(reviews)}
