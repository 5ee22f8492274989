"""Demo data of assessments for each demo county (codes DEMO-C01…): the 2024 and 2025
grades of every branch, a published 2025 score sheet with a review of every branch in
various steps (most finished), and the 2025 democratic review of members for branches
with members on the roll. Deterministic (random.Random(rng_seed)), idempotent (a county
that already has a 2025 sheet is skipped) and written with bulk inserts."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from . import rules
from .choices import (
    Good,
    Grade,
    GradingStatus,
    Handling,
    ItemKind,
    MemberGrade,
    RespondentGroup,
    RoundStatus,
    ScoreStep,
    SheetStatus,
    Step,
)
from .models import (
    Evidence,
    Grading,
    ItemScore,
    MemberRating,
    MemberReviewRound,
    PublicRating,
    Review,
    ScoreSheet,
    SheetItem,
    SheetSection,
)

YEAR = 2025
D = Decimal
# (section, code, title, kind, max points, evidence hint, calculator)
ITEMS = [
    ("组织建设", "A1", "“三会一课”按要求召开，记录完整", ItemKind.BASIC, 25, "会议记录", "meetings.all_held"),
    ("组织建设", "A2", "按期换届，班子健全", ItemKind.BASIC, 15, "换届选举记录", "terms.not_overdue"),
    ("党员队伍", "B1", "正式党员不少于3名，党员管理规范", ItemKind.BASIC, 15, "党员名册", "members.at_least_three_full"),
    ("党员队伍", "B2", "年内发展党员", ItemKind.BASIC, 10, "发展党员档案", "members.developed_this_year"),
    ("工作业绩", "C1", "为民服务、集体经济等工作成效", ItemKind.BASIC, 35, "工作台账、群众评价", ""),
    ("加减分", "D1", "获得县级以上表彰", ItemKind.BONUS, 5, "表彰文件", ""),
    ("加减分", "E1", "发生违纪违法或重大舆情", ItemKind.DEDUCTION, 10, "通报文件", ""),
]
NOTE_TEXT = {
    Grade.ADVANCED: "班子团结有力/党员作用突出/制度落实到位/工作成效明显/群众满意度高",
    Grade.ORDINARY: "班子基本健全/党员队伍稳定/制度基本落实/完成主要任务/群众评价一般",
    Grade.LAGGING: "带头人作用发挥不够/党员老化、发展滞后/组织生活不经常/工作推进缓慢/群众意见较多",
}


def _grade(rng: random.Random, prev: str | None = None) -> str:
    if prev and rng.random() < 0.6:
        return prev
    return rng.choices([Grade.ADVANCED, Grade.ORDINARY, Grade.LAGGING], weights=[30, 55, 15])[0]


def _notes(grade: str) -> dict[str, str]:
    return {f"note_{g.value}": text for g, text in zip(Good, NOTE_TEXT[grade].split("/"))}


def _sheet(county: Organization, actor: User | None) -> tuple[ScoreSheet, list[SheetItem]]:
    w = rules.default_weights()
    sheet = ScoreSheet.objects.create(
        organization=county, year=YEAR, name=f"{YEAR}年度基层党组织达标创优评分表", version=1,
        status=SheetStatus.PUBLISHED, weight_self=w[0], weight_public=w[1], weight_org=w[2],
        pass_threshold=rules.default_pass_threshold(), excellent_threshold=rules.default_excellent_threshold(),
        created_by=actor, published_at=timezone.now(),
    )
    sections: dict[str, SheetSection] = {}
    items = []
    for n, (section, code, title, kind, points, hint, calc) in enumerate(ITEMS, start=1):
        if section not in sections:
            sections[section] = SheetSection.objects.create(sheet=sheet, title=section, order=len(sections) + 1)
        items.append(SheetItem(sheet=sheet, section=sections[section], order=n, code=code, title=title, kind=kind,
                               max_points=D(points), evidence_hint=hint, calculator_code=calc))
    return sheet, SheetItem.objects.bulk_create(items)


def _points(rng: random.Random, item: SheetItem, quality: float) -> Decimal:
    if item.kind == ItemKind.BONUS:
        return item.max_points if rng.random() < 0.1 * quality else D(0)
    if item.kind == ItemKind.DEDUCTION:
        return D(rng.choice([2, 5])) if rng.random() < 0.08 / quality else D(0)
    share = min(1.0, max(0.3, rng.gauss(quality, 0.08)))
    return rules.round2(item.max_points * D(str(round(share, 2))))


def _seed_county(county: Organization, rng: random.Random, users: dict[str, User | None]) -> dict[str, int]:
    branches = list(Organization.objects.under(county).filter(kind__in=BRANCH_KINDS, status="active").order_by("path"))
    now = timezone.now()
    # grades of 2024 (confirmed) and 2025 (mostly confirmed) → history of moving up and slipping
    gradings, grade_2025 = [], {}
    for b in branches:
        g24 = _grade(rng)
        g25 = _grade(rng, g24)
        grade_2025[b.pk] = g25
        gradings.append(Grading(organization=b, year=YEAR - 1, grade=g24, status=GradingStatus.CONFIRMED,
                                confirmed_at=now, proposed_by=users["township"], confirmed_by=users["county"], **_notes(g24)))
        confirmed = rng.random() < 0.85
        gradings.append(Grading(organization=b, year=YEAR, grade=g25, proposed_by=users["township"],
                                status=GradingStatus.CONFIRMED if confirmed else GradingStatus.PROPOSED,
                                confirmed_at=now if confirmed else None, confirmed_by=users["county"] if confirmed else None,
                                **_notes(g25)))
    Grading.objects.bulk_create(gradings, batch_size=2000)

    sheet, items = _sheet(county, users["county"])
    marks = rules.full_marks((i.kind, i.max_points) for i in items)
    quality_of = {Grade.ADVANCED: 0.93, Grade.ORDINARY: 0.84, Grade.LAGGING: 0.68}
    admitted: dict[int, list[Member]] = {}
    for m in Member.objects.filter(organization__in=branches, join_date__year=YEAR).order_by("pk"):
        admitted.setdefault(m.organization_id, []).append(m)
    member_ct = ContentType.objects.get_for_model(Member)
    reviews, plans = [], []
    for b in branches:
        step = rng.choices([Step.DONE, Step.ORG, Step.PUBLIC, Step.SELF], weights=[70, 10, 10, 10])[0]
        reviews.append(Review(sheet=sheet, organization=b, step=Step.SELF))
        plans.append((b, step, quality_of[grade_2025[b.pk]]))
    Review.objects.bulk_create(reviews, batch_size=2000)
    scores, ratings, evidence = [], [], []
    reviewers = [u for u in (users["township"], users["county"]) if u is not None]
    for review, (b, step, quality) in zip(reviews, plans):
        self_rows = [(i, _points(rng, i, quality + 0.03)) for i in items]
        scores += [ItemScore(review=review, item=i, step=ScoreStep.SELF, points=p, scorer=users["secretary"],
                             computed_points=p if i.calculator_code.startswith("members.") else None,
                             computed_detail="按党员名册计算" if i.calculator_code.startswith("members.") else "")
                   for i, p in self_rows]
        for m in admitted.get(b.pk, []):
            evidence.append(Evidence(review=review, item=items[3], content_type=member_ct, object_id=str(m.pk),
                                     label=f"发展党员：{m.name}", is_computed=True))
        evidence.append(Evidence(review=review, item=items[4], label="村级集体经济收支台账（纸质，存乡镇党建办）"))
        if step == Step.SELF:
            continue
        review.self_score = rules.on_hundred(rules.raw_total((i.kind, p) for i, p in self_rows), marks)
        review.self_submitted_at = now
        n = rng.randint(20, 60)
        unsat = int(n * max(0.0, rng.gauss(1.0 - quality, 0.05)))
        basic = int((n - unsat) * rng.uniform(0.1, 0.35))
        groups = [(RespondentGroup.MEMBERS, 0.4), (RespondentGroup.RESIDENTS, 0.6)]
        counts = [(g, round((n - unsat - basic) * s), round(basic * s), round(unsat * s)) for g, s in groups]
        ratings += [PublicRating(review=review, group=g, satisfied=a, basically_satisfied=c, unsatisfied=u,
                                 entered_by=users["township"]) for g, a, c, u in counts]
        if step == Step.PUBLIC:
            continue
        review.public_score = rules.public_score(sum(c[1] for c in counts), sum(c[2] for c in counts),
                                                   sum(c[3] for c in counts), rules.basic_satisfied_credit())
        review.public_closed_at = now
        totals = []
        for reviewer in reviewers[: rng.randint(1, len(reviewers))] if reviewers else []:
            rows = [(i, _points(rng, i, quality)) for i in items]
            scores += [ItemScore(review=review, item=i, step=ScoreStep.ORG, scorer=reviewer, points=p) for i, p in rows]
            totals.append(rules.on_hundred(rules.raw_total((i.kind, p) for i, p in rows), marks))
        if step == Step.ORG or not totals:
            review.step = Step.ORG
            continue
        review.org_score = rules.mean(totals)
        review.final_score = rules.weighted_final((review.self_score, review.public_score, review.org_score),
                                                    (sheet.weight_self, sheet.weight_public, sheet.weight_org))
        review.result = rules.result_for(review.final_score, sheet.pass_threshold, sheet.excellent_threshold)
        review.step, review.finalized_at, review.finalized_by = Step.DONE, now, users["county"]
    for review, (_, step, _) in zip(reviews, plans):
        review.step = step if step != Step.DONE or review.final_score is not None else Step.ORG
    Review.objects.bulk_update(reviews, ["step", "self_score", "public_score", "org_score", "final_score", "result",
                                         "self_submitted_at", "public_closed_at", "finalized_at", "finalized_by"],
                               batch_size=1000)
    ItemScore.objects.bulk_create(scores, batch_size=5000)
    PublicRating.objects.bulk_create(ratings, batch_size=5000)
    Evidence.objects.bulk_create(evidence, batch_size=5000)
    rounds = _seed_democratic(branches, rng, users)
    return {"branches": len(branches), "reviews": len(reviews), "rounds": rounds}


def _seed_democratic(branches: list[Organization], rng: random.Random, users: dict[str, User | None]) -> int:
    """The 2025 democratic review, decided, for branches with members on the roll."""
    by_branch: dict[int, list[Member]] = {}
    for m in Member.objects.filter(organization__in=branches, status__in=ACTIVE_STATUSES).order_by("pk"):
        by_branch.setdefault(m.organization_id, []).append(m)
    cap = rules.excellent_cap_percent()
    rounds = [MemberReviewRound(organization_id=org_id, year=YEAR, status=RoundStatus.DECIDED, excellent_cap_percent=cap,
                                meeting_date=datetime.date(YEAR, 12, rng.randint(10, 28)), created_by=users["secretary"])
              for org_id in by_branch]
    MemberReviewRound.objects.bulk_create(rounds, batch_size=2000)
    rows = []
    for rnd in rounds:
        members = by_branch[rnd.organization_id]
        n = len(members)
        max_excellent = int(cap * n / 100)
        for idx, m in enumerate(members):
            grade = MemberGrade.EXCELLENT if idx < max_excellent and rng.random() < 0.7 else (
                MemberGrade.BASIC if rng.random() < 0.04 else MemberGrade.QUALIFIED)
            if n >= 15 and idx == n - 1 and rng.random() < 0.2:
                grade = MemberGrade.UNQUALIFIED
            unqualified = grade == MemberGrade.UNQUALIFIED
            rows.append(MemberRating(
                round=rnd, member=m, self_assessment="按照党员标准对照检查，认真履行党员义务。",
                mutual_qualified=max(0, n - 2), mutual_excellent=1 if grade == MemberGrade.EXCELLENT else 0,
                proposal=grade, decision=grade, votes_for=max(1, n - 2), votes_against=1 if n > 3 else 0, votes_abstain=1 if n > 3 else 0,
                stars=5 if grade == MemberGrade.EXCELLENT else (4 if grade == MemberGrade.QUALIFIED else None),
                handling=Handling.CORRECTION if unqualified else "",
                handling_note="限期三个月改正，由支部书记谈心谈话" if unqualified else "",
                followup_due=datetime.date(YEAR + 1, 3, 31) if unqualified else None,
            ))
    MemberRating.objects.bulk_create(rows, batch_size=5000)
    return len(rounds)


def seed(*, scale: str, rng_seed: int, stdout: Any) -> None:
    users = {key: User.objects.filter(username=name).first()
             for key, name in (("county", "county"), ("township", "township1"), ("secretary", "secretary1"))}
    counties = Organization.objects.filter(kind=Kind.COUNTY, code__startswith="DEMO-C").order_by("code")
    for index, county in enumerate(counties):
        if ScoreSheet.objects.filter(organization=county, year=YEAR).exists():
            stdout.write(f"考评：{county.name}已有{YEAR}年考评数据，跳过。")
            continue
        with transaction.atomic():
            stats = _seed_county(county, random.Random(rng_seed * 1000 + index), users)
        stdout.write(f"考评：{county.name} 分类定级{stats['branches']}个支部（2年），达标创优考评{stats['reviews']}个，"
                     f"民主评议党员{stats['rounds']}个支部。")
