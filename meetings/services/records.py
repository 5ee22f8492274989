"""Writes of organizational life records. Each is keyword-only, runs in one transaction,
validates with Chinese messages and leaves an audit row. Authorization inside: the record's
organization must be in the actor's change scope (`core.scoping.authorize`). Evidence uploads:
images and PDF only, checked by their content (core.files), at most
JICENG_MEETINGS_MAX_UPLOAD_MB each."""

from __future__ import annotations

import datetime
from typing import Any, Iterable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Case, DateField, Exists, F, OuterRef, Q, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from core import files
from core.files import stored_name
from core.scoping import authorize
from members.choices import ACTIVE_STATUSES, MemberStatus, TransferKind, TransferStatus
from members.models import Member, Transfer
from organizations.models import Organization
from organizations.rules import BRANCH_KINDS, Kind

from ..choices import FileKind, Mark, MeetingStatus, Target
from ..models import Attendance, Meeting, MeetingFile, MeetingType

DETAIL_FIELDS = ("held_on", "start_time", "place", "topic", "host", "recorder", "speaker", "minutes", "decisions")
AUDIT_FIELDS = ("organization_id", "meeting_type_id", "status", "version", "previous_id", "correction_reason",
                *DETAIL_FIELDS)

# (member id, mark, reason)
Marks = Sequence[tuple[int, str, str]]
# (upload, kind)
Uploads = Sequence[tuple[UploadedFile, str]]


def max_upload_bytes() -> int:
    return settings.JICENG_MEETINGS_MAX_UPLOAD_MB * 1024 * 1024


def check_upload(upload: UploadedFile) -> files.FileType:
    """Validate one evidence upload; return its type or raise a Chinese ValidationError."""
    return files.check_upload(upload, max_bytes=max_upload_bytes())


def roll_for(organization: Organization, on: datetime.date | None = None) -> list[Member]:
    """The members expected at a meeting of `organization` held on `on` (default today):
    the roll at that date. Members who joined the Party after it, or arrived here by a
    transfer confirmed after it, are not expected; members who left this branch by a
    transfer after it are (branch meetings only). Arrival/departure day: the confirmation
    day of an internal transfer, the letter date of one to or from outside the system.

    Approximation: party group membership has no history, so a group's roll is its current
    members (filtered by those dates); deaths and expulsions carry no date, so such members
    are never expected."""
    on = on or timezone.localdate()
    moved_on = Case(When(kind=TransferKind.INTERNAL, then=TruncDate("confirmed_at")), default=F("letter_date"),
                    output_field=DateField())
    moves = Transfer.objects.annotate(moved_on=moved_on).filter(member=OuterRef("pk"), moved_on__gt=on)
    branch = organization.get_parent() if organization.kind == Kind.PARTY_GROUP else organization
    arrived_later = moves.filter(to_org=branch, status=TransferStatus.CONFIRMED)
    if organization.kind == Kind.PARTY_GROUP:
        here = Q(status__in=ACTIVE_STATUSES, party_group=organization)
    else:
        left_later = moves.filter(from_org=organization).exclude(status=TransferStatus.CANCELLED).exclude(
            kind=TransferKind.INTERNAL, status__in=(TransferStatus.PENDING, TransferStatus.EXPIRED))
        here = Q(status__in=ACTIVE_STATUSES, organization=organization) | (
            Exists(left_later) & Q(status__in=(*ACTIVE_STATUSES, MemberStatus.TRANSFERRED_OUT)))
    qs = Member.objects.filter(here, join_date__lte=on).exclude(Exists(arrived_later))
    return list(qs.order_by("name", "id"))


def _check_organization(organization: Organization, meeting_type: MeetingType) -> None:
    if organization.kind not in (*BRANCH_KINDS, Kind.PARTY_GROUP):
        raise ValidationError({"organization": "只有党支部和党小组录入组织生活记录。"})
    if not organization.is_active:
        raise ValidationError({"organization": f"“{organization.name}”已撤销，不能录入会议记录。"})
    wants_group = meeting_type.target == Target.PARTY_GROUP
    if wants_group != (organization.kind == Kind.PARTY_GROUP):
        where = "党小组" if wants_group else "党支部"
        raise ValidationError({"meeting_type": f"“{meeting_type.name}”应以{where}名义录入。"})


