"""The ledger 整顿台账: problems, measures, responsible leaders, progress with evidence,
and the item-by-item closing of measures (整改一个、销号一个)."""

from __future__ import annotations

import datetime
from typing import Any, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from core.files import EVIDENCE_TYPES as _FILE_TYPES
from core.files import FileType, check_upload, stored_name

from ..models import Evidence, Leader, Measure, Problem, ProblemCategory, ProgressEntry, Rectification
from ..rules import BRANCH, MEASURE_TRANSITIONS, TOWNSHIP, MeasureStatus, RectStatus
from .access import require

PROBLEM_FIELDS = ("category_id", "description", "source")
MEASURE_FIELDS = ("description", "responsible_person", "responsible_user_id", "deadline")
MEASURE_STATE_FIELDS = ("status", "public_ack", "closed_on", "closed_by_id", "last_reason")
LEADER_FIELDS = ("role", "name", "position", "phone", "start_on", "end_on")

# Evidence is images or PDF, recognised by the content of the file (core.files).
EVIDENCE_TYPES = _FILE_TYPES

# While these hold, the ledger can be written; afterwards it is frozen until sent back or relapsed.
EDITABLE_ENTRY = (RectStatus.CANDIDATE, RectStatus.LISTED)


def _check_entry_editable(entry: Rectification) -> None:
    if entry.status not in EDITABLE_ENTRY:
        raise ValidationError(f"“{entry.organization.name}”当前状态为“{entry.get_status_display()}”，台账不能修改。")


def check_evidence_file(upload: UploadedFile) -> FileType:
    """The type of an acceptable evidence file, or a ValidationError in Chinese."""
    try:
        return check_upload(upload, max_bytes=settings.RECTIFICATION_EVIDENCE_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"files": exc.messages}) from exc


def _check_category(category: ProblemCategory, entry: Rectification, changed: bool = True) -> None:
    """A ledger takes the shared categories and its own county's; a deactivated one only stays
    on the problems already recorded with it."""
    if category.county_id is not None and category.county_id != entry.year.county_id:
        raise ValidationError({"category": "该问题类别属于其他县，请选择本县或通用的问题类别。"})
    if changed and not category.is_active:
        raise ValidationError({"category": f"问题类别“{category.name}”已停用，请选择其他类别。"})


@transaction.atomic
def problem_add(*, entry: Rectification, category: ProblemCategory, description: str, actor: Any,
                source: str = "township_check") -> Problem:
    require(actor, entry.organization.path, (TOWNSHIP,), "登记问题")
    _check_entry_editable(entry)
    if not description.strip():
        raise ValidationError({"description": "请填写问题描述。"})
    _check_category(category, entry)
    problem = Problem(rectification=entry, category=category, description=description.strip(), source=source)
    problem.full_clean()
    problem.save()
    audit_record(action=AuditAction.CREATE, obj=problem, actor=actor, changes=diff({}, snapshot(problem, PROBLEM_FIELDS)))
    return problem


@transaction.atomic
def problem_update(*, problem: Problem, actor: Any, **data: Any) -> Problem:
    entry = problem.rectification
    require(actor, entry.organization.path, (TOWNSHIP,), "修改问题")
    _check_entry_editable(entry)
    before = snapshot(problem, PROBLEM_FIELDS)
    if "category" in data:
        _check_category(data["category"], entry, changed=data["category"].pk != problem.category_id)
    for key in ("category", "description", "source"):
        if key in data:
            setattr(problem, key, data[key])
    problem.full_clean()
    changes = diff(before, snapshot(problem, PROBLEM_FIELDS))
    if changes:
        problem.save()
        audit_record(action=AuditAction.UPDATE, obj=problem, actor=actor, changes=changes)
    return problem


def _check_measure(measure: Measure) -> None:
    if not measure.description.strip():
        raise ValidationError({"description": "请填写整改措施。"})
    if not measure.responsible_person.strip():
        raise ValidationError({"responsible_person": "请填写责任人。"})
    measure.full_clean(exclude=["problem", "rectification", "closed_by", "carried_from"])


@transaction.atomic
def measure_add(*, problem: Problem, description: str, responsible_person: str, deadline: datetime.date,
                actor: Any, responsible_user: Any = None) -> Measure:
    entry = problem.rectification
    require(actor, entry.organization.path, (TOWNSHIP,), "制定整改措施")
    _check_entry_editable(entry)
    measure = Measure(rectification=entry, problem=problem, description=description, deadline=deadline,
                      responsible_person=responsible_person, responsible_user=responsible_user)
    _check_measure(measure)
    measure.save()
    audit_record(action=AuditAction.CREATE, obj=measure, actor=actor, changes=diff({}, snapshot(measure, MEASURE_FIELDS)))
    return measure


@transaction.atomic
def measure_update(*, measure: Measure, actor: Any, **data: Any) -> Measure:
    """Edit a measure's text, responsible person or deadline. A closed measure is not editable."""
    measure = Measure.objects.select_for_update().select_related("rectification__organization").get(pk=measure.pk)
    entry = measure.rectification
    require(actor, entry.organization.path, (TOWNSHIP,), "修改整改措施")
    if measure.status == MeasureStatus.CLOSED:
        raise ValidationError("已销号的整改措施不能修改；确需修改的，请先“重新打开”并说明原因。")
    _check_entry_editable(entry)
    before = snapshot(measure, MEASURE_FIELDS)
    for key in ("description", "responsible_person", "responsible_user", "deadline"):
        if key in data:
            setattr(measure, key, data[key])
    _check_measure(measure)
    changes = diff(before, snapshot(measure, MEASURE_FIELDS))
    if changes:
        measure.save()
        audit_record(action=AuditAction.UPDATE, obj=measure, actor=actor, changes=changes)
    return measure


