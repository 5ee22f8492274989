"""Demo data of the pipeline for `manage.py seed_demo`: a few people in each demo branch,
at every stage, with dated steps that respect every time limit (checked against the same
rules the services use), some of them late. People approved as probationary or full
members are put on the roll.

Deterministic (one `random.Random` per branch, seeded from the seed and the branch code),
idempotent (a branch that already has records is skipped) and bulk-written: at city scale
(~4,000 branches) it writes about 8,000 records and 50,000 steps in a few bulk inserts,
with one audit row (CREATE, extra "demo") for the whole seeding instead of one per row."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction

from audit.models import AuditAction
from audit.services import audit_record
from demo import names as N
from members.choices import Category, Education
from members.crypto import blind_index
from members.idcard import id_sex, make_id
from members.models import Member
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Field
from workcalendar.selectors import add_working_days

from .choices import Stage, StepKind
from .models import Applicant, Step
from .rules import STAGE_AFTER, Limits, StepInput, add_months, next_due, probation_end, step_errors

DEMO_PREFIX = "DEMO-C"
D = datetime.date
EDUCATION_BY_FIELD = {
    Field.VILLAGE: [Education.HIGH_SCHOOL, Education.JUNIOR_HIGH, Education.COLLEGE, Education.SECONDARY_VOCATIONAL],
    Field.COMMUNITY: [Education.COLLEGE, Education.BACHELOR, Education.HIGH_SCHOOL],
}
OCCUPATION_BY_FIELD = {
    Field.VILLAGE: ["务农", "村文书", "返乡创业青年", "合作社负责人", "村医"], Field.COMMUNITY: ["社区网格员", "个体经营", "社区工作者"],
    Field.SCHOOL: ["教师"], Field.HOSPITAL: ["医生", "护士"], Field.ORGAN: ["科员"],
}


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def _timeline(rng: random.Random, applied: D, today: D, limits: Limits) -> list[tuple[str, dict[str, Any]]]:
    """A believable sequence of steps from `applied`, stopping at today."""
    steps: list[tuple[str, dict[str, Any]]] = []

    def add(kind: str, day: D, **extra: Any) -> bool:
        if day > today:
            return False
        steps.append((kind, {"date": day, **extra}))
        return True

    if rng.random() < 0.08:  # the branch has not talked to this applicant yet
        return steps
    talk = applied + _days(rng, 5, 25)
    activist = talk + _days(rng, 10, 60)
    if not (add(StepKind.TALK, talk) and add(StepKind.ACTIVIST, activist)):
        return steps
    for half in (6, 12):
        add(StepKind.OBSERVATION, add_months(activist, half) - _days(rng, 0, 10), note=f"培养联系人半年考察（第{half // 6}次）")
    if rng.random() < 0.3:  # many activists stay longer than the minimum year
        activist += _days(rng, 90, 300)
    candidate = add_months(activist, limits.activist_min_months) + _days(rng, 0, 60)
    review = candidate + _days(rng, 10, 30)
    train_start = review + _days(rng, 3, 20)
    notice_start = train_start + _days(rng, 5, 15)
    # the last day of the shortest notice by the official calendar (holidays do not count)
    notice_end = add_working_days(notice_start - datetime.timedelta(days=1), limits.notice_min_workdays)
    meeting = notice_end + _days(rng, 3, 15)
    if not (add(StepKind.CANDIDATE, candidate) and add(StepKind.POLITICAL_REVIEW, review)
            and add(StepKind.SHORT_TRAINING, train_start + datetime.timedelta(days=2), start_date=train_start, hours=24)
            and add(StepKind.PUBLIC_NOTICE, notice_end, start_date=notice_start)
            and add(StepKind.BRANCH_MEETING, meeting, document="支部党员大会会议记录")):
        return steps
    approval = meeting + _days(rng, 20, 80)
    if not (add(StepKind.APPROVAL, approval, document=f"党委批复〔{approval.year}〕{rng.randint(1, 60)}号")
            and add(StepKind.OATH, approval + _days(rng, 3, 25))):
        return steps
    end = probation_end(meeting, 0, limits)
    full_meeting = end + _days(rng, 0, 10)
    if add(StepKind.FULL_MEETING, full_meeting):
        add(StepKind.FULL_APPROVAL, full_meeting + _days(rng, 15, 60))
    return steps


class _Ids:
    """Unique, valid ID numbers for the run (sequence bumped on a clash)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, rng: random.Random, region: str, born: D, sex: str) -> str:
        seq = rng.randrange(1, 999)
        while True:
            number = make_id(region, born, seq, sex)
            if number not in self.used:
                self.used.add(number)
                return number
            seq = (seq + 2) % 1000


