"""Writes about the secretaries' corps 书记队伍: first secretaries, reserve cadres,
training, yearly reviews and audits. Each validates, is atomic and audited. Authorization
inside: the organization (organizer, cadre) in the actor's change scope; reviews and audits
by the level above."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_bulk, audit_record, diff, snapshot
from core.scoping import authorize
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization

from ..models import FirstSecretary, ReserveCadre, SecretaryAudit, SecretaryReview, TrainingAttendance, TrainingCourse
from ..rules import VILLAGE_FIELDS, CadreState, review_result
from .terms import acts_for_the_level_above


def can_review_secretary(user: Any, organization: Organization) -> bool:
    """Reviews and audits of a secretary are the business of the level above: a write role
    on an organization strictly above the secretary's (a grant on the branch itself — the
    secretary's own — does not count). Members are not linked to user accounts, so "not the
    person reviewed" is enforced by refusing everyone whose write scope starts at the branch."""
    return acts_for_the_level_above(user, organization)


def _check_reviewer(user: Any, organization: Organization) -> None:
    if not can_review_secretary(user, organization):
        raise PermissionDenied("书记述职评议和任期/离任审计须由上级党组织登记，被评议（审计）的书记本人和本组织不能登记。")


def _check_active(org: Organization) -> None:
    if not org.is_active:
        raise ValidationError({"organization": f"“{org.name}”已撤销。"})


@transaction.atomic
def first_secretary_add(*, organization: Organization, actor: Any, name: str, sending_unit: str,
                        started_on: datetime.date, ended_on: datetime.date | None = None, position: str = "",
                        notes: str = "") -> FirstSecretary:
    """Record a first secretary 第一书记 sent to an organization."""
    authorize(actor, organization)
    _check_active(organization)
    if not name.strip() or not sending_unit.strip():
        raise ValidationError("请填写姓名和派出单位。")
    if ended_on is not None and ended_on <= started_on:
        raise ValidationError({"ended_on": "期满日期必须晚于派驻日期。"})
    row = FirstSecretary.objects.create(organization=organization, name=name.strip(), sending_unit=sending_unit.strip(),
                                        position=position, started_on=started_on, ended_on=ended_on, notes=notes)
    audit_record(action=AuditAction.CREATE, obj=row, actor=actor, changes=diff({}, snapshot(row)))
    return row


@transaction.atomic
def reserve_add(*, organization: Organization, actor: Any, name: str, sex: str, birth_date: datetime.date,
                education: str = "", current_job: str = "", member: Member | None = None,
                added_on: datetime.date | None = None) -> ReserveCadre:
    """Put a person in an organization's reserve pool 后备干部库 (village/community only)."""
    authorize(actor, organization)
    _check_active(organization)
    if organization.field not in VILLAGE_FIELDS:
        raise ValidationError({"organization": "后备干部库只针对村、社区党组织书记建立。"})
    if birth_date >= timezone.localdate():
        raise ValidationError({"birth_date": "出生日期不正确。"})
    if member is not None and member.organization_id != organization.pk:
        raise ValidationError({"member": "对应党员必须在本组织名册上。"})
    row = ReserveCadre(organization=organization, name=name.strip(), sex=sex, birth_date=birth_date,
                       education=education, current_job=current_job, member=member,
                       added_on=added_on or timezone.localdate())
    row.full_clean()
    row.save()
    audit_record(action=AuditAction.CREATE, obj=row, actor=actor, changes=diff({}, snapshot(row)))
    return row


@transaction.atomic
def reserve_set_state(*, cadre: ReserveCadre, state: str, actor: Any) -> ReserveCadre:
    authorize(actor, cadre)
    if state not in CadreState.values:
        raise ValidationError({"state": "状态不正确。"})
    before = cadre.state
    cadre.state = state
    cadre.save(update_fields=["state"])
    audit_record(action=AuditAction.UPDATE, obj=cadre, actor=actor, changes={"state": [before, state]})
    return cadre


