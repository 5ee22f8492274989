"""The organization tree: one model for every node, on a materialized path."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from accounts.scope import ScopedModel, ScopedQuerySet

from .rules import BRANCH_KINDS, Field, Kind, Status


class OrganizationQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def active(self) -> "OrganizationQuerySet":
        return self.filter(status=Status.ACTIVE)

    def branches(self) -> "OrganizationQuerySet":
        return self.filter(kind__in=BRANCH_KINDS)

    def under(self, ancestor: "Organization") -> "OrganizationQuerySet":
        """The ancestor and everything below it."""
        return self.filter(path__startswith=ancestor.path)


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):  # type: ignore[misc]
    def get_queryset(self) -> OrganizationQuerySet:
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(ScopedModel, MP_Node):
    """A Party organization: county committee, township committee, primary committee,
    general branch, branch, joint branch or party group. Its subtree is every node whose
    path starts with its path."""

    steplen = 4
    node_order_by = None
    scope_path_lookup = "path"

    name = models.CharField("名称", max_length=120)
    short_name = models.CharField("简称", max_length=60, blank=True)
    code = models.CharField("组织代码", max_length=40, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    field = models.CharField("领域", max_length=24, choices=Field.choices, blank=True)
    unit_name = models.CharField("所在单位", max_length=120, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.ACTIVE)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrganizationManager()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        indexes = [
            # subtree = path prefix: LIKE 'path%' needs a pattern-ops index whatever the collation
            models.Index(fields=["path"], name="org_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "status"], name="org_kind_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="org_code_unique",
                violation_error_message="组织代码已被其他组织使用。",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.ACTIVE, dissolved_on__isnull=True)
                | Q(status=Status.DISSOLVED, dissolved_on__isnull=False),
                name="org_dissolved_has_date",
                violation_error_message="已撤销的组织必须有撤销日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_branch(self) -> bool:
        return self.kind in BRANCH_KINDS

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    def ancestors_chain(self) -> list["Organization"]:
        """Ancestors from the root down, in one query."""
        paths = [self.path[: i * self.steplen] for i in range(1, self.depth)]
        return list(Organization.objects.filter(path__in=paths).order_by("depth"))
