"""Writes of the development pipeline. Each checks the actor's change scope on the branch or
the record, validates (Chinese messages), runs in one transaction and leaves an audit row;
personal data enters the trail masked only.

On approval as a probationary member the person is put on the roll through
`members.services.member.member_create` (its validation, encryption and audit apply); on
approval of full membership the roll record changes through `member_update`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.scope import is_in_scope, scope_paths
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from core.scoping import authorize
from members.choices import Category
from members.crypto import blind_index, old_blind_indexes
from members.idcard import id_birth_date, id_error, id_sex, normalize_id, normalize_phone
from members.rules import NEUTRAL_ID_REFUSAL
from members.services.member import check_branch, member_create, member_update, person_audit_snapshot
from organizations.models import Organization
from reminders.services import cancel_pending

from .choices import Stage, StepKind
from .models import Applicant, DevelopmentPlan, Step
from .rules import (
    HIGHER_COMMITTEE_STEPS,
    OPEN_STAGES,
    STAGE_AFTER,
    Limits,
    StepInput,
    age_on,
    next_due,
    probation_end,
    step_errors,
)

REMINDER_KIND = "development.limit"
# the birth date goes in as its year only: beside the masked ID it would fill in the mask
PLAIN_AUDIT_FIELDS = ("name", "sex", "ethnicity", "education", "occupation", "stage", "applied_on",
                      "organization_id", "member_id", "stopped_reason")


def applicant_audit_snapshot(applicant: Applicant) -> dict[str, Any]:
    return person_audit_snapshot(applicant, PLAIN_AUDIT_FIELDS)


def _done(applicant: Applicant) -> tuple[dict[str, datetime.date], int]:
    """({kind: date} of the steps on file, months of probation extension)."""
    done: dict[str, datetime.date] = {}
    extension = 0
    for kind, day, months in applicant.steps.order_by("date", "id").values_list("kind", "date", "months"):
        done.setdefault(kind, day)
        if kind == StepKind.EXTENSION:
            extension = months or 0
    return done, extension


def _refresh_due(applicant: Applicant, done: dict[str, datetime.date], extension: int) -> None:
    kind, day = next_due(stage=applicant.stage, done=done, extension_months=extension, limits=Limits.current())
    if (kind, day) != (applicant.next_due_kind, applicant.next_due_on):
        cancel_pending(kind=REMINDER_KIND, subject_key=f"dev:{applicant.pk}")
    applicant.next_due_kind, applicant.next_due_on = kind, day


@transaction.atomic
def applicant_create(*, organization: Organization, actor: Any, name: str, id_number: str, applied_on: datetime.date,
                     phone: str = "", ethnicity: str = "01", education: str = "", occupation: str = "",
                     today: datetime.date | None = None) -> Applicant:
    """Record an application for membership 入党申请 in a branch (the first step)."""
    authorize(actor, organization)
    today = today or datetime.date.today()
    check_branch(organization)
    limits = Limits.current()
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "请填写姓名。"
    number = normalize_id(id_number or "")
    message = id_error(number) if number else "请填写公民身份号码。"
    if message:
        errors["id_number"] = message
    phone, phone_error = normalize_phone(phone or "")
    if phone_error:
        errors["phone"] = phone_error
    if applied_on > today:
        errors["applied_on"] = "申请日期不能晚于今天。"
    born = id_birth_date(number) if not message else None
    if born and age_on(born, applied_on) < limits.min_age:
        # 章程第一条: 年满十八岁的中国公民
        errors["applied_on"] = f"申请入党时应年满{limits.min_age}周岁（申请日{age_on(born, applied_on)}周岁）。"
    if errors:
        raise ValidationError(errors)
    old = old_blind_indexes(number)
    # during a key rotation the constraint cannot see an open record still indexed under an old key
    if old and Applicant.objects.filter(stage__in=OPEN_STAGES, id_number_index__in=old).exists():
        raise ValidationError({"id_number": _duplicate_message(actor, old)})
    applicant = Applicant(
        organization=organization, name=name.strip(), sex=id_sex(number), birth_date=born, id_number=number,
        id_number_index=blind_index(number), phone=phone, ethnicity=ethnicity, education=education,
        occupation=occupation, applied_on=applied_on, stage_since=applied_on,
    )
    try:
        with transaction.atomic():
            applicant.save()
    except IntegrityError as exc:
        raise ValidationError({"id_number": _duplicate_message(actor, [applicant.id_number_index])}) from exc
    Step.objects.create(applicant=applicant, kind=StepKind.APPLICATION, date=applied_on, recorded_by=_user(actor))
    _refresh_due(applicant, {StepKind.APPLICATION: applied_on}, 0)
    applicant.save(update_fields=["next_due_kind", "next_due_on"])
    audit_record(action=AuditAction.CREATE, obj=applicant, actor=actor,
                 changes=diff({}, applicant_audit_snapshot(applicant)))
    return applicant


def _duplicate_message(actor: Any, indexes: list[str]) -> str:
    """An open application under the same ID number: named as such inside the actor's scope,
    refused neutrally outside it (whether someone applied elsewhere is not the actor's to know)."""
    path = (Applicant.objects.filter(stage__in=OPEN_STAGES, id_number_index__in=indexes)
            .values_list("organization__path", flat=True).first())
    if path is not None and actor is not None and is_in_scope(actor, path):
        return "此人已在发展党员流程中。"
    return NEUTRAL_ID_REFUSAL


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_higher_committee(applicant: Applicant, actor: Any) -> None:
    """审批 is the act of the higher committee: the actor must hold a write role on an
    organization above the branch (township or county), not only on the branch."""
    if actor is None:  # system seeding
        return
    branch_path = applicant.organization.path
    if not any(branch_path.startswith(p) and len(p) < len(branch_path) for p in scope_paths(actor, "change")):
        raise PermissionDenied("审批须由上级党委（乡镇党委或县委组织部）登记。")


@transaction.atomic
def step_record(*, applicant: Applicant, actor: Any, kind: str, date: datetime.date,
                start_date: datetime.date | None = None, hours: int | None = None, months: int | None = None,
                is_special: bool = False, people: str = "", document: str = "", note: str = "",
                today: datetime.date | None = None) -> Step:
    """Record one step of the procedure, refusing dates out of order or outside the limits.
    Approval puts the person on the roll as a probationary member; approval of full
    membership changes the roll record's category."""
    authorize(actor, applicant)
    today = today or datetime.date.today()
    applicant = Applicant.objects.select_for_update().select_related("organization").get(pk=applicant.pk)
    if kind not in StepKind.values:
        raise ValidationError({"kind": "未知的发展环节。"})
    if kind == StepKind.APPLICATION:
        raise ValidationError({"kind": "入党申请在新建档案时登记。"})
    if kind in HIGHER_COMMITTEE_STEPS:
        _check_higher_committee(applicant, actor)
    if kind == StepKind.APPROVAL and is_special and not note.strip():
        raise ValidationError({"note": "特殊情况延长审批时限，须说明原因。"})
    limits = Limits.current()
    done, extension = _done(applicant)
    step_in = StepInput(kind=kind, date=date, start_date=start_date, hours=hours, months=months, is_special=is_special)
    errors = step_errors(step=step_in, done=done, stage=applicant.stage, limits=limits, today=today,
                         extension_months=extension)
    if errors:
        raise ValidationError(errors)
    step = Step.objects.create(
        applicant=applicant, kind=kind, date=date, start_date=start_date, hours=hours, months=months,
        is_special=is_special, people=people, document=document, note=note, recorded_by=_user(actor),
    )
    done.setdefault(kind, date)
    if kind == StepKind.EXTENSION:
        extension = months or 0
    before = applicant_audit_snapshot(applicant)
    new_stage = STAGE_AFTER.get(kind)
    if new_stage:
        applicant.stage, applicant.stage_since = new_stage, date
    if kind == StepKind.APPROVAL:
        applicant.member = _put_on_roll(applicant, actor, joined=done[StepKind.BRANCH_MEETING])
    elif kind == StepKind.FULL_APPROVAL:
        end = probation_end(done[StepKind.BRANCH_MEETING], extension, limits)
        member_update(member=applicant.member, actor=actor, category=Category.FULL, full_member_date=end)
    _refresh_due(applicant, done, extension)
    applicant.save()
    audit_record(action=AuditAction.CREATE, obj=step, actor=actor,
                 changes=snapshot(step, ["kind", "date", "start_date", "hours", "months", "is_special", "document"]),
                 extra={"applicant": applicant.pk, "stage": diff(before, applicant_audit_snapshot(applicant))})
    return step


def _put_on_roll(applicant: Applicant, actor: Any, *, joined: datetime.date) -> Any:
    """章程第七条: 入党日期 is the day the branch general meeting accepted the person."""
    return member_create(
        organization=applicant.organization, actor=actor, name=applicant.name, sex=applicant.sex,
        ethnicity=applicant.ethnicity, birth_date=applicant.birth_date, id_number=applicant.id_number,
        phone=applicant.phone, education=applicant.education, occupation=applicant.occupation,
        join_date=joined, category=Category.PROBATIONARY,
        notes=f"由发展党员流程转入（档案{applicant.pk}）",
    )


@transaction.atomic
def applicant_stop(*, applicant: Applicant, actor: Any, reason: str) -> Applicant:
    """终止培养: the person leaves the pipeline before becoming a probationary member."""
    authorize(actor, applicant)
    if applicant.stage not in (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE):
        raise ValidationError("预备党员和正式党员不能终止培养；取消预备党员资格须按党章程序办理。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写终止培养的原因。"})
    before = applicant_audit_snapshot(applicant)
    applicant.stage, applicant.stopped_reason = Stage.STOPPED, reason.strip()
    applicant.stage_since = datetime.date.today()
    _refresh_due(applicant, {}, 0)
    applicant.save()
    audit_record(action=AuditAction.UPDATE, obj=applicant, actor=actor,
                 changes=diff(before, applicant_audit_snapshot(applicant)))
    return applicant