def _person(rng: random.Random, branch: Organization, applied: D, ids: _Ids, region: str) -> dict[str, Any]:
    age = rng.randint(19, 45) if branch.field != Field.SCHOOL else rng.randint(23, 40)
    born = applied - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    sex = "male" if rng.random() < 0.62 else "female"
    number = ids.make(rng, region, born, sex)
    given = rng.choice(N.GIVEN_CHARS) + (rng.choice(N.GIVEN_CHARS) if rng.random() < 0.7 else "")
    edu = EDUCATION_BY_FIELD.get(branch.field, [Education.BACHELOR, Education.COLLEGE, Education.POSTGRADUATE])
    return {
        "name": rng.choice(N.SURNAMES) + given, "sex": id_sex(number), "birth_date": born, "id_number": number,
        "id_number_index": blind_index(number), "phone": f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
        "education": rng.choice(edu), "occupation": rng.choice(OCCUPATION_BY_FIELD.get(branch.field, ["职员"])),
    }


def seed(*, scale: str, rng_seed: int, stdout: Any) -> None:
    today = datetime.date.today()
    limits = Limits.current()
    branches = list(Organization.objects.filter(code__startswith=DEMO_PREFIX, kind__in=BRANCH_KINDS, status="active")
                    .order_by("path"))
    seeded = set(Applicant.objects.filter(organization__in=branches).values_list("organization_id", flat=True))
    todo = [b for b in branches if b.pk not in seeded]
    if not todo:
        stdout.write("发展党员：演示数据已存在，跳过。")
        return
    ids = _Ids()
    applicants: list[Applicant] = []
    plans: list[list[tuple[str, dict[str, Any]]]] = []
    for branch in todo:
        rng = random.Random(f"{rng_seed}:development:{branch.code}")
        region = f"51{int(branch.code[6:8]) % 90 + 10:02d}01"  # a made-up county region per demo county
        many = branch.field in (Field.VILLAGE, Field.COMMUNITY, Field.SCHOOL, Field.HOSPITAL)
        for _ in range(rng.choice([0, 1, 2, 3, 4] if many else [0, 0, 1, 2])):
            applied = today - _days(rng, 10, 1500)
            person = _person(rng, branch, applied, ids, region)
            steps = _timeline(rng, applied, today, limits)
            applicants.append(Applicant(organization=branch, applied_on=applied, **person))
            plans.append(steps)
    if not applicants:  # branches that drew nobody: the same draw again, nothing to write
        stdout.write("发展党员：演示数据已存在，跳过。")
        return
    with transaction.atomic():
        members, links = _build(applicants, plans, limits, today)
        Member.objects.bulk_create(members, batch_size=2000)
        for applicant, member in links:
            applicant.member = member
        Applicant.objects.bulk_create(applicants, batch_size=2000)
        rows = [Step(applicant=a, kind=k, **data) for a, steps in zip(applicants, plans)
                for k, data in [(StepKind.APPLICATION, {"date": a.applied_on}), *steps]]
        Step.objects.bulk_create(rows, batch_size=5000)
        audit_record(action=AuditAction.CREATE, extra={"demo": "development", "applicants": len(applicants),
                                                       "steps": len(rows), "members": len(members)})
    stdout.write(f"发展党员：{len(todo)} 个党支部，新建档案 {len(applicants)} 份、环节 {len(rows)} 条、"
                 f"转入党员名册 {len(members)} 人。")


def _build(applicants: list[Applicant], plans: list[list[tuple[str, dict[str, Any]]]], limits: Limits,
           today: D) -> tuple[list[Member], list[tuple[Applicant, Member]]]:
    """Set stage and next limit of each record, checking each step with the services'
    rules; build the roll records of those approved."""
    members: list[Member] = []
    links: list[tuple[Applicant, Member]] = []
    for a, steps in zip(applicants, plans):
        done: dict[str, D] = {StepKind.APPLICATION: a.applied_on}
        a.stage, a.stage_since = Stage.APPLICANT, a.applied_on
        for kind, data in steps:
            step = StepInput(kind=kind, date=data["date"], start_date=data.get("start_date"), hours=data.get("hours"))
            errors = step_errors(step=step, done=done, stage=a.stage, limits=limits, today=today)
            if errors:  # a generator bug, never silently wrong data
                raise AssertionError(f"demo step {kind} {data}: {errors}")
            done.setdefault(kind, data["date"])
            if kind in STAGE_AFTER:
                a.stage, a.stage_since = STAGE_AFTER[kind], data["date"]
        a.next_due_kind, a.next_due_on = next_due(stage=a.stage, done=done, extension_months=0, limits=limits)
        if a.stage in (Stage.PROBATIONARY, Stage.FULL):
            meeting = done[StepKind.BRANCH_MEETING]
            full = a.stage == Stage.FULL
            member = Member(
                organization=a.organization, name=a.name, sex=a.sex, birth_date=a.birth_date, id_number=a.id_number,
                id_number_index=a.id_number_index, phone=a.phone, education=a.education, occupation=a.occupation,
                join_date=meeting, category=Category.FULL if full else Category.PROBATIONARY,
                full_member_date=probation_end(meeting, 0, limits) if full else None,
                notes="由发展党员流程转入（演示数据）",
            )
            members.append(member)
            links.append((a, member))
    return members, links
