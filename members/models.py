"""The member roll 党员名册: members, their migrant details, transfers and import jobs."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.scope import ScopedModel, ScopedQuerySet
from core.files import RandomName, private_storage
from organizations.models import Organization

from .choices import (
    ACTIVE_STATUSES,
    Category,
    Education,
    Ethnicity,
    ImportStatus,
    MemberStatus,
    Sex,
    TransferKind,
    TransferStatus,
)
from .crypto import EncryptedTextField
from .idcard import mask_id, mask_phone
from .querysets import MemberQuerySet, TransferQuerySet


class PersonRecord(ScopedModel, models.Model):
    """The personal data kept of a person on a branch's books, as on the roll: the member
    and the applicant in the development pipeline (development.Applicant). The ID number
    and phone are encrypted at rest; `id_number_index` (HMAC blind index) serves exact
    lookup and uniqueness. The concrete model has an `organization`."""

    # beside the masked ID number the full birth date would fill it in (idcard.mask_id)
    audit_redacted_fields = ("birth_date",)

    name = models.CharField("姓名", max_length=50, db_index=True)
    sex = models.CharField("性别", max_length=8, choices=Sex.choices)
    ethnicity = models.CharField("民族", max_length=2, choices=Ethnicity.choices, default="01")
    birth_date = models.DateField("出生日期")
    id_number = EncryptedTextField("公民身份号码")
    id_number_index = models.CharField("身份号码索引", max_length=64, editable=False)
    phone = EncryptedTextField("联系电话", blank=True, default="")
    education = models.CharField("学历", max_length=24, choices=Education.choices, blank=True)
    occupation = models.CharField("工作单位及职务", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    scope_path_lookup = "organization__path"  # the concrete model has the `organization` (its related_name)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    # what lists and exports show: the masked ID number and phone (idcard.mask_id, mask_phone), and
    # the birth year only, since the full birth date would fill in the mask's hidden digits
    id_number_masked = property(lambda self: mask_id(self.id_number))
    phone_masked = property(lambda self: mask_phone(self.phone))
    birth_year = property(lambda self: self.birth_date.year)


class Member(PersonRecord):
    """A Party member on a branch's roll. The ID number and phone are encrypted at rest;
    `id_number_index` (HMAC blind index) serves exact lookup and uniqueness."""

    join_date = models.DateField("入党日期")
    full_member_date = models.DateField("转正日期", null=True, blank=True)
    category = models.CharField("人员类别", max_length=16, choices=Category.choices, default=Category.FULL)
    status = models.CharField("党籍状态", max_length=20, choices=MemberStatus.choices, default=MemberStatus.IN_BRANCH)
    organization = models.ForeignKey(
        Organization, verbose_name="所在党支部", on_delete=models.PROTECT, related_name="members")
    party_group = models.ForeignKey(
        Organization, verbose_name="所在党小组", null=True, blank=True, on_delete=models.SET_NULL, related_name="group_members")
    is_hardship = models.BooleanField("困难党员", default=False)
    is_elderly = models.BooleanField("老党员", default=False)
    is_lost_contact = models.BooleanField("失联党员", default=False)
    notes = models.TextField("备注", blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        ordering = ["organization_id", "name", "id"]
        indexes = [
            models.Index(fields=["organization", "status"], name="member_org_status"),
            models.Index(fields=["id_number_index"], name="member_id_index"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_index"], condition=Q(status__in=ACTIVE_STATUSES), name="member_one_active_per_id",
                violation_error_message="该公民身份号码已有一条在册党员记录。",
            ),
            models.CheckConstraint(
                condition=Q(full_member_date__isnull=True) | Q(full_member_date__gt=F("join_date")),
                name="member_full_after_join", violation_error_message="转正日期必须晚于入党日期。",
            ),
            models.CheckConstraint(
                condition=Q(join_date__gt=F("birth_date")),
                name="member_join_after_birth", violation_error_message="入党日期必须晚于出生日期。",
            ),
        ]

    def age(self, today: datetime.date | None = None) -> int:
        today = today or datetime.date.today()
        return today.year - self.birth_date.year - ((today.month, today.day) < (self.birth_date.month, self.birth_date.day))


class MigrantInfo(ScopedModel, models.Model):
    """Where a migrant member 流动党员 is and who hosts their organizational life."""

    scope_path_lookup = "member__organization__path"

    member = models.OneToOneField(Member, verbose_name="党员", on_delete=models.CASCADE, related_name="migrant_info")
    destination = models.CharField("流入地", max_length=120)
    work_unit = models.CharField("务工经商单位", max_length=120, blank=True)
    contact = models.CharField("流入地联系方式", max_length=60, blank=True)
    host_organization = models.CharField("参加组织生活的党组织", max_length=120, blank=True)
    left_on = models.DateField("外出日期", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "流动党员信息"
        verbose_name_plural = "流动党员信息"

    def __str__(self) -> str:
        return f"{self.member} → {self.destination}"


class Transfer(models.Model):
    """A transfer of membership 组织关系转接 with its introduction letter 介绍信. Internal
    transfers move the member when the receiving branch confirms; external ones record
    the letter and its receipt 回执."""

    member = models.ForeignKey(Member, verbose_name="党员", on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField("转接类型", max_length=16, choices=TransferKind.choices)
    status = models.CharField("状态", max_length=12, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    from_org = models.ForeignKey(
        Organization, verbose_name="转出党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey(
        Organization, verbose_name="接收党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    external_org_name = models.CharField("系统外党组织名称", max_length=120, blank=True)
    letter_number = models.CharField("介绍信编号", max_length=40)
    letter_date = models.DateField("开具日期")
    valid_until = models.DateField("有效期至")
    receipt_date = models.DateField("回执日期", null=True, blank=True)
    receipt_number = models.CharField("回执编号", max_length=40, blank=True)
    reason = models.CharField("转接原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("接收时间", null=True, blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        ordering = ["-created_at", "-id"]
        indexes = [
            # the hourly expiry sweep: pending transfers by letter validity
            models.Index(fields=["valid_until"], condition=Q(status="pending"), name="transfer_pending_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(status="pending"), name="transfer_one_pending_per_member",
                violation_error_message="该党员已有一项待接收的组织关系转接。",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("letter_date")), name="transfer_valid_after_letter",
                violation_error_message="介绍信有效期不能早于开具日期。",
            ),
            models.CheckConstraint(
                condition=(Q(kind="internal") & Q(from_org__isnull=False) & Q(to_org__isnull=False))
                | (Q(kind="out_external") & Q(from_org__isnull=False) & ~Q(external_org_name=""))
                | (Q(kind="in_external") & Q(to_org__isnull=False) & ~Q(external_org_name="")),
                name="transfer_sides_match_kind",
                violation_error_message="转接双方与转接类型不符。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.letter_number}"

    def audit_org_path(self) -> str:
        # not a ScopedModel: a transfer is seen from both sides (TransferQuerySet.for_user), and
        # its audit rows are filed under the sending organization, else the receiving one
        org = self.from_org if self.from_org_id else self.to_org
        return org.path if org else ""

    @property
    def is_overdue(self) -> bool:
        return self.status == TransferStatus.PENDING and self.valid_until < datetime.date.today()


class ImportJob(ScopedModel, models.Model):
    """An uploaded roll file: its dry-run result (row errors) and, once confirmed, the
    import. Large files are processed by a Celery task that updates `done`/`total`."""

    scope_path_lookup = "scope_path"

    # plaintext ID numbers: in the private storage under a random name, never served
    file = models.FileField("文件", upload_to=RandomName("imports"), storage=private_storage, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    scope_path = models.CharField("导入范围组织路径", max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    total = models.PositiveIntegerField("总行数", default=0)
    done = models.PositiveIntegerField("已处理行数", default=0)
    errors = models.JSONField("错误行", default=list, blank=True)
    summary = models.JSONField("结果摘要", default=dict, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党员导入"
        verbose_name_plural = "党员导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class ColumnMapping(ScopedModel, models.Model):
    """A township's answer to "which column is which" for a roll file whose header names a
    required column in a way the reader does not know: {required column: the file's column
    number}, kept for the header it was given for (the fingerprint of the header's cells) and
    applied to the township's next file with the same header."""

    scope_path_lookup = "organization__path"

    organization = models.ForeignKey(Organization, verbose_name="组织", on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField("表头指纹", max_length=64)
    headers = models.JSONField("表头", default=list)
    mapping = models.JSONField("列对应关系", default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="设置人", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "名册列对应关系"
        verbose_name_plural = "名册列对应关系"
        constraints = [models.UniqueConstraint(fields=["organization", "fingerprint"], name="member_column_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.fingerprint[:8]}"
