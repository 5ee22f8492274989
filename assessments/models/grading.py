from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.scope import ScopedModel, ScopedQuerySet
from organizations.models import Organization

from ..choices import Good, Grade, GradingStatus


class Grading(ScopedModel, models.Model):
    """One branch's classification grade 分类定级 for a year against the five goods (seed
    004): the township proposes, the county confirms. One row per branch and year, so
    the rows across years are the history of who moved up and who slipped."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="gradings")
    year = models.PositiveSmallIntegerField("年度")
    grade = models.CharField("定级", max_length=12, choices=Grade.choices)
    status = models.CharField("状态", max_length=12, choices=GradingStatus.choices, default=GradingStatus.PROPOSED)
    note_leadership = models.CharField(Good.LEADERSHIP.label, max_length=300, blank=True)
    note_members = models.CharField(Good.MEMBERS.label, max_length=300, blank=True)
    note_mechanism = models.CharField(Good.MECHANISM.label, max_length=300, blank=True)
    note_results = models.CharField(Good.RESULTS.label, max_length=300, blank=True)
    note_opinion = models.CharField(Good.OPINION.label, max_length=300, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True,
                                    on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("提出时间", auto_now_add=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "分类定级"
        verbose_name_plural = "分类定级"
        ordering = ["-year", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="grading_one_per_year",
                                    violation_error_message="该党组织本年度已有分类定级。"),
            models.CheckConstraint(
                condition=Q(status=GradingStatus.PROPOSED, confirmed_at__isnull=True)
                | Q(status=GradingStatus.CONFIRMED, confirmed_at__isnull=False),
                name="grading_confirmed_has_time", violation_error_message="已确认的定级必须有确认时间。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}年 {self.get_grade_display()}"

    def notes(self) -> list[tuple[str, str]]:
        """(good, justification) in the order of seed 004."""
        return [(g.label, getattr(self, f"note_{g.value}")) for g in Good]
