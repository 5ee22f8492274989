"""Organizational life 组织生活: meeting types, requirements (rules as data with an
effective date), meeting records with attendance and evidence, plans, and the facts
the art. 9 rule needs (leave, life attended elsewhere by migrants, leading cadres)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.scope import ScopedModel, ScopedQuerySet
from core.files import private_storage, random_name
from members.models import Member
from organizations.models import Organization
from organizations.rules import Field

from .choices import FileKind, Mark, MeetingStatus, PeriodUnit, Target


class MeetingType(models.Model):
    """A kind of meeting (支委会, 党课, 主题党日 …). The built-in ones come from a data
    migration; a county may add its own (e.g. 学习会). The national floor (`floor_*`, from
    the 支部工作条例, shipped by a data migration) is the loosest requirement any county or
    township may set; a type without a floor (a county's own) has none."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40)
    target = models.CharField("适用组织", max_length=16, choices=Target.choices, default=Target.BRANCH)
    counts_as_life = models.BooleanField("计入组织生活", default=True,
                                         help_text="出席该类会议计入党员参加组织生活（党章第九条）")
    needs_committee = models.BooleanField(
        "仅要求设支委会的支部", default=False,
        help_text="勾选后，只有设立支部委员会的支部（正式党员7人以上）才需按要求召开该类会议")
    sort_order = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)
    floor_period = models.CharField("国家规定周期", max_length=8, choices=PeriodUnit.choices, blank=True)
    floor_min_count = models.PositiveSmallIntegerField("国家规定每周期至少次数", null=True, blank=True)
    floor_source = models.CharField("国家规定依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "会议类型"
        verbose_name_plural = "会议类型"
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(floor_period="") & Q(floor_min_count__isnull=True))
                | (~Q(floor_period="") & Q(floor_min_count__gte=1)),
                name="meetingtype_floor_complete",
                violation_error_message="国家规定的最低要求须同时填写周期和次数（至少1次）。",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RequirementQuerySet(ScopedQuerySet):
    def for_user(self, user, action="view"):  # type: ignore[no-untyped-def,override]
        """Everyone sees the defaults (no scope); county rules are scoped to their subtree."""
        if action == "view":
            return self.filter(Q(scope__isnull=True) | Q(pk__in=super().for_user(user, action).values("pk")))
        return super().for_user(user, action)


