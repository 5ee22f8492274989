from __future__ import annotations

from typing import Any, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from organizations.models import Organization

from ..choices import Good, Grade, GradingStatus
from ..models import Grading
from .access import require_county, require_reviewer

NOTE_FIELDS = tuple(f"note_{g.value}" for g in Good)


@transaction.atomic
def grading_propose(*, organization: Organization, year: int, grade: str, notes: Mapping[str, str], actor: Any) -> Grading:
    """The township proposes (or revises its proposal of) a branch's grade for the year,
    with a justification per good. A lagging grade needs every justification."""
    require_reviewer(actor, organization)
    if not organization.is_branch:
        raise ValidationError({"organization": "分类定级的对象是党支部。"})
    if grade not in Grade.values:
        raise ValidationError({"grade": "请选择先进、一般或后进。"})
    clean = {f"note_{g.value}": (notes.get(g.value) or "").strip()[:300] for g in Good}
    if grade == Grade.LAGGING and not all(clean.values()):
        raise ValidationError({"grade": "定为后进的，须逐项写明“五好”方面的情况。"})
    grading = Grading.objects.select_for_update().filter(organization=organization, year=year).first()
    if grading and grading.status == GradingStatus.CONFIRMED:
        raise ValidationError("该党组织本年度的定级已由县委确认，不能再修改。")
    before = snapshot(grading, ("grade", *NOTE_FIELDS)) if grading else {}
    if grading is None:
        grading = Grading(organization=organization, year=year)
    grading.grade = grade
    grading.proposed_by = actor
    for key, value in clean.items():
        setattr(grading, key, value)
    grading.full_clean(validate_unique=False)
    grading.save()
    audit_record(action=AuditAction.UPDATE if before else AuditAction.CREATE, obj=grading, actor=actor,
                 changes=diff(before, snapshot(grading, ("grade", *NOTE_FIELDS))))
    return grading


@transaction.atomic
def grading_confirm(*, grading: Grading, actor: Any) -> Grading:
    """The county confirms the township's proposal."""
    require_county(actor, grading.organization)
    grading = Grading.objects.select_for_update().get(pk=grading.pk)
    if grading.status == GradingStatus.CONFIRMED:
        raise ValidationError("该定级已确认。")
    grading.status = GradingStatus.CONFIRMED
    grading.confirmed_by = actor
    grading.confirmed_at = timezone.now()
    grading.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit_record(action=AuditAction.UPDATE, obj=grading, actor=actor,
                 changes={"status": [GradingStatus.PROPOSED, GradingStatus.CONFIRMED]})
    return grading
