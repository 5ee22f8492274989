"""The yearly list of weak and lax organizations and the ledger (整顿台账) of each one."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.scope import ScopedModel
from core.files import private_storage, random_name

from .querysets import ChildQuerySet, MeasureQuerySet, RectificationQuerySet, RectificationYearQuerySet
from .rules import LeaderRole, MeasureStatus, Policy, ProblemSource, RectStatus


def default_policy() -> str:
    return settings.RECTIFICATION_DEFAULT_POLICY


def default_village_pct() -> Decimal:
    return Decimal(str(settings.RECTIFICATION_QUOTA_VILLAGE_PCT))


def default_community_pct() -> Decimal:
    return Decimal(str(settings.RECTIFICATION_QUOTA_COMMUNITY_PCT))


def default_other_pct() -> Decimal:
    return Decimal(str(settings.RECTIFICATION_QUOTA_OTHER_PCT))


def default_recheck_months() -> int:
    return settings.RECTIFICATION_RECHECK_MONTHS


class RectificationYear(ScopedModel, models.Model):
    """A county's list for one year, with the policy that fixes how many are listed."""

    scope_path_lookup = "county__path"

    county = models.ForeignKey("organizations.Organization", verbose_name="县委", on_delete=models.PROTECT,
                               related_name="rectification_years")
    year = models.PositiveSmallIntegerField("年度")
    policy = models.CharField("确定方式", max_length=12, choices=Policy.choices, default=default_policy)
    quota_village_pct = models.DecimalField("村党组织比例（%）", max_digits=5, decimal_places=2, default=default_village_pct)
    quota_community_pct = models.DecimalField("社区党组织比例（%）", max_digits=5, decimal_places=2, default=default_community_pct)
    quota_other_pct = models.DecimalField("其他领域比例（%）", max_digits=5, decimal_places=2, default=default_other_pct)
    recheck_months = models.PositiveSmallIntegerField("验收后回头看间隔（月）", default=default_recheck_months)
    require_public_ack = models.BooleanField("销号须群众认可", default=True,
                                             help_text="群众认可一件、销号一件：申请销号时须填写群众认可情况。")
    confirmed_at = models.DateTimeField("名单确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="名单确认人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RectificationYearQuerySet.as_manager()

    class Meta:
        verbose_name = "整顿年度"
        verbose_name_plural = "整顿年度"
        ordering = ["-year", "county__path"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="rect_year_unique",
                                    violation_error_message="该县本年度的整顿名单已经建立。"),
            models.CheckConstraint(
                condition=Q(quota_village_pct__gte=0, quota_village_pct__lte=100, quota_community_pct__gte=0,
                            quota_community_pct__lte=100, quota_other_pct__gte=0, quota_other_pct__lte=100),
                name="rect_year_pct_range", violation_error_message="比例须在 0 到 100 之间。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county.name} {self.year} 年软弱涣散基层党组织整顿"


class ProblemCategory(models.Model):
    """A kind of problem (seed 003 lists them by field of work). County-specific ones extend the shared list:
    a county's ledgers offer the shared (county empty) categories and its own. A category used by a
    problem is never deleted, only deactivated (no longer offered for new problems)."""

    county = models.ForeignKey("organizations.Organization", verbose_name="适用县（空为通用）", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    code = models.SlugField("代码", max_length=40)
    name = models.CharField("名称", max_length=60)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "code"], name="rect_category_unique",
                                    violation_error_message="该问题类别代码已存在。"),
            models.UniqueConstraint(fields=["code"], condition=Q(county__isnull=True), name="rect_category_global_unique",
                                    violation_error_message="该通用问题类别代码已存在。"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_org_path(self) -> str:
        # Not a ScopedModel (shared categories are read by every county): a county's own
        # category belongs to the county's audit trail; a shared one to none.
        return self.county.path if self.county_id else ""

    @property
    def is_shared(self) -> bool:
        return self.county_id is None


class Rectification(ScopedModel, models.Model):
    """One organization on (or proposed for) a year's list, with its ledger 整顿台账."""

    scope_path_lookup = "organization__path"

    year = models.ForeignKey(RectificationYear, verbose_name="整顿年度", on_delete=models.PROTECT, related_name="entries")
    organization = models.ForeignKey("organizations.Organization", verbose_name="党组织", on_delete=models.PROTECT,
                                     related_name="rectifications")
    status = models.CharField("状态", max_length=24, choices=RectStatus.choices, default=RectStatus.CANDIDATE)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    listed_on = models.DateField("列入日期", null=True, blank=True)
    acceptance_proposed_on = models.DateField("申请验收日期", null=True, blank=True)
    accepted_on = models.DateField("验收销号日期", null=True, blank=True)
    recheck_due = models.DateField("回头看日期", null=True, blank=True)
    rechecked_on = models.DateField("回头看完成日期", null=True, blank=True)
    relapse_count = models.PositiveSmallIntegerField("反弹次数", default=0)
    last_reason = models.CharField("最近退回/反弹原因", max_length=500, blank=True)
    carried_from = models.OneToOneField("self", verbose_name="结转自", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="carried_to")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = "整顿对象"
        verbose_name_plural = "整顿对象"
        ordering = ["organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["year", "organization"], name="rect_entry_unique",
                                    violation_error_message="该组织已在本年度整顿名单（或候选）中。"),
            models.CheckConstraint(
                condition=~Q(status__in=[RectStatus.ACCEPTED, RectStatus.CONSOLIDATED])
                | Q(accepted_on__isnull=False, recheck_due__isnull=False),
                name="rect_entry_accepted_dates", violation_error_message="已验收销号的组织必须有验收日期和回头看日期。",
            ),
        ]
        indexes = [
            # the re-check sweep: accepted entries by due date
            models.Index(fields=["recheck_due"], condition=Q(status=RectStatus.ACCEPTED), name="rect_recheck_due"),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name}（{self.year.year}）"


class CandidateReason(ScopedModel, models.Model):
    """Why an organization is a candidate: one row per candidate source that named it."""

    scope_path_lookup = "rectification__organization__path"

    rectification = models.ForeignKey(Rectification, verbose_name="整顿对象", on_delete=models.CASCADE, related_name="reasons")
    source = models.CharField("来源", max_length=40)
    detail = models.CharField("理由", max_length=500)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = "候选理由"
        verbose_name_plural = "候选理由"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["rectification", "source"], name="rect_reason_unique",
                                               violation_error_message="该来源已提出过此候选。")]

    def __str__(self) -> str:
        return self.detail

    @property
    def source_label(self) -> str:
        from .candidates import source_label

        return source_label(self.source)


