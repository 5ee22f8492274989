"""The development pipeline 发展党员: a person on the way to membership, the dated steps
on file, and the yearly plan of each organization."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.scope import ScopedModel, ScopedQuerySet
from members.models import PersonRecord
from members.querysets import PersonQuerySet
from organizations.models import Organization

from .rules import OPEN_STAGES, REPEATABLE, DueKind, Stage, StepKind


class ApplicantQuerySet(PersonQuerySet):
    def open(self) -> "ApplicantQuerySet":
        return self.filter(stage__in=OPEN_STAGES)


class Applicant(PersonRecord):
    """A person in the development pipeline of a branch, from application to full
    membership. Personal data is kept as on the roll (encrypted ID and phone); on approval
    as a probationary member it is copied once to `member` (no re-typing).

    `next_due_kind`/`next_due_on` are the next time limit, recomputed by the services
    after every step; the reminder source and the board read them."""

    organization = models.ForeignKey(Organization, verbose_name="所在党支部", on_delete=models.PROTECT,
                                     related_name="applicants")
    stage = models.CharField("所处阶段", max_length=16, choices=Stage.choices, default=Stage.APPLICANT)
    applied_on = models.DateField("申请入党日期")
    stage_since = models.DateField("进入本阶段日期")
    next_due_kind = models.CharField("下一期限", max_length=16, choices=DueKind.choices, blank=True)
    next_due_on = models.DateField("期限日期", null=True, blank=True)
    member = models.OneToOneField("members.Member", verbose_name="党员名册记录", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="development_record")
    stopped_reason = models.CharField("终止培养原因", max_length=200, blank=True)

    objects = ApplicantQuerySet.as_manager()

    class Meta:
        verbose_name = "发展对象档案"
        verbose_name_plural = "发展对象档案"
        ordering = ["organization_id", "applied_on", "id"]
        indexes = [
            models.Index(fields=["organization", "stage"], name="applicant_org_stage"),
            # the reminder sweep: open records by next limit
            models.Index(fields=["next_due_on"], name="applicant_next_due",
                         condition=Q(next_due_on__isnull=False)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"], condition=Q(stage__in=OPEN_STAGES), name="applicant_one_open_per_id",
                violation_error_message="此人已在发展党员流程中。",
            ),
            models.CheckConstraint(
                condition=Q(applied_on__gt=F("birth_date")), name="applicant_applied_after_birth",
                violation_error_message="申请日期必须晚于出生日期。",
            ),
            models.CheckConstraint(
                condition=~Q(stage__in=[Stage.PROBATIONARY, Stage.FULL]) | Q(member__isnull=False),
                name="applicant_member_after_approval",
                violation_error_message="预备党员和正式党员必须有党员名册记录。",
            ),
        ]



class Step(ScopedModel, models.Model):
    """One dated step of the procedure on file (谈话, 公示, 支部大会…). Period steps
    (training, public notice) have a start date; `date` is always the day it ended or
    happened, and the one time limits are counted from."""

    scope_path_lookup = "applicant__organization__path"

    applicant = models.ForeignKey(Applicant, verbose_name="发展对象", on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("环节", max_length=20, choices=StepKind.choices)
    date = models.DateField("日期")
    start_date = models.DateField("开始日期", null=True, blank=True)
    hours = models.PositiveSmallIntegerField("学时", null=True, blank=True)
    months = models.PositiveSmallIntegerField("延长月数", null=True, blank=True)
    is_special = models.BooleanField("特殊情况延期审批", default=False)
    people = models.CharField("参与人（谈话人、培养联系人等）", max_length=100, blank=True)
    document = models.CharField("文号或会议记录", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "发展环节"
        verbose_name_plural = "发展环节"
        ordering = ["applicant_id", "date", "id"]
        indexes = [models.Index(fields=["kind", "date"], name="step_kind_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "kind"], condition=~Q(kind__in=sorted(REPEATABLE)), name="step_once_per_kind",
                violation_error_message="该环节已登记，不能重复登记。",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(start_date__lte=F("date")), name="step_start_before_end",
                violation_error_message="开始日期不能晚于结束日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} {self.get_kind_display()} {self.date:%Y-%m-%d}"


class DevelopmentPlan(ScopedModel, models.Model):
    """发展计划: how many new probationary members an organization (usually a township)
    plans to admit in a year. The actual figure is counted from approval steps."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="党组织", on_delete=models.PROTECT,
                                     related_name="development_plans")
    year = models.PositiveSmallIntegerField("年度")
    planned = models.PositiveIntegerField("计划发展人数")
    note = models.CharField("说明", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "发展党员计划"
        verbose_name_plural = "发展党员计划"
        ordering = ["-year", "organization_id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="devplan_one_per_year",
                                    violation_error_message="该组织本年度已有发展计划。"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="devplan_year_range",
                                   violation_error_message="年度不正确。"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}年发展计划"