@transaction.atomic
def measure_transition(*, measure: Measure, action: str, actor: Any, reason: str = "", public_ack: str = "",
                       on: datetime.date | None = None) -> Measure:
    """Move a measure one step along MEASURE_TRANSITIONS (draft → in progress → proposed closed →
    closed, or sent back / reopened with a reason), refusing what the state or the actor does not allow."""
    step = MEASURE_TRANSITIONS.get(action)
    if step is None:
        raise ValidationError(f"未知的操作“{action}”。")
    measure = Measure.objects.select_for_update().select_related("rectification__organization", "rectification__year").get(pk=measure.pk)
    entry = measure.rectification
    require(actor, entry.organization.path, step.actors, f"对整改措施{step.label}")
    if entry.status != RectStatus.LISTED:
        raise ValidationError(f"“{entry.organization.name}”当前状态为“{entry.get_status_display()}”，整改措施不能{step.label}。")
    if measure.status not in step.sources:
        raise ValidationError(f"该整改措施当前状态为“{measure.get_status_display()}”，不能{step.label}。")
    reason, public_ack = (reason or "").strip(), (public_ack or "").strip()
    if step.needs_reason and not reason:
        raise ValidationError({"reason": f"{step.label}须说明原因。"})
    before = snapshot(measure, MEASURE_STATE_FIELDS)
    if action == "propose_close":
        if not Evidence.objects.filter(entry__measure=measure).exists():
            raise ValidationError("申请销号须先填报整改进展并上传佐证材料（图片或 PDF）。")
        if entry.year.require_public_ack and not public_ack:
            raise ValidationError({"public_ack": "本县要求群众认可一件、销号一件，请填写群众认可情况。"})
        if public_ack:
            measure.public_ack = public_ack[:500]
    elif action == "close":
        measure.closed_on = on or datetime.date.today()
        measure.closed_by = actor
    elif action in ("send_back", "reopen"):
        measure.closed_on, measure.closed_by = None, None
    if step.needs_reason:
        measure.last_reason = reason[:500]
    measure.status = step.target
    measure.save()
    audit_record(action=AuditAction.UPDATE, obj=measure, actor=actor,
                 changes=diff(before, snapshot(measure, MEASURE_STATE_FIELDS)),
                 extra={"transition": action, **({"reason": reason} if reason else {})})
    return measure


@transaction.atomic
def progress_add(*, measure: Measure, on: datetime.date, content: str, actor: Any,
                 files: Iterable[UploadedFile] = ()) -> ProgressEntry:
    """Record what was done on a measure, with evidence files (images or PDF)."""
    entry = measure.rectification
    require(actor, entry.organization.path, (TOWNSHIP, BRANCH), "填报整改进展")
    if entry.status != RectStatus.LISTED:
        raise ValidationError(f"“{entry.organization.name}”当前状态为“{entry.get_status_display()}”，不能填报进展。")
    if measure.status == MeasureStatus.CLOSED:
        raise ValidationError("该整改措施已销号，不能再填报进展。")
    if not content.strip():
        raise ValidationError({"content": "请填写工作进展。"})
    if on > datetime.date.today():
        raise ValidationError({"on": "进展日期不能晚于今天。"})
    files = list(files)
    types = [check_evidence_file(f) for f in files]
    progress = ProgressEntry.objects.create(rectification=entry, measure=measure, on=on, content=content.strip(), created_by=actor)
    names = []
    for upload, file_type in zip(files, types):
        ev = Evidence(entry=progress, original_name=(upload.name or "")[:200], content_type=file_type.content_type,
                      size=upload.size, uploaded_by=actor)
        ev.file.save(stored_name(file_type), upload, save=False)  # a random name in the private storage
        ev.save()
        names.append(ev.original_name)
    audit_record(action=AuditAction.CREATE, obj=progress, actor=actor,
                 changes={"on": [None, on.isoformat()], "content": [None, progress.content]},
                 extra={"measure": measure.pk, "files": names})
    return progress


@transaction.atomic
def leader_add(*, entry: Rectification, actor: Any, **data: Any) -> Leader:
    require(actor, entry.organization.path, (TOWNSHIP,), "设置责任领导")
    leader = Leader(rectification=entry, **{k: v for k, v in data.items() if k in LEADER_FIELDS})
    leader.full_clean()
    leader.save()
    audit_record(action=AuditAction.CREATE, obj=leader, actor=actor, changes=diff({}, snapshot(leader, LEADER_FIELDS)))
    return leader


@transaction.atomic
def leader_update(*, leader: Leader, actor: Any, **data: Any) -> Leader:
    require(actor, leader.rectification.organization.path, (TOWNSHIP,), "修改责任领导")
    before = snapshot(leader, LEADER_FIELDS)
    for key, value in data.items():
        if key in LEADER_FIELDS:
            setattr(leader, key, value)
    leader.full_clean()
    changes = diff(before, snapshot(leader, LEADER_FIELDS))
    if changes:
        leader.save()
        audit_record(action=AuditAction.UPDATE, obj=leader, actor=actor, changes=changes)
    return leader