@transaction.atomic
def applicant_update(*, applicant: Applicant, actor: Any, **data: Any) -> Applicant:
    """Correct contact and background details (not the ID number, which keys the record)."""
    authorize(actor, applicant)
    allowed = {"name", "phone", "ethnicity", "education", "occupation"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(f"不能修改：{'、'.join(sorted(unknown))}。")
    before = applicant_audit_snapshot(applicant)
    if "phone" in data:
        data["phone"], message = normalize_phone(data["phone"] or "")
        if message:
            raise ValidationError({"phone": message})
    for key, value in data.items():
        setattr(applicant, key, value)
    changes = diff(before, applicant_audit_snapshot(applicant))
    if changes:
        applicant.save()
        audit_record(action=AuditAction.UPDATE, obj=applicant, actor=actor, changes=changes)
    return applicant


@transaction.atomic
def plan_set(*, organization: Organization, year: int, planned: int, actor: Any, note: str = "") -> DevelopmentPlan:
    """Set (or change) an organization's yearly development plan 发展计划."""
    authorize(actor, organization)
    if planned < 0:
        raise ValidationError({"planned": "计划人数不能为负数。"})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度不正确。"})
    plan = DevelopmentPlan.objects.filter(organization=organization, year=year).first()
    before = snapshot(plan, ["planned", "note"]) if plan else {}
    if plan is None:
        plan = DevelopmentPlan(organization=organization, year=year)
    plan.planned, plan.note = planned, note
    plan.save()
    audit_record(action=AuditAction.UPDATE if before else AuditAction.CREATE, obj=plan, actor=actor,
                 changes=diff(before, snapshot(plan, ["planned", "note"])), extra={"year": year})
    return plan