def _check_details(details: dict[str, Any], today: datetime.date) -> None:
    held_on = details.get("held_on")
    if held_on is None:
        raise ValidationError({"held_on": "请填写召开日期。"})
    if held_on > today:
        raise ValidationError({"held_on": "召开日期不能晚于今天，请在会议召开后录入。"})
    if not (details.get("topic") or "").strip():
        raise ValidationError({"topic": "请填写会议主题。"})


def _write_attendance(meeting: Meeting, marks: Marks | None) -> None:
    """The marks of the roll at the meeting date. A mark for a member on today's roll who
    was not yet (or no longer) here on that day is dropped: they were not expected."""
    roll = {m.pk for m in roll_for(meeting.organization, meeting.held_on)}
    if marks is not None:
        now = {m.pk for m in roll_for(meeting.organization)}
        marks = [m for m in marks if m[0] in roll or m[0] not in now]
    if marks is None:
        rows = [Attendance(meeting=meeting, member_id=pk, mark=Mark.PRESENT) for pk in sorted(roll)]
    else:
        seen: set[int] = set()
        rows = []
        for member_id, mark, reason in marks:
            if member_id not in roll:
                raise ValidationError({"attendance": "出席名单中有不属于本组织的党员，请刷新页面后重试。"})
            if member_id in seen:
                raise ValidationError({"attendance": "同一党员在出席名单中出现了两次。"})
            if mark not in Mark.values:
                raise ValidationError({"attendance": f"未知的出席情况“{mark}”。"})
            seen.add(member_id)
            rows.append(Attendance(meeting=meeting, member_id=member_id, mark=mark, reason=(reason or "").strip()[:100]))
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(rows)


def _store_files(meeting: Meeting, uploads: Uploads, actor: Any) -> list[MeetingFile]:
    stored = []
    for upload, kind in uploads:
        file_type = check_upload(upload)
        row = MeetingFile(meeting=meeting, kind=kind if kind in FileKind.values else FileKind.PHOTO,
                          original_name=(upload.name or "")[:200], content_type=file_type.content_type,
                          size=upload.size or 0, uploaded_by=actor)
        row.file.save(stored_name(file_type), upload, save=False)  # a random name: core.files
        row.save()
        stored.append(row)
    return stored


def check_uploads(uploads: Uploads) -> None:
    """Refuse the whole request before anything is written when one file is bad."""
    errors = []
    for upload, _kind in uploads:
        try:
            check_upload(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})


@transaction.atomic
def meeting_record(
    *, organization: Organization, meeting_type: MeetingType, actor: Any, attendance: Marks | None = None,
    uploads: Uploads = (), submit: bool = False, today: datetime.date | None = None, **details: Any,
) -> Meeting:
    """Record a meeting with its attendance (None = the whole roll present) and evidence,
    as a draft or submitted at once."""
    authorize(actor, organization)
    today = today or timezone.localdate()
    _check_organization(organization, meeting_type)
    _check_details(details, today)
    check_uploads(uploads)
    meeting = Meeting(organization=organization, meeting_type=meeting_type, created_by=actor,
                      **{k: v for k, v in details.items() if k in DETAIL_FIELDS})
    if submit:
        meeting.status, meeting.submitted_at = MeetingStatus.SUBMITTED, timezone.now()
    meeting.save()
    _write_attendance(meeting, attendance)
    _store_files(meeting, uploads, actor)
    audit_record(action=AuditAction.CREATE, obj=meeting, actor=actor, changes=snapshot(meeting, AUDIT_FIELDS),
                 extra={"attendance": _mark_counts(meeting), "files": len(uploads)})
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, actor: Any, attendance: Marks | None = None, uploads: Uploads = (),
    submit: bool = False, today: datetime.date | None = None, **details: Any,
) -> Meeting:
    """Change a draft (and optionally submit it). A submitted record is locked."""
    authorize(actor, meeting)
    meeting = Meeting.objects.select_for_update().select_related("organization", "meeting_type").get(pk=meeting.pk)
    if meeting.is_locked:
        raise ValidationError("该记录已提交，不能直接修改；如需更正，请提交更正版本并说明原因。")
    today = today or timezone.localdate()
    merged = {**{k: getattr(meeting, k) for k in DETAIL_FIELDS}, **details}
    _check_details(merged, today)
    check_uploads(uploads)
    before = snapshot(meeting, AUDIT_FIELDS)
    for k in DETAIL_FIELDS:
        setattr(meeting, k, merged[k])
    if submit:
        meeting.status, meeting.submitted_at = MeetingStatus.SUBMITTED, timezone.now()
    meeting.save()
    if attendance is not None:
        _write_attendance(meeting, attendance)
    _store_files(meeting, uploads, actor)
    audit_record(action=AuditAction.UPDATE, obj=meeting, actor=actor,
                 changes=diff(before, snapshot(meeting, AUDIT_FIELDS)), extra={"files": len(uploads)})
    return meeting


