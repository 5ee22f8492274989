from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.scope import ScopedModel
from organizations.models import Organization
from organizations.rules import Field

from ..choices import ItemKind, SheetStatus
from ..querysets import SheetQuerySet


class ScoreSheet(ScopedModel, models.Model):
    """A 达标创优 score sheet defined by a county for a year and a field of work. Versioned:
    a draft may change; once published (in use) it is frozen and can only be superseded
    by a new version, so every review keeps the sheet it was scored on."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="制定单位", on_delete=models.PROTECT, related_name="score_sheets")
    year = models.PositiveSmallIntegerField("年度")
    field = models.CharField("适用领域", max_length=24, choices=Field.choices, blank=True,
                             help_text="留空表示适用于所有领域")
    name = models.CharField("名称", max_length=120)
    version = models.PositiveSmallIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=12, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    supersedes = models.OneToOneField("self", verbose_name="取代的版本", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    weight_self = models.DecimalField("基层自评权重（%）", max_digits=5, decimal_places=2)
    weight_public = models.DecimalField("群众测评权重（%）", max_digits=5, decimal_places=2)
    weight_org = models.DecimalField("组织考评权重（%）", max_digits=5, decimal_places=2)
    pass_threshold = models.DecimalField("达标分数线", max_digits=5, decimal_places=2)
    excellent_threshold = models.DecimalField("创优分数线", max_digits=5, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制定人", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_at = models.DateTimeField("启用时间", null=True, blank=True)

    objects = SheetQuerySet.as_manager()

    class Meta:
        verbose_name = "达标创优评分表"
        verbose_name_plural = "达标创优评分表"
        ordering = ["-year", "field", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "field", "version"], name="sheet_version_unique",
                                    violation_error_message="该年度该领域的评分表已有此版本号。"),
            models.UniqueConstraint(fields=["organization", "year", "field"], condition=Q(status="published"),
                                    name="sheet_one_published",
                                    violation_error_message="同一年度同一领域只能有一张使用中的评分表。"),
            models.CheckConstraint(
                condition=Q(weight_self__gte=0, weight_public__gte=0, weight_org__gte=0)
                & Q(weight_self=Decimal(100) - F("weight_public") - F("weight_org")),
                name="sheet_weights_sum_100", violation_error_message="三个环节的权重必须都不小于0且合计为100%。",
            ),
            models.CheckConstraint(
                condition=Q(pass_threshold__gte=0, excellent_threshold__gte=F("pass_threshold")),
                name="sheet_thresholds_ordered", violation_error_message="创优分数线不能低于达标分数线。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年 第{self.version}版）"

    @property
    def is_editable(self) -> bool:
        return self.status == SheetStatus.DRAFT


class SheetSection(models.Model):
    """A section 一级指标 of a score sheet."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    title = models.CharField("名称", max_length=120)

    class Meta:
        verbose_name = "评分表栏目"
        verbose_name_plural = "评分表栏目"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class SheetItem(models.Model):
    """An item 评分细则 with its maximum points, whether it is a basic, bonus or deduction item,
    what evidence earns the points, and optionally the code of an evidence calculator that
    pre-scores it from the records (see assessments.calculators)."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(SheetSection, verbose_name="栏目", on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    code = models.CharField("编号", max_length=20)
    title = models.CharField("评分内容", max_length=300)
    kind = models.CharField("类型", max_length=12, choices=ItemKind.choices, default=ItemKind.BASIC)
    max_points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    evidence_hint = models.CharField("评分依据（痕迹材料）", max_length=300, blank=True)
    calculator_code = models.CharField("自动计算依据", max_length=60, blank=True)

    class Meta:
        verbose_name = "评分细则"
        verbose_name_plural = "评分细则"
        ordering = ["section__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="sheetitem_code_unique",
                                    violation_error_message="评分表内细则编号不能重复。"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="sheetitem_points_positive",
                                   violation_error_message="分值必须大于0。"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
