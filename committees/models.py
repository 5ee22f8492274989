"""Committees and terms 换届, and the secretaries' corps 书记队伍: terms with their election
record, committee posts, delayed elections, first secretaries, reserve cadres, training,
yearly reviews 述职评议 and audits of secretaries. Term status is derived (selectors.py)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.scope import ScopedModel, ScopedQuerySet
from members.choices import Education, Sex
from members.models import Member
from organizations.models import Organization

from .rules import AuditKind, CadreState, DelayState, Post, Rating, TermState


class Term(ScopedModel, models.Model):
    """One term 届 of an organization's committee (or lone secretary), from its election.
    `ends_on` is derived from `elected_on` and `years` by the service; at most one term of
    an organization is current."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="党组织", on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField("届次", null=True, blank=True)
    elected_on = models.DateField("选举日期")
    years = models.PositiveSmallIntegerField("任期年限")
    ends_on = models.DateField("任期届满日期", editable=False)
    state = models.CharField("状态", max_length=12, choices=TermState.choices, default=TermState.CURRENT)
    replaced_on = models.DateField("换届日期", null=True, blank=True)
    meeting = models.CharField("选举会议", max_length=120, default="党员大会")
    entitled = models.PositiveIntegerField("应到会党员数")
    present = models.PositiveIntegerField("实到会党员数")
    approved_on = models.DateField("上级党组织批复日期", null=True, blank=True)
    approval_ref = models.CharField("批复文号", max_length=80, blank=True)
    notes = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "届次"
        verbose_name_plural = "届次"
        ordering = ["organization_id", "-elected_on"]
        indexes = [
            # term status of many organizations: the current term of each, by end date
            models.Index(fields=["organization", "ends_on"], name="term_current_by_org", condition=Q(state="current")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(state="current"), name="term_one_current_per_org",
                violation_error_message="该组织已有一届在任班子，请先换届。",
            ),
            models.CheckConstraint(
                condition=Q(present__lte=F("entitled")), name="term_present_le_entitled",
                violation_error_message="实到会人数不能多于应到会人数。",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("elected_on")), name="term_ends_after_election",
                violation_error_message="任期届满日期必须晚于选举日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.elected_on:%Y}年选举"


class CommitteePostQuerySet(ScopedQuerySet):
    def active(self) -> "CommitteePostQuerySet":
        return self.filter(ended_on__isnull=True, term__state=TermState.CURRENT)


class CommitteePost(ScopedModel, models.Model):
    """A post on a term's committee held by a member of the roll, with the votes received."""

    scope_path_lookup = "term__organization__path"

    term = models.ForeignKey(Term, verbose_name="届次", on_delete=models.CASCADE, related_name="posts")
    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="committee_posts")
    post = models.CharField("职务", max_length=16, choices=Post.choices)
    votes = models.PositiveIntegerField("得票数", null=True, blank=True)
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("离任日期", null=True, blank=True)
    end_reason = models.CharField("离任原因", max_length=120, blank=True)

    objects = CommitteePostQuerySet.as_manager()

    class Meta:
        verbose_name = "班子成员"
        verbose_name_plural = "班子成员"
        ordering = ["term_id", "post", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["term"], condition=Q(post="secretary", ended_on__isnull=True), name="post_one_secretary",
                violation_error_message="一届班子同时只能有一名书记。",
            ),
            models.UniqueConstraint(
                fields=["term", "member"], condition=Q(ended_on__isnull=True), name="post_one_per_member",
                violation_error_message="同一党员在本届班子中只能担任一个职务。",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="post_end_after_start",
                violation_error_message="离任日期不能早于任职日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_post_display()}"


class TermDelay(ScopedModel, models.Model):
    """A request to delay an election 延期换届 and the higher committee's decision."""

    scope_path_lookup = "term__organization__path"

    term = models.ForeignKey(Term, verbose_name="届次", on_delete=models.CASCADE, related_name="delays")
    reason = models.TextField("延期理由")
    until = models.DateField("延期至")
    state = models.CharField("审批状态", max_length=12, choices=DelayState.choices, default=DelayState.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decision_ref = models.CharField("批复文号", max_length=80, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "延期换届"
        verbose_name_plural = "延期换届"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["term"], condition=Q(state="pending"), name="delay_one_pending_per_term",
                violation_error_message="该届已有一项待审批的延期申请。",
            ),
            models.CheckConstraint(
                condition=Q(state="pending") | Q(decided_on__isnull=False), name="delay_decided_has_date",
                violation_error_message="已审批的延期申请必须有审批日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term.organization} 延期至 {self.until}"


class FirstSecretary(ScopedModel, models.Model):
    """A first secretary 第一书记 sent to a village from outside (not on its roll)."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="派驻党组织", on_delete=models.PROTECT,
                                     related_name="first_secretaries")
    name = models.CharField("姓名", max_length=50)
    sending_unit = models.CharField("派出单位", max_length=120)
    position = models.CharField("原单位职务", max_length=80, blank=True)
    started_on = models.DateField("派驻日期")
    ended_on = models.DateField("期满日期", null=True, blank=True)
    notes = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "第一书记"
        verbose_name_plural = "第一书记"
        ordering = ["organization_id", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")), name="first_secretary_period",
                violation_error_message="期满日期必须晚于派驻日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.sending_unit}）"

    def is_serving(self, today: datetime.date | None = None) -> bool:
        today = today or datetime.date.today()
        return self.started_on <= today and (self.ended_on is None or self.ended_on >= today)


class ReserveCadre(ScopedModel, models.Model):
    """A reserve cadre 后备干部 for a village/community secretary (seed 003: at least 1:2)."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="党组织", on_delete=models.PROTECT,
                                     related_name="reserve_cadres")
    name = models.CharField("姓名", max_length=50)
    sex = models.CharField("性别", max_length=8, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    education = models.CharField("学历", max_length=24, choices=Education.choices, blank=True)
    current_job = models.CharField("现任职务", max_length=100, blank=True)
    member = models.ForeignKey(Member, verbose_name="对应党员", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    added_on = models.DateField("入库日期")
    state = models.CharField("状态", max_length=12, choices=CadreState.choices, default=CadreState.ACTIVE)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "后备干部"
        verbose_name_plural = "后备干部"
        ordering = ["organization_id", "name"]
        indexes = [models.Index(fields=["organization", "state"], name="reserve_org_state")]

    def __str__(self) -> str:
        return self.name


class TrainingCourse(ScopedModel, models.Model):
    """A training course for secretaries, organized by a township or the county."""

    scope_path_lookup = "organizer__path"

    organizer = models.ForeignKey(Organization, verbose_name="举办党组织", on_delete=models.PROTECT,
                                  related_name="training_courses")
    title = models.CharField("培训班名称", max_length=120)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    place = models.CharField("地点", max_length=120, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "培训班"
        verbose_name_plural = "培训班"
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__gte=F("started_on")), name="course_end_after_start",
                violation_error_message="结束日期不能早于开始日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> int:
        return (self.ended_on - self.started_on).days + 1


class TrainingAttendance(ScopedModel, models.Model):
    """A member (usually a secretary) who attended a course."""

    scope_path_lookup = "member__organization__path"

    course = models.ForeignKey(TrainingCourse, verbose_name="培训班", on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, verbose_name="参训人", on_delete=models.PROTECT, related_name="trainings")
    days = models.PositiveSmallIntegerField("参训天数")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"
        constraints = [
            models.UniqueConstraint(fields=["course", "member"], name="attendance_once",
                                    violation_error_message="该党员已登记参加此培训班。"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.course}"


class SecretaryReview(ScopedModel, models.Model):
    """A secretary's yearly report and review 述职评议考核: the participants' ratings are
    counted per grade and aggregated into `result` (rules.review_result)."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="党组织", on_delete=models.PROTECT,
                                     related_name="secretary_reviews")
    year = models.PositiveSmallIntegerField("年度")
    member = models.ForeignKey(Member, verbose_name="书记", on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField("评议日期")
    report = models.TextField("述职报告", blank=True)
    good = models.PositiveIntegerField("评“好”票数", default=0)
    fairly_good = models.PositiveIntegerField("评“较好”票数", default=0)
    average = models.PositiveIntegerField("评“一般”票数", default=0)
    poor = models.PositiveIntegerField("评“差”票数", default=0)
    result = models.CharField("评议结果", max_length=12, choices=Rating.choices, blank=True, editable=False)
    reviewer = models.CharField("评议单位", max_length=120)
    conclusion = models.TextField("评议意见", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "书记述职评议"
        verbose_name_plural = "书记述职评议"
        ordering = ["-year", "organization_id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "member"], name="review_once_a_year",
                                    violation_error_message="该书记本年度已有述职评议记录。"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.member} 述职评议"

    def counts(self) -> dict[str, int]:
        return {Rating.GOOD: self.good, Rating.FAIRLY_GOOD: self.fairly_good, Rating.AVERAGE: self.average,
                Rating.POOR: self.poor}


class SecretaryAudit(ScopedModel, models.Model):
    """A term or departure audit 任期/离任审计 of a secretary."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="党组织", on_delete=models.PROTECT,
                                     related_name="secretary_audits")
    member = models.ForeignKey(Member, verbose_name="书记", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("审计类型", max_length=12, choices=AuditKind.choices)
    department = models.CharField("审计部门", max_length=120)
    audited_on = models.DateField("审计日期")
    conclusion = models.TextField("审计结论")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "书记审计"
        verbose_name_plural = "书记审计"
        ordering = ["-audited_on"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()}"