@transaction.atomic
def meeting_submit(*, meeting: Meeting, actor: Any) -> Meeting:
    """Submit a draft: from now on it counts for compliance and is locked."""
    return meeting_update(meeting=meeting, actor=actor, submit=True)


@transaction.atomic
def meeting_correct(
    *, meeting: Meeting, actor: Any, reason: str, attendance: Marks | None = None, uploads: Uploads = (),
    today: datetime.date | None = None, **details: Any,
) -> Meeting:
    """Correct a submitted record: a new submitted version with a reason; the old one is
    kept, superseded, and no longer counts. Evidence is carried over."""
    authorize(actor, meeting)
    old = Meeting.objects.select_for_update().select_related("organization", "meeting_type").get(pk=meeting.pk)
    if old.status != MeetingStatus.SUBMITTED:
        raise ValidationError("只有已提交的最新版本可以更正；草稿请直接修改。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"correction_reason": "请说明更正原因。"})
    today = today or timezone.localdate()
    merged = {**{k: getattr(old, k) for k in DETAIL_FIELDS}, **details}
    _check_details(merged, today)
    check_uploads(uploads)
    old.status = MeetingStatus.SUPERSEDED
    old.save(update_fields=["status", "updated_at"])
    new = Meeting.objects.create(
        organization=old.organization, meeting_type=old.meeting_type, created_by=actor, previous=old,
        version=old.version + 1, correction_reason=reason[:200], status=MeetingStatus.SUBMITTED,
        submitted_at=timezone.now(), **merged)
    if attendance is None:
        Attendance.objects.bulk_create([Attendance(meeting=new, member_id=a.member_id, mark=a.mark, reason=a.reason)
                                        for a in old.attendances.all()])
    else:
        _write_attendance(new, attendance)
    MeetingFile.objects.bulk_create([
        MeetingFile(meeting=new, kind=f.kind, file=f.file.name, original_name=f.original_name,
                    content_type=f.content_type, size=f.size, uploaded_by=f.uploaded_by)
        for f in old.files.all()])
    _store_files(new, uploads, actor)
    audit_record(action=AuditAction.UPDATE, obj=new, actor=actor,
                 changes=diff(snapshot(old, AUDIT_FIELDS), snapshot(new, AUDIT_FIELDS)),
                 extra={"correction_of": old.pk, "reason": reason})
    return new


@transaction.atomic
def meeting_delete_draft(*, meeting: Meeting, actor: Any) -> None:
    """Discard a draft. Submitted records are never deleted."""
    authorize(actor, meeting)
    if meeting.is_locked:
        raise ValidationError("已提交的记录不能删除。")
    audit_record(action=AuditAction.DELETE, obj=meeting, actor=actor, changes=snapshot(meeting, AUDIT_FIELDS))
    for f in meeting.files.all():
        f.file.delete(save=False)
    meeting.delete()


def _mark_counts(meeting: Meeting) -> dict[str, int]:
    counts = dict.fromkeys(Mark.values, 0)
    for mark in Attendance.objects.filter(meeting=meeting).values_list("mark", flat=True):
        counts[mark] += 1
    return counts


def parse_marks(items: Iterable[dict[str, Any]]) -> list[tuple[int, str, str]]:
    """[(member, mark, reason)] from API/form dicts."""
    return [(int(i.get("member_id", i.get("member"))), str(i.get("mark") or Mark.PRESENT), str(i.get("reason") or "")) for i in items]
