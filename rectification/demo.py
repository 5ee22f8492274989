"""Demo data for `manage.py seed_demo`: for each county root, the current year's list with
about 5% of its branches, in every state, and one organization carried over from last year.

Deterministic (a generator seeded from `rng_seed` and the county's path) and idempotent
(a county whose current year exists is left alone). Written through the services with the
system as actor (actor=None), so every step has its audit row like a real one.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind, Status

from . import candidates as sources
from . import services
from .models import ProblemCategory, RectificationYear

PDF = b"%PDF-1.4\n% demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHARE = 0.05  # about 5% of the branches are listed
# The states every demo county shows, in order; the rest of the listed ones are "in progress".
STATES = ["draft", "in_progress", "proposed_closed", "closed", "acceptance_proposed", "accepted", "consolidated"]
PROBLEMS = {
    "village": ("weak_leader", "村党支部书记带富能力不强，班子凝聚力弱", "选派第一书记驻村，调整充实支部班子"),
    "community": ("irregular_meetings", "三会一课不经常，组织生活记录缺失", "制定年度组织生活计划，按月报备纪实"),
    "other": ("empty_shell", "党支部长期不开展活动", "明确专人负责，每月开展主题党日"),
}
PEOPLE = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨勇", "赵磊", "黄丽", "周强", "吴敏"]


def _file() -> SimpleUploadedFile:
    return SimpleUploadedFile("会议记录.pdf", PDF, content_type="application/pdf")


def _ledger(entry: Any, rng: random.Random, today: datetime.date, categories: dict[str, ProblemCategory]) -> Any:
    group = entry.organization.field if entry.organization.field in ("village", "community") else "other"
    code, problem_text, measure_text = PROBLEMS[group]
    # a shared category a county officer has since deactivated: any other active one will do
    category = categories.get(code) or next(iter(categories.values()))
    problem = services.problem_add(entry=entry, category=category, description=problem_text, actor=None)
    person = rng.choice(PEOPLE)
    deadline = today + datetime.timedelta(days=rng.randint(-20, 90))
    measure = services.measure_add(problem=problem, description=measure_text, responsible_person=person,
                                   deadline=deadline, actor=None)
    services.leader_add(entry=entry, role="township_secretary", name=rng.choice(PEOPLE), position="镇党委书记",
                        start_on=entry.listed_on or today, actor=None)
    return measure


def _advance(measure: Any, state: str, today: datetime.date) -> None:
    """Take a draft measure (and its organization) to the demo state."""
    if state == "draft":
        return
    services.measure_transition(measure=measure, action="start", actor=None)
    if state == "in_progress":
        return
    services.progress_add(measure=measure, on=today, content="已按计划完成整改，材料已归档", files=[_file()], actor=None)
    services.measure_transition(measure=measure, action="propose_close", actor=None, public_ack="经党员群众代表会议评议认可")
    if state == "proposed_closed":
        return
    services.measure_transition(measure=measure, action="close", actor=None, on=today)
    if state == "closed":
        return
    entry = measure.rectification
    services.rectification_transition(entry=entry, action="propose_acceptance", actor=None, on=today)
    if state == "acceptance_proposed":
        return
    services.rectification_transition(entry=entry, action="accept", actor=None, on=today - datetime.timedelta(days=30))
    if state == "consolidated":
        services.rectification_transition(entry=entry, action="recheck_pass", actor=None, on=today)


def _seed_county(county: Organization, rng: random.Random, today: datetime.date) -> int:
    categories = {c.code: c for c in ProblemCategory.objects.filter(county__isnull=True, is_active=True).order_by("sort_order", "id")}
    branches = list(Organization.objects.filter(path__startswith=county.path, kind__in=BRANCH_KINDS,
                                                status=Status.ACTIVE).order_by("path"))
    if len(branches) < len(STATES) + 1:
        return 0
    count = max(len(STATES) + 1, round(len(branches) * SHARE))
    chosen = rng.sample(branches, count)
    carried, listed = chosen[0], chosen[1:]

    # Last year: one organization still not accepted at the year's end.
    last = RectificationYear.objects.filter(county=county, year=today.year - 1).first() or services.year_open(
        county=county, year=today.year - 1, actor=None)
    old = services.candidate_propose(year=last, organization=carried, reason="上年排查发现组织生活不经常", actor=None)
    services.year_confirm(year=last, listed=[old.pk], actor=None, on=datetime.date(today.year - 1, 3, 1))
    old.refresh_from_db()
    measure = _ledger(old, rng, datetime.date(today.year - 1, 3, 1), categories)
    services.measure_transition(measure=measure, action="start", actor=None)

    year = services.year_open(county=county, year=today.year, actor=None)
    # the carry-over source names last year's organization
    services.candidates_draw(year=year, actor=None, keys=[sources.CARRY_OVER.key])
    for org in listed:
        services.candidate_propose(year=year, organization=org, reason="乡镇排查：" + rng.choice(
            ["书记长期外出，组织生活不经常", "班子不团结，群众反映强烈", "党员长期未发展", "活动不正常"]), actor=None)
    entries = {e.organization_id: e for e in year.entries.all()}
    services.year_confirm(year=year, listed=[e.pk for e in entries.values()], actor=None,
                          on=today - datetime.timedelta(days=60))
    for i, org in enumerate(listed):
        entry = year.entries.get(organization=org)
        measure = _ledger(entry, rng, today, categories)
        _advance(measure, STATES[i] if i < len(STATES) else "in_progress", today)
    # new candidates waiting for the county's confirmation (dynamic management): one proposed
    # by its township, and those the records name (meetings gaps, vacancies, assessments …)
    spare = [b for b in branches if b not in chosen]
    if spare:
        services.candidate_propose(year=year, organization=rng.choice(spare), reason="新发现：支部书记空缺", actor=None)
    services.candidates_draw(year=year, actor=None)
    return count


def seed(*, scale: str, rng_seed: int, stdout: Any) -> None:
    today = datetime.date.today()
    total = 0
    for county in Organization.objects.filter(kind=Kind.COUNTY, depth=1).order_by("path"):
        if RectificationYear.objects.filter(county=county, year=today.year).exists():
            continue
        rng = random.Random(f"{rng_seed}-{county.path}-rectification")
        with transaction.atomic():
            total += _seed_county(county, rng, today)
    stdout.write(f"软弱涣散整顿：新列入 {total} 个组织。" if total else "软弱涣散整顿：演示数据已存在，未重复生成。")
