from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.scope import ScopedModel, ScopedQuerySet
from members.models import Member
from organizations.models import Organization

from ..choices import Handling, MemberGrade, RoundMode, RoundStatus


class MemberReviewRound(ScopedModel, models.Model):
    """A branch's democratic review of members 民主评议党员 for a year, or (optional mode,
    seed 003) its quarterly satisfaction rating. The cap on 优秀 in force when the round
    opened is kept on the row."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="党支部", on_delete=models.PROTECT, related_name="member_review_rounds")
    year = models.PositiveSmallIntegerField("年度")
    mode = models.CharField("方式", max_length=12, choices=RoundMode.choices, default=RoundMode.ANNUAL)
    quarter = models.PositiveSmallIntegerField("季度", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    excellent_cap_percent = models.DecimalField("优秀比例上限（%）", max_digits=5, decimal_places=2)
    meeting_date = models.DateField("支部党员大会日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "民主评议党员"
        verbose_name_plural = "民主评议党员"
        ordering = ["-year", "-quarter", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], condition=Q(mode="annual"),
                                    name="round_one_annual", violation_error_message="该支部本年度已开展民主评议党员。"),
            models.UniqueConstraint(fields=["organization", "year", "quarter"], condition=Q(mode="quarterly"),
                                    name="round_one_per_quarter", violation_error_message="该支部本季度已开展满意度测评。"),
            models.CheckConstraint(
                condition=Q(mode="annual", quarter__isnull=True) | Q(mode="quarterly", quarter__gte=1, quarter__lte=4),
                name="round_quarter_matches_mode", violation_error_message="季度测评须填写第1至4季度；年度评议不填季度。",
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.year}年" + (f"第{self.quarter}季度" if self.quarter else "")
        return f"{self.organization} {when}{self.get_mode_display()}"


class MemberRating(ScopedModel, models.Model):
    """One member's result in a round: self-assessment, members' mutual ratings (counts
    per grade), the branch committee's proposal and the branch meeting's decision with
    its vote. A 不合格 decision must carry its handling and follow-up. Kept per member;
    never listed as a ranking of people."""

    scope_path_lookup = "round__organization__path"

    round = models.ForeignKey(MemberReviewRound, verbose_name="评议", on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="review_ratings")
    self_assessment = models.TextField("个人自评", blank=True)
    mutual_excellent = models.PositiveIntegerField("互评：优秀", default=0)
    mutual_qualified = models.PositiveIntegerField("互评：合格", default=0)
    mutual_basic = models.PositiveIntegerField("互评：基本合格", default=0)
    mutual_unqualified = models.PositiveIntegerField("互评：不合格", default=0)
    proposal = models.CharField("支委会意见", max_length=12, choices=MemberGrade.choices, blank=True)
    decision = models.CharField("党员大会评定", max_length=12, choices=MemberGrade.choices, blank=True)
    votes_for = models.PositiveIntegerField("赞成票", default=0)
    votes_against = models.PositiveIntegerField("反对票", default=0)
    votes_abstain = models.PositiveIntegerField("弃权票", default=0)
    stars = models.PositiveSmallIntegerField("星级", null=True, blank=True)
    handling = models.CharField("组织处置", max_length=12, choices=Handling.choices, blank=True)
    handling_note = models.CharField("处置说明", max_length=300, blank=True)
    followup_due = models.DateField("跟踪回访期限", null=True, blank=True)
    followup_done_on = models.DateField("回访完成日期", null=True, blank=True)
    followup_note = models.CharField("回访情况", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党员评议结果"
        verbose_name_plural = "党员评议结果"
        # by name, never by grade: no ranking lists of people (2023 national guidance)
        ordering = ["member__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="rating_one_per_member",
                                    violation_error_message="该党员在本次评议中已有记录。"),
            models.CheckConstraint(
                condition=~Q(decision=MemberGrade.UNQUALIFIED) | (~Q(handling="") & Q(followup_due__isnull=False)),
                name="rating_unqualified_handled",
                violation_error_message="评定为不合格的党员，必须记录组织处置方式和跟踪回访期限。",
            ),
            models.CheckConstraint(condition=Q(stars__isnull=True) | Q(stars__gte=1, stars__lte=5),
                                   name="rating_stars_range", violation_error_message="星级为1至5星。"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_decision_display() or '未评定'}"
