from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.scope import is_in_scope
from audit.models import AuditAction
from audit.services import audit_bulk, audit_record
from core.files import check_upload, stored_name
from organizations.models import Organization

from .. import calculators, rules
from ..choices import RespondentGroup, ScoreStep, SheetStatus, Step
from ..models import Evidence, ItemScore, PublicRating, Review, ScoreSheet, SheetItem
from .access import is_reviewer_of, require_change, require_reviewer


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().select_related("sheet", "organization").get(pk=review.pk)


def _require_step(review: Review, step: str) -> None:
    if review.step != step:
        raise ValidationError(f"当前处于“{review.get_step_display()}”环节，不能进行“{Step(step).label}”的操作。")


def _check_points(item: SheetItem, points: Decimal, reason: str, computed: Decimal | None) -> None:
    if points < 0 or points > item.max_points:
        raise ValidationError({"points": f"“{item.code}”的得分应在0至{item.max_points}分之间。"})
    if computed is not None and points != computed and not reason.strip():
        raise ValidationError({"reason": f"“{item.code}”按记录计算为{computed}分，改动须填写理由。"})


def _compute(review: Review, actor: Any) -> None:
    """Run the evidence calculators of the sheet's items for the review's organization;
    store the pre-scores on the review and link the records behind them as evidence."""
    results: dict[str, list[Any]] = {}
    links: list[Evidence] = []
    for item in review.sheet.items.exclude(calculator_code=""):
        computed = calculators.compute(item.calculator_code, review.organization, review.sheet.year)
        if computed is None:
            continue
        points = rules.points_for_ratio(computed.ratio, item.max_points)
        results[str(item.pk)] = [str(points), computed.detail]
        for record in computed.records:
            links.append(Evidence(
                review=review, item=item, content_type=ContentType.objects.get_for_model(record),
                object_id=str(record.pk), label=str(record)[:200], is_computed=True, added_by=None,
            ))
    review.computed = results
    review.save(update_fields=["computed"])
    Evidence.objects.bulk_create(links, ignore_conflicts=True)


def _computed_points(review: Review, item: SheetItem) -> tuple[Decimal | None, str]:
    value = review.computed.get(str(item.pk))
    return (Decimal(value[0]), value[1]) if value else (None, "")


def _eligible(sheet: ScoreSheet, organization: Organization) -> str | None:
    if sheet.status != SheetStatus.PUBLISHED:
        return "只能使用已启用的评分表。"
    if not organization.path.startswith(sheet.organization.path) or not organization.is_branch or not organization.is_active:
        return "考评对象须为该县的在册党支部。"
    if sheet.field and organization.field != sheet.field:
        return "该党支部的领域与评分表不符。"
    return None


def _new_review(sheet: ScoreSheet, organization: Organization, actor: Any) -> Review:
    review = Review.objects.create(sheet=sheet, organization=organization)
    _compute(review, actor)
    rows = []
    for item in sheet.items.all():
        points, detail = _computed_points(review, item)
        rows.append(ItemScore(review=review, item=item, step=ScoreStep.SELF, points=points,
                              computed_points=points, computed_detail=detail))
    ItemScore.objects.bulk_create(rows)
    return review


@transaction.atomic
def review_open(*, sheet: ScoreSheet, organization: Organization, actor: Any) -> Review:
    """Start a branch's review on a published sheet: computable items are pre-scored for
    its self-assessment from the records on file."""
    require_reviewer(actor, organization)
    problem = _eligible(sheet, organization)
    if problem:
        raise ValidationError(problem)
    if Review.objects.filter(sheet=sheet, organization=organization).exists():
        raise ValidationError("该党组织已有这张评分表的考评。")
    review = _new_review(sheet, organization, actor)
    audit_record(action=AuditAction.CREATE, obj=review, actor=actor, extra={"sheet": sheet.pk})
    return review


@transaction.atomic
def reviews_open_under(*, sheet: ScoreSheet, under: Organization, actor: Any) -> int:
    """Open reviews for every eligible branch under `under` that has none on this sheet."""
    require_change(actor, under)
    done = set(Review.objects.filter(sheet=sheet).values_list("organization_id", flat=True))
    created = []
    for org in Organization.objects.under(under).branches().active():
        if org.pk not in done and is_reviewer_of(actor, org) and _eligible(sheet, org) is None:
            created.append(_new_review(sheet, org, actor))
    audit_bulk(action=AuditAction.CREATE, objects=created, actor=actor, changes_for=lambda r: {"sheet": sheet.pk})
    return len(created)


