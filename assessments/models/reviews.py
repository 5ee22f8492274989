from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q

from accounts.scope import ScopedModel, ScopedQuerySet
from core.files import RandomName, private_storage
from organizations.models import Organization

from ..choices import RespondentGroup, ReviewResult, ScoreStep, Step
from .sheets import ScoreSheet, SheetItem


class Review(ScopedModel, models.Model):
    """One organization's 达标创优 review on one sheet, moving through the three steps.
    Step scores are on a 100-point scale; the final score is their weighted sum."""

    scope_path_lookup = "organization__path"

    sheet = models.ForeignKey(ScoreSheet, verbose_name="评分表", on_delete=models.PROTECT, related_name="reviews")
    organization = models.ForeignKey(Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="reviews")
    step = models.CharField("环节", max_length=8, choices=Step.choices, default=Step.SELF)
    self_score = models.DecimalField("自评得分", max_digits=6, decimal_places=2, null=True, blank=True)
    public_score = models.DecimalField("群众测评得分", max_digits=6, decimal_places=2, null=True, blank=True)
    org_score = models.DecimalField("组织考评得分", max_digits=6, decimal_places=2, null=True, blank=True)
    final_score = models.DecimalField("综合得分", max_digits=6, decimal_places=2, null=True, blank=True)
    result = models.CharField("结果", max_length=12, choices=ReviewResult.choices, blank=True)
    # {item_id: [points, detail]} from the evidence calculators, refreshed when a step starts
    computed = models.JSONField("按记录计算结果", default=dict, blank=True)
    self_submitted_at = models.DateTimeField("自评提交时间", null=True, blank=True)
    public_closed_at = models.DateTimeField("测评结束时间", null=True, blank=True)
    finalized_at = models.DateTimeField("考评完成时间", null=True, blank=True)
    finalized_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审定人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "达标创优考评"
        verbose_name_plural = "达标创优考评"
        ordering = ["organization__path"]
        indexes = [models.Index(fields=["step"], name="review_step")]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "organization"], name="review_one_per_sheet",
                                    violation_error_message="该党组织已有这张评分表的考评。"),
            models.CheckConstraint(
                condition=~Q(step=Step.DONE) | (Q(final_score__isnull=False) & ~Q(result="")),
                name="review_done_has_result", violation_error_message="完成的考评必须有综合得分和结果。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.sheet}"


class ItemScore(ScopedModel, models.Model):
    """Points of one item in one step: the branch's self-assessment (one row per item) or
    one reviewer's organizational review (one row per item and reviewer, all kept).
    `computed_points` is the pre-score from the records; a different `points` is an
    override and needs a reason."""

    scope_path_lookup = "review__organization__path"

    review = models.ForeignKey(Review, verbose_name="考评", on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(SheetItem, verbose_name="评分细则", on_delete=models.PROTECT, related_name="+")
    step = models.CharField("环节", max_length=8, choices=ScoreStep.choices)
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    computed_points = models.DecimalField("按记录计算的分数", max_digits=6, decimal_places=2, null=True, blank=True)
    computed_detail = models.CharField("计算说明", max_length=300, blank=True)
    reason = models.CharField("调整理由", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "细则得分"
        verbose_name_plural = "细则得分"
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], condition=Q(step=ScoreStep.SELF),
                                    name="itemscore_one_self", violation_error_message="该细则已有自评得分。"),
            models.UniqueConstraint(fields=["review", "item", "scorer"], condition=Q(step=ScoreStep.ORG),
                                    name="itemscore_one_per_reviewer",
                                    violation_error_message="您已为该细则评分。"),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(computed_points__isnull=True) | Q(points=F("computed_points"))
                | ~Q(reason=""),
                name="itemscore_override_has_reason", violation_error_message="改动按记录计算的分数，必须填写理由。",
            ),
            models.CheckConstraint(condition=Q(points__isnull=True) | Q(points__gte=0), name="itemscore_points_nonneg",
                                   violation_error_message="得分不能为负数（扣分项填写扣除的分数）。"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.points}"

    @property
    def is_override(self) -> bool:
        return self.computed_points is not None and self.points is not None and self.points != self.computed_points


class PublicRating(ScopedModel, models.Model):
    """Aggregated answers of one respondent group in the public rating 群众测评."""

    scope_path_lookup = "review__organization__path"

    review = models.ForeignKey(Review, verbose_name="考评", on_delete=models.CASCADE, related_name="public_ratings")
    group = models.CharField("测评对象", max_length=12, choices=RespondentGroup.choices)
    satisfied = models.PositiveIntegerField("满意", default=0)
    basically_satisfied = models.PositiveIntegerField("基本满意", default=0)
    unsatisfied = models.PositiveIntegerField("不满意", default=0)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "群众测评"
        verbose_name_plural = "群众测评"
        ordering = ["group"]
        constraints = [
            models.UniqueConstraint(fields=["review", "group"], name="publicrating_one_per_group",
                                    violation_error_message="该测评对象的结果已录入。"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} {self.satisfied}/{self.basically_satisfied}/{self.unsatisfied}"

    @property
    def respondents(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied


class Evidence(ScopedModel, models.Model):
    """Evidence for one item of a review: a link to a record already on file (any model,
    by content type and id: a meeting record, a term election, a rectification item, a
    member), or, only for what is not on file, an uploaded file or a note. Links found by
    a calculator are marked `is_computed`."""

    scope_path_lookup = "review__organization__path"

    review = models.ForeignKey(Review, verbose_name="考评", on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(SheetItem, verbose_name="评分细则", on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, verbose_name="记录类型", null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField("记录编号", max_length=40, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    label = models.CharField("说明", max_length=200, blank=True)
    # in the private storage under a random name; served only through assessments:evidence_file
    file = models.FileField("附件", upload_to=RandomName("assessments"), storage=private_storage, blank=True,
                            max_length=200)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    file_type = models.CharField("文件类型", max_length=60, blank=True)
    is_computed = models.BooleanField("按记录自动关联", default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="添加人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField("添加时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "痕迹材料"
        verbose_name_plural = "痕迹材料"
        ordering = ["item_id", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="evidence_record")]
        constraints = [
            models.UniqueConstraint(fields=["review", "item", "content_type", "object_id"],
                                    condition=Q(content_type__isnull=False), name="evidence_link_once",
                                    violation_error_message="该记录已作为本细则的痕迹材料。"),
            models.CheckConstraint(
                condition=(Q(content_type__isnull=False) & ~Q(object_id="")) | ~Q(file="") | ~Q(label=""),
                name="evidence_has_content", violation_error_message="痕迹材料须关联已有记录、上传附件或填写说明。",
            ),
        ]

    def __str__(self) -> str:
        return self.label or str(self.record or self.file)
