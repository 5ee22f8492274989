"""Party dues 党费: the rate table (data with an effective date), each member's monthly
base, and the payments — which are never deleted, only reversed with a reason."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from accounts.scope import ScopedModel, ScopedQuerySet
from members.models import Member
from organizations.models import Organization

from .choices import BaseKind, Entry
from .rules import INCOME_KINDS, Rate


class DuesRate(models.Model):
    """One band of the rate table: a percentage of income up to `upper_bound`, a fixed
    amount, or a range (farmers). A new table is new rows with a later effective date."""

    kind = models.CharField("党员类别", max_length=16, choices=BaseKind.choices)
    effective_from = models.DateField("生效日期")
    upper_bound = models.DecimalField("收入上限（含，元）", max_digits=10, decimal_places=2, null=True, blank=True,
                                      help_text="空表示无上限")
    percent = models.DecimalField("交纳比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    fixed_amount = models.DecimalField("固定金额（元/月）", max_digits=8, decimal_places=2, null=True, blank=True)
    min_amount = models.DecimalField("最低金额（元/月）", max_digits=8, decimal_places=2, null=True, blank=True)
    max_amount = models.DecimalField("最高金额（元/月）", max_digits=8, decimal_places=2, null=True, blank=True)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        verbose_name = "党费标准"
        verbose_name_plural = "党费标准"
        ordering = ["kind", "-effective_from", "upper_bound"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from", "upper_bound"], nulls_distinct=False,
                                    name="duesrate_one_band", violation_error_message="同一生效日期下该档次已存在。"),
            models.CheckConstraint(
                condition=(Q(percent__isnull=False) & Q(fixed_amount__isnull=True) & Q(min_amount__isnull=True))
                | (Q(percent__isnull=True) & Q(fixed_amount__isnull=False) & Q(min_amount__isnull=True))
                | (Q(percent__isnull=True) & Q(fixed_amount__isnull=True) & Q(min_amount__isnull=False)
                   & Q(max_amount__isnull=False)),
                name="duesrate_one_rule", violation_error_message="每一档只能是比例、固定金额或金额区间之一。"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_from:%Y-%m-%d} ≤{self.upper_bound or '∞'}"

    def as_rate(self) -> Rate:
        return Rate(kind=self.kind, effective_from=self.effective_from, upper_bound=self.upper_bound,
                    percent=self.percent, fixed_amount=self.fixed_amount, min_amount=self.min_amount,
                    max_amount=self.max_amount)


class DuesBase(ScopedModel, models.Model):
    """党费基数: what a member's monthly dues are computed from, from a month on
    (post-tax pay, pension, or a category such as farmer or student)."""

    scope_path_lookup = "member__organization__path"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="dues_bases")
    kind = models.CharField("党员类别", max_length=16, choices=BaseKind.choices)
    monthly_income = models.DecimalField("月收入（税后工资或离退休费，元）", max_digits=10, decimal_places=2,
                                         null=True, blank=True)
    fixed_amount = models.DecimalField("自报金额（农民党员，元/月）", max_digits=8, decimal_places=2, null=True, blank=True)
    effective_from = models.DateField("起始月份")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="核定人", null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("核定时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党费基数"
        verbose_name_plural = "党费基数"
        ordering = ["member_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["member", "effective_from"], name="duesbase_one_per_month",
                                    violation_error_message="该党员该月份已核定党费基数。"),
            models.CheckConstraint(condition=Q(effective_from__day=1), name="duesbase_month_start",
                                   violation_error_message="起始月份须为某月1日。"),
            models.CheckConstraint(
                condition=~Q(kind__in=INCOME_KINDS) | Q(monthly_income__isnull=False, monthly_income__gte=0),
                name="duesbase_income_for_income_kinds",
                violation_error_message="在岗职工和离退休人员须填写月收入。"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.effective_from:%Y-%m}"


class DuesPayment(ScopedModel, models.Model):
    """One month's dues paid by one member, collected by a branch. A mistaken entry is
    reversed by a second row with the negative amount and a reason; the first row is
    flagged `is_reversed`. A database trigger refuses DELETE (migration 0003)."""

    scope_path_lookup = "organization__path"

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="dues_payments")
    organization = models.ForeignKey(Organization, verbose_name="收缴党支部", on_delete=models.PROTECT,
                                     related_name="dues_payments")
    month = models.DateField("所属月份")
    entry = models.CharField("类型", max_length=10, choices=Entry.choices, default=Entry.PAYMENT)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    amount_due = models.DecimalField("应交金额（元）", max_digits=10, decimal_places=2)
    paid_on = models.DateField("交纳日期")
    is_reversed = models.BooleanField("已冲正", default=False)
    reverses = models.OneToOneField("self", verbose_name="冲正的缴费", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversal")
    reason = models.CharField("冲正原因", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经收人", null=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党费缴纳"
        verbose_name_plural = "党费缴纳"
        ordering = ["-month", "member_id", "id"]
        indexes = [
            models.Index(fields=["member", "month"], name="duespay_member_month"),
            models.Index(fields=["organization", "month"], name="duespay_org_month"),
            # whether a rate set is in use: EXISTS of payments in its month range (selectors.load_sets)
            models.Index(fields=["month"], name="duespay_month"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], condition=Q(entry="payment", is_reversed=False),
                                    name="duespay_once_per_month",
                                    violation_error_message="该党员该月党费已交纳。"),
            models.CheckConstraint(condition=Q(month__day=1), name="duespay_month_start",
                                   violation_error_message="所属月份须为某月1日。"),
            models.CheckConstraint(
                condition=(Q(entry="payment", amount__gt=0, reverses__isnull=True))
                | (Q(entry="reversal", amount__lt=0, reverses__isnull=False, is_reversed=False) & ~Q(reason="")),
                name="duespay_entry_shape",
                violation_error_message="缴纳金额须大于零；冲正须指明原缴费、金额为负并填写原因。"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m} {self.amount}元"

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValidationError("党费缴纳记录不能删除，只能冲正。")


class DuesTally(models.Model):
    """收缴汇总: per collecting branch, member and year, the net amount collected and the
    number of live monthly payments — the figures the collection tables and the dashboards
    read instead of scanning every payment. Never written by Python: database triggers on
    dues_duespayment (migration 0004) apply every INSERT and UPDATE in the same statement,
    so the tally always equals the ledger, whichever code path (service, COPY, admin) wrote."""

    scope_path_lookup = "organization__path"

    # no index of its own: the unique and the covering index both lead with it
    organization = models.ForeignKey(Organization, verbose_name="收缴党支部", on_delete=models.PROTECT,
                                     related_name="+", db_index=False)
    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    year = models.SmallIntegerField("年度")
    collected = models.DecimalField("实收金额（元）", max_digits=12, decimal_places=2)
    live_months = models.SmallIntegerField("有效缴纳月数")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党费收缴汇总"
        verbose_name_plural = "党费收缴汇总"
        constraints = [models.UniqueConstraint(fields=["organization", "member", "year"], name="duestally_unique")]
        # index-only reads of a county's year: organization → year, with the summed columns
        indexes = [models.Index(fields=["organization", "year"], include=["member", "collected", "live_months"],
                                name="duestally_org_year")]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.member_id} {self.year} {self.collected}元"