@transaction.atomic
def self_score_set(*, review: Review, item: SheetItem, points: Decimal, actor: Any, reason: str = "") -> ItemScore:
    """The branch scores one item of its self-assessment."""
    require_change(actor, review.organization)
    review = _locked(review)
    _require_step(review, Step.SELF)
    row = ItemScore.objects.get(review=review, item=item, step=ScoreStep.SELF)
    _check_points(item, points, reason, row.computed_points)
    before = [str(row.points), row.reason]
    row.points, row.reason, row.scorer = points, reason.strip(), actor
    row.save()
    audit_record(action=AuditAction.UPDATE, obj=row, actor=actor, changes={"points": [before[0], str(points)]},
                 extra={"step": ScoreStep.SELF, "reason": row.reason})
    return row


def _step_score(review: Review, rows: list[ItemScore]) -> Decimal:
    items = list(review.sheet.items.all())
    marks = rules.full_marks((i.kind, i.max_points) for i in items)
    return rules.on_hundred(rules.raw_total((r.item.kind, r.points) for r in rows), marks)


@transaction.atomic
def self_submit(*, review: Review, actor: Any) -> Review:
    """Submit the self-assessment; the public rating comes next."""
    require_change(actor, review.organization)
    review = _locked(review)
    _require_step(review, Step.SELF)
    rows = list(review.scores.filter(step=ScoreStep.SELF).select_related("item"))
    missing = [r.item.code for r in rows if r.points is None]
    if missing:
        raise ValidationError(f"以下细则尚未自评：{'、'.join(missing)}。")
    review.self_score = _step_score(review, rows)
    review.step = Step.PUBLIC
    review.self_submitted_at = timezone.now()
    review.save(update_fields=["self_score", "step", "self_submitted_at"])
    audit_record(action=AuditAction.UPDATE, obj=review, actor=actor,
                 changes={"step": [Step.SELF, Step.PUBLIC], "self_score": [None, str(review.self_score)]})
    return review


@transaction.atomic
def public_rating_set(*, review: Review, group: str, satisfied: int, basically_satisfied: int, unsatisfied: int,
                      actor: Any) -> PublicRating:
    """Enter one respondent group's aggregated answers (counts, never names)."""
    require_reviewer(actor, review.organization)
    review = _locked(review)
    _require_step(review, Step.PUBLIC)
    if group not in RespondentGroup.values:
        raise ValidationError({"group": "请选择测评对象。"})
    if min(satisfied, basically_satisfied, unsatisfied) < 0:
        raise ValidationError("人数不能为负数。")
    rating, _ = PublicRating.objects.update_or_create(
        review=review, group=group,
        defaults={"satisfied": satisfied, "basically_satisfied": basically_satisfied, "unsatisfied": unsatisfied,
                  "entered_by": actor},
    )
    audit_record(action=AuditAction.UPDATE, obj=rating, actor=actor,
                 extra={"group": group, "counts": [satisfied, basically_satisfied, unsatisfied]})
    return rating


@transaction.atomic
def public_close(*, review: Review, actor: Any) -> Review:
    """Close the public rating; computable items are re-computed for the reviewers."""
    require_reviewer(actor, review.organization)
    review = _locked(review)
    _require_step(review, Step.PUBLIC)
    ratings = list(review.public_ratings.all())
    s, b, u = (sum(getattr(r, f) for r in ratings) for f in ("satisfied", "basically_satisfied", "unsatisfied"))
    if s + b + u == 0:
        raise ValidationError("尚未录入群众测评结果。")
    review.public_score = rules.public_score(s, b, u, rules.basic_satisfied_credit())
    review.step = Step.ORG
    review.public_closed_at = timezone.now()
    review.save(update_fields=["public_score", "step", "public_closed_at"])
    _compute(review, actor)
    audit_record(action=AuditAction.UPDATE, obj=review, actor=actor,
                 changes={"step": [Step.PUBLIC, Step.ORG], "public_score": [None, str(review.public_score)]})
    return review