@transaction.atomic
def course_record(*, organizer: Organization, actor: Any, title: str, started_on: datetime.date,
                  ended_on: datetime.date, hours: Decimal, attendees: Iterable[Member], place: str = "") -> TrainingCourse:
    """Record a training course and who attended it (each attendee for the whole course)."""
    authorize(actor, organizer)
    _check_active(organizer)
    if ended_on < started_on:
        raise ValidationError({"ended_on": "结束日期不能早于开始日期。"})
    if hours <= 0:
        raise ValidationError({"hours": "学时必须大于0。"})
    people = list(attendees)
    for m in people:
        _check_attendee(organizer, m)
    course = TrainingCourse.objects.create(organizer=organizer, title=title.strip(), started_on=started_on,
                                           ended_on=ended_on, hours=hours, place=place)
    rows = TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(course=course, member=m, days=course.days) for m in people])
    audit_record(action=AuditAction.CREATE, obj=course, actor=actor, changes=diff({}, snapshot(course)),
                 extra={"attendees": len(rows)})
    return course


def _check_attendee(organizer: Organization, member: Member) -> None:
    if not member.organization.path.startswith(organizer.path) or member.status not in ACTIVE_STATUSES:
        raise ValidationError({"attendees": f"{member.name}不在举办单位管辖范围的党员名册上。"})


@transaction.atomic
def course_attend(*, course: TrainingCourse, member: Member, actor: Any, days: int | None = None) -> TrainingAttendance:
    """Add one attendee to a recorded course (a training record brought in from the books)."""
    authorize(actor, course)
    _check_attendee(course.organizer, member)
    days = course.days if days is None else days
    if not 0 < days <= course.days:
        raise ValidationError({"days": f"参训天数应为1至{course.days}天（培训班的天数）。"})
    try:
        with transaction.atomic():
            row = TrainingAttendance.objects.create(course=course, member=member, days=days)
    except IntegrityError as exc:
        raise ValidationError({"attendees": f"{member.name}已登记参加此培训班。"}) from exc
    audit_record(action=AuditAction.CREATE, obj=row, actor=actor,
                 changes={"course_id": [None, course.pk], "member_id": [None, member.pk], "days": [None, days]})
    return row


@transaction.atomic
def review_record(*, organization: Organization, member: Member, actor: Any, year: int, reviewed_on: datetime.date,
                  reviewer: str, good: int = 0, fairly_good: int = 0, average: int = 0, poor: int = 0,
                  report: str = "", conclusion: str = "") -> SecretaryReview:
    """Record a secretary's yearly review 述职评议 (by the level above); the result is
    aggregated from the ratings."""
    _check_reviewer(actor, organization)
    _check_active(organization)
    if member.organization_id != organization.pk:
        raise ValidationError({"member": "被评议的书记必须在本组织名册上。"})
    if reviewed_on.year not in (year, year + 1):
        raise ValidationError({"reviewed_on": "评议日期应在评议年度或次年。"})
    review = SecretaryReview(organization=organization, member=member, year=year, reviewed_on=reviewed_on,
                             reviewer=reviewer, good=good, fairly_good=fairly_good, average=average, poor=poor,
                             report=report, conclusion=conclusion)
    review.result = review_result(review.counts()) or ""
    if not review.result:
        raise ValidationError({"good": "请填写参评人员的评价票数。"})
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as exc:
        raise ValidationError("该书记本年度已有述职评议记录。") from exc
    audit_record(action=AuditAction.CREATE, obj=review, actor=actor, changes=diff({}, snapshot(review)))
    return review


@transaction.atomic
def secretary_audit_record(*, organization: Organization, member: Member, actor: Any, kind: str, department: str,
                           audited_on: datetime.date, conclusion: str) -> SecretaryAudit:
    """Record a term or departure audit 任期/离任审计 of a secretary (by the level above)."""
    _check_reviewer(actor, organization)
    if member.organization_id != organization.pk:
        raise ValidationError({"member": "被审计的书记必须在本组织名册上。"})
    if audited_on > timezone.localdate():
        raise ValidationError({"audited_on": "审计日期不能晚于今天。"})
    row = SecretaryAudit(organization=organization, member=member, kind=kind, department=department,
                         audited_on=audited_on, conclusion=conclusion)
    row.full_clean()
    row.save()
    audit_bulk(action=AuditAction.CREATE, objects=[row], actor=actor)
    return row