class Leader(ScopedModel, models.Model):
    """A responsible leader of the ledger: county leader, township secretary, first secretary or work team."""

    scope_path_lookup = "rectification__organization__path"

    rectification = models.ForeignKey(Rectification, verbose_name="整顿对象", on_delete=models.CASCADE, related_name="leaders")
    role = models.CharField("责任类型", max_length=24, choices=LeaderRole.choices)
    name = models.CharField("姓名", max_length=50)
    position = models.CharField("职务", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = "责任领导"
        verbose_name_plural = "责任领导"
        ordering = ["role", "start_on"]
        constraints = [models.CheckConstraint(condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                                              name="rect_leader_dates", violation_error_message="结束日期不能早于开始日期。")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class Problem(ScopedModel, models.Model):
    """A problem found in the organization, with its category and where it was found."""

    scope_path_lookup = "rectification__organization__path"

    rectification = models.ForeignKey(Rectification, verbose_name="整顿对象", on_delete=models.CASCADE, related_name="problems")
    category = models.ForeignKey(ProblemCategory, verbose_name="问题类别", on_delete=models.PROTECT, related_name="+")
    description = models.TextField("问题描述")
    source = models.CharField("问题来源", max_length=20, choices=ProblemSource.choices, default=ProblemSource.TOWNSHIP_CHECK)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:60]


class Measure(ScopedModel, models.Model):
    """A measure 整改措施 against a problem: the item closed one by one (整改一个、销号一个)."""

    scope_path_lookup = "rectification__organization__path"

    rectification = models.ForeignKey(Rectification, verbose_name="整顿对象", on_delete=models.CASCADE, related_name="measures")
    problem = models.ForeignKey(Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="measures")
    description = models.TextField("整改措施")
    responsible_person = models.CharField("责任人", max_length=50)
    responsible_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任人账号", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    deadline = models.DateField("完成时限")
    status = models.CharField("状态", max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.DRAFT)
    public_ack = models.CharField("群众认可情况", max_length=500, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="销号人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    last_reason = models.CharField("最近退回/重开原因", max_length=500, blank=True)
    carried_from = models.ForeignKey("self", verbose_name="结转自", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = "整改措施"
        verbose_name_plural = "整改措施"
        ordering = ["problem_id", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status=MeasureStatus.CLOSED) | Q(closed_on__isnull=False),
                                   name="rect_measure_closed_has_date", violation_error_message="已销号的措施必须有销号日期。"),
        ]
        indexes = [
            # items_due(): open measures by deadline, for the reminders sweep and overdue counts
            models.Index(fields=["deadline"], condition=~Q(status=MeasureStatus.CLOSED), name="rect_measure_open_deadline"),
        ]

    def __str__(self) -> str:
        return self.description[:60]


class ProgressEntry(ScopedModel, models.Model):
    """What was done on a measure, on a date, with evidence files."""

    scope_path_lookup = "rectification__organization__path"

    rectification = models.ForeignKey(Rectification, verbose_name="整顿对象", on_delete=models.CASCADE, related_name="progress")
    measure = models.ForeignKey(Measure, verbose_name="整改措施", on_delete=models.CASCADE, related_name="progress")
    on = models.DateField("日期")
    content = models.TextField("工作进展")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = "整改进展"
        verbose_name_plural = "整改进展"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.content[:40]}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Stored under a random name: the uploaded name is kept in `original_name` only.
    return random_name("rectification", filename)


class Evidence(ScopedModel, models.Model):
    """An evidence file (image or PDF) of a progress entry, served only through a scoped view."""

    scope_path_lookup = "entry__rectification__organization__path"

    entry = models.ForeignKey(ProgressEntry, verbose_name="整改进展", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_path, storage=private_storage, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=60)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