@transaction.atomic
def org_score_set(*, review: Review, item: SheetItem, points: Decimal, actor: Any, reason: str = "") -> ItemScore:
    """One reviewer scores one item: confirms the pre-score or overrides it with a reason.
    Each reviewer's scores are kept."""
    require_reviewer(actor, review.organization)
    review = _locked(review)
    _require_step(review, Step.ORG)
    if item.sheet_id != review.sheet_id:
        raise ValidationError("细则不属于该评分表。")
    computed, detail = _computed_points(review, item)
    _check_points(item, points, reason, computed)
    row, created = ItemScore.objects.get_or_create(
        review=review, item=item, step=ScoreStep.ORG, scorer=actor,
        defaults={"computed_points": computed, "computed_detail": detail},
    )
    before = None if created else str(row.points)
    row.points, row.reason = points, reason.strip()
    row.save()
    audit_record(action=AuditAction.UPDATE, obj=row, actor=actor, changes={"points": [before, str(points)]},
                 extra={"step": ScoreStep.ORG, "reason": row.reason, "override": row.is_override})
    return row


@transaction.atomic
def review_finalize(*, review: Review, actor: Any) -> Review:
    """Close the organizational review: its score is the mean of the reviewers who scored
    every item; the final score is the weighted sum of the three steps."""
    require_reviewer(actor, review.organization)
    review = _locked(review)
    _require_step(review, Step.ORG)
    item_count = review.sheet.items.count()
    by_scorer: dict[int, list[ItemScore]] = {}
    for row in review.scores.filter(step=ScoreStep.ORG, points__isnull=False).select_related("item"):
        by_scorer.setdefault(row.scorer_id, []).append(row)
    complete = [rows for rows in by_scorer.values() if len(rows) == item_count]
    if not complete:
        raise ValidationError("还没有评审人完成全部细则的评分。")
    sheet = review.sheet
    review.org_score = rules.mean([_step_score(review, rows) for rows in complete])
    review.final_score = rules.weighted_final(
        (review.self_score, review.public_score, review.org_score),
        (sheet.weight_self, sheet.weight_public, sheet.weight_org),
    )
    review.result = rules.result_for(review.final_score, sheet.pass_threshold, sheet.excellent_threshold)
    review.step = Step.DONE
    review.finalized_at, review.finalized_by = timezone.now(), actor
    review.save()
    audit_record(action=AuditAction.UPDATE, obj=review, actor=actor, changes={
        "step": [Step.ORG, Step.DONE], "org_score": [None, str(review.org_score)],
        "final_score": [None, str(review.final_score)], "result": ["", review.result],
    }, extra={"reviewers": len(complete)})
    return review


def _check_evidence_allowed(review: Review, actor: Any) -> None:
    if review.step == Step.DONE:
        raise ValidationError("考评已完成，不能再添加痕迹材料。")
    require_change(actor, review.organization)


@transaction.atomic
def evidence_link(*, review: Review, item: SheetItem, record: models.Model, actor: Any, label: str = "") -> Evidence:
    """Link a record already on file (any model with `audit_org_path()`) as evidence. The
    record must belong to the reviewed organization's subtree and be visible to the actor."""
    _check_evidence_allowed(review, actor)
    org_path = getattr(record, "audit_org_path", lambda: "")() or ""
    if not org_path.startswith(review.organization.path) or not is_in_scope(actor, org_path):
        raise ValidationError("只能关联本组织在系统中已有的记录。")
    if item.sheet_id != review.sheet_id:
        raise ValidationError("细则不属于该评分表。")
    try:
        with transaction.atomic():
            evidence = Evidence.objects.create(
                review=review, item=item, content_type=ContentType.objects.get_for_model(record),
                object_id=str(record.pk), label=(label or str(record))[:200], added_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationError("该记录已作为本细则的痕迹材料。") from exc
    audit_record(action=AuditAction.CREATE, obj=evidence, actor=actor, extra={"item": item.code})
    return evidence


@transaction.atomic
def evidence_add(*, review: Review, item: SheetItem, label: str, actor: Any, file: UploadedFile | None = None) -> Evidence:
    """Evidence not on file anywhere in the system: a note, optionally with a file."""
    _check_evidence_allowed(review, actor)
    if item.sheet_id != review.sheet_id:
        raise ValidationError("细则不属于该评分表。")
    if not label.strip():
        raise ValidationError({"label": "请填写痕迹材料的说明。"})
    evidence = Evidence(review=review, item=item, label=label.strip()[:200], added_by=actor)
    if file is not None:
        file_type = check_upload(file)  # images or PDF by content, JICENG_UPLOAD_MAX_MB
        evidence.original_name = (file.name or "")[:200]
        evidence.file_type = file_type.content_type
        evidence.file.save(stored_name(file_type), file, save=False)
    evidence.save()
    audit_record(action=AuditAction.CREATE, obj=evidence, actor=actor, extra={"item": item.code})
    return evidence