class Requirement(ScopedModel, models.Model):
    """How many meetings of a type an organization must hold per period. `scope` empty =
    the default everywhere; a county rule applies to its subtree and wins over the default.
    A rule applies to periods starting on or after `effective_from`, so changing a rule
    (a new row) never rewrites past results."""

    scope_path_lookup = "scope__path"

    meeting_type = models.ForeignKey(MeetingType, verbose_name="会议类型", on_delete=models.PROTECT,
                                     related_name="requirements")
    scope = models.ForeignKey(Organization, verbose_name="适用范围（含下级）", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="meeting_requirements")
    field = models.CharField("适用领域", max_length=24, choices=Field.choices, blank=True,
                             help_text="留空表示所有领域")
    period = models.CharField("周期", max_length=8, choices=PeriodUnit.choices)
    min_count = models.PositiveSmallIntegerField("每周期至少次数")
    effective_from = models.DateField("生效日期")
    source = models.CharField("依据", max_length=200, blank=True)
    reason = models.CharField("设置理由", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        verbose_name = "组织生活要求"
        verbose_name_plural = "组织生活要求"
        ordering = ["meeting_type__sort_order", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting_type", "scope", "field", "effective_from"], nulls_distinct=False,
                name="requirement_one_per_scope_date",
                violation_error_message="同一范围、同一领域、同一生效日期已有该会议类型的要求。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_type} {self.get_period_display()}≥{self.min_count}"


class MeetingQuerySet(ScopedQuerySet):
    def counted(self) -> "MeetingQuerySet":
        """Records that count for compliance: submitted and not superseded by a correction."""
        return self.filter(status=MeetingStatus.SUBMITTED)


class Meeting(ScopedModel, models.Model):
    """A record 纪实 of one meeting. Draft → submitted (locked). A correction is a new
    version pointing at the one it replaces, which becomes `superseded`."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="党组织", on_delete=models.PROTECT,
                                     related_name="meetings")
    meeting_type = models.ForeignKey(MeetingType, verbose_name="会议类型", on_delete=models.PROTECT,
                                     related_name="meetings")
    held_on = models.DateField("召开日期")
    start_time = models.TimeField("开始时间", null=True, blank=True)
    place = models.CharField("地点", max_length=120, blank=True)
    topic = models.CharField("主题", max_length=200)
    host = models.CharField("主持人", max_length=50, blank=True)
    recorder = models.CharField("记录人", max_length=50, blank=True)
    speaker = models.CharField("授课人", max_length=50, blank=True)
    minutes = models.TextField("会议记录", blank=True)
    decisions = models.TextField("议定事项", blank=True)
    status = models.CharField("状态", max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.OneToOneField("self", verbose_name="更正前版本", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="next_version")
    correction_reason = models.CharField("更正原因", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "会议记录"
        verbose_name_plural = "会议记录"
        ordering = ["-held_on", "-id"]
        indexes = [
            # the compliance aggregate: counted records by organization and date
            models.Index(fields=["organization", "held_on", "meeting_type"], name="meeting_counted",
                         condition=Q(status="submitted")),
            models.Index(fields=["held_on"], name="meeting_held_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(version=1) | (Q(previous__isnull=False) & ~Q(correction_reason="")),
                name="meeting_correction_has_reason",
                violation_error_message="更正记录必须注明更正原因。",
            ),
            models.CheckConstraint(
                condition=~Q(status="draft") | Q(submitted_at__isnull=True),
                name="meeting_draft_not_submitted", violation_error_message="草稿不能有提交时间。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.meeting_type} {self.topic}"

    @property
    def is_locked(self) -> bool:
        return self.status != MeetingStatus.DRAFT


class Attendance(models.Model):
    """One expected attendee of a meeting and their mark (出席 / 请假 + 事由 / 缺席)."""

    scope_path_lookup = "meeting__organization__path"

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="attendances")
    mark = models.CharField("出席情况", max_length=8, choices=Mark.choices, default=Mark.PRESENT)
    reason = models.CharField("请假（缺席）事由", max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "出席情况"
        verbose_name_plural = "出席情况"
        indexes = [models.Index(fields=["member", "mark"], name="attendance_member_mark")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_meeting",
                                    violation_error_message="同一党员在一次会议中只能有一条出席记录。"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.mark}"


def evidence_path(instance: "MeetingFile", filename: str) -> str:
    # A random name in the private storage: the uploaded name is kept in `original_name` only.
    return random_name("meetings", filename)


class MeetingFile(ScopedModel, models.Model):
    """Evidence 痕迹材料: a photo or a scanned sign-in sheet (image or PDF only), served only
    through the scoped view meetings:file."""

    scope_path_lookup = "meeting__organization__path"

    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("材料类型", max_length=12, choices=FileKind.choices, default=FileKind.PHOTO)
    file = models.FileField("文件", upload_to=evidence_path, storage=private_storage, max_length=255)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件格式", max_length=60)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "会议材料"
        verbose_name_plural = "会议材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class MeetingPlan(ScopedModel, models.Model):
    """A branch's filed plan 计划报备 for a year (quarter 0) or a quarter."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="党组织", on_delete=models.PROTECT,
                                     related_name="meeting_plans")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", default=0, help_text="0 表示全年计划")
    notes = models.TextField("说明", blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报备人", null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    filed_at = models.DateTimeField("报备时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "组织生活计划"
        verbose_name_plural = "组织生活计划"
        ordering = ["-year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "quarter"], name="plan_once_per_period",
                                    violation_error_message="该党组织本期计划已报备，请修改原计划。"),
            models.CheckConstraint(condition=Q(quarter__lte=4), name="plan_quarter_range",
                                   violation_error_message="季度只能是 0（全年）或 1—4。"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}年{'' if not self.quarter else f'第{self.quarter}季度'}计划"


class PlanItem(models.Model):
    """One planned meeting of a plan."""

    plan = models.ForeignKey(MeetingPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="items")
    meeting_type = models.ForeignKey(MeetingType, verbose_name="会议类型", on_delete=models.PROTECT, related_name="+")
    planned_on = models.DateField("计划日期")
    topic = models.CharField("拟定主题", max_length=200, blank=True)

    class Meta:
        verbose_name = "计划事项"
        verbose_name_plural = "计划事项"
        ordering = ["planned_on", "id"]

    def __str__(self) -> str:
        return f"{self.planned_on} {self.meeting_type}"


class OutsideLife(ScopedModel, models.Model):
    """Organizational life a (migrant) member attended elsewhere 在流入地参加组织生活,
    recorded by the home branch so the art. 9 rule does not flag them falsely."""

    scope_path_lookup = "member__organization__path"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="outside_life")
    held_on = models.DateField("参加日期")
    host_organization = models.CharField("组织生活所在党组织", max_length=120)
    topic = models.CharField("内容", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "异地参加组织生活"
        verbose_name_plural = "异地参加组织生活"
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["member", "held_on"], name="outside_life_member")]

    def __str__(self) -> str:
        return f"{self.member} {self.held_on} {self.host_organization}"


class MemberLeave(ScopedModel, models.Model):
    """Approved leave 请假 from organizational life for a span of time (illness, study,
    work far away): months covered are not counted against art. 9."""

    scope_path_lookup = "member__organization__path"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="life_leaves")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    reason = models.CharField("事由", max_length=200)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "组织生活请假"
        verbose_name_plural = "组织生活请假"
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="leave_ends_after_start",
                                   violation_error_message="请假结束日期不能早于开始日期。"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.starts_on}—{self.ends_on}"


class LeadingCadre(ScopedModel, models.Model):
    """A member who is a leading cadre 领导干部: must take part in the organizational
    life of their own branch at least N times a year (双重组织生活, a setting)."""

    scope_path_lookup = "member__organization__path"

    member = models.OneToOneField(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="leading_cadre")
    title = models.CharField("职务", max_length=100)
    since = models.DateField("任职日期", null=True, blank=True)
    is_active = models.BooleanField("在任", default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党员领导干部"
        verbose_name_plural = "党员领导干部"

    def __str__(self) -> str:
        return f"{self.member} {self.title}"
