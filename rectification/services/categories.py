"""Problem categories 问题类别: the shared list (county empty, one per deployment, seeded from seed
003) and each county's own additions. A county's organization department keeps its county's
categories; the shared ones, like the dues rate table, are kept by a role above the counties
(accounts.scope.keeps_shared_reference_data: the system administrator), never by one county. A category used by a problem is deactivated, never deleted."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q

from accounts.scope import keeps_shared_reference_data
from audit.models import AuditAction
from audit.services import audit_record, diff, snapshot
from organizations.models import Organization
from organizations.rules import Kind

from ..models import Problem, ProblemCategory
from ..rules import COUNTY, RELAPSE_CATEGORY
from .access import may

CATEGORY_FIELDS = ("county_id", "code", "name", "sort_order", "is_active")
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_SORT = 32767  # PositiveSmallIntegerField


def can_change_category(user: Any, county: Organization | None) -> bool:
    """May `user` change the categories of `county` (None: the shared list)?"""
    if county is None:
        return keeps_shared_reference_data(user)
    return may(user, county.path, (COUNTY,))


def _require(actor: Any, county: Organization | None) -> None:
    # actor None is the system itself (migrations, demo seeding).
    if actor is None or can_change_category(actor, county):
        return
    if county is None:
        raise PermissionDenied("通用问题类别由各县共用，只有系统管理员可以修改；本县可以自设类别。")
    raise PermissionDenied(f"只有{county.name}组织部可以修改本县的问题类别。")


def _siblings(county: Organization | None) -> Any:
    """The categories shown beside one of `county`'s: the shared ones and the county's own
    (for a shared category: every category, since every county sees it)."""
    if county is None:
        return ProblemCategory.objects.all()
    return ProblemCategory.objects.filter(Q(county__isnull=True) | Q(county=county))


def _check_name(name: str, county: Organization | None, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "请填写类别名称。"})
    if len(name) > 60:
        raise ValidationError({"name": "类别名称不能超过 60 个字。"})
    clash = _siblings(county).filter(name=name).exclude(pk=exclude).select_related("county").first()
    if clash is not None:
        where = "通用类别" if clash.county_id is None else f"{clash.county.name}的类别"
        raise ValidationError({"name": f"已有名为“{name}”的问题类别（{where}）。"})
    return name


def _check_sort(sort_order: Any) -> int:
    try:
        value = int(sort_order)
    except (TypeError, ValueError):
        raise ValidationError({"sort_order": "排序号须为整数。"}) from None
    if not 0 <= value <= MAX_SORT:
        raise ValidationError({"sort_order": f"排序号须在 0 到 {MAX_SORT} 之间。"})
    return value


def _code(code: str, county: Organization | None) -> str:
    """A given code, checked; or a new one (codes are how the system itself names a category,
    e.g. repeated_failure for 回头看 relapses; names are free to change)."""
    code = (code or "").strip().lower()
    # A county's codes differ from the shared ones and from each other; a shared code from every code.
    taken = set(_siblings(county).values_list("code", flat=True))
    if code:
        if not CODE_RE.match(code):
            raise ValidationError({"code": "代码只能由小写字母、数字、下划线和连字符组成，以字母或数字开头，不超过 40 个字符。"})
        if code in taken:
            raise ValidationError({"code": f"代码“{code}”已被使用。"})
        return code
    prefix = f"c{county.pk}-" if county else "shared-"
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


@transaction.atomic
def category_add(*, county: Organization | None, name: str, actor: Any, code: str = "",
                 sort_order: int | None = None) -> ProblemCategory:
    """新增问题类别: the county's own (county given) or a shared one (county None).
    Without a sort order it goes last among those the county sees."""
    _require(actor, county)
    if county is not None and (county.kind != Kind.COUNTY or county.depth != 1):
        raise ValidationError("问题类别按县设置，请选择县委。")
    name = _check_name(name, county)
    if sort_order is None:
        top = _siblings(county).aggregate(top=Max("sort_order"))["top"] or 0
        sort_order = min(top + 10, MAX_SORT)
    category = ProblemCategory(county=county, name=name, code=_code(code, county), sort_order=_check_sort(sort_order))
    category.full_clean()
    category.save()
    audit_record(action=AuditAction.CREATE, obj=category, actor=actor,
                 changes=diff({}, snapshot(category, CATEGORY_FIELDS)))
    return category


def _locked(category: ProblemCategory) -> ProblemCategory:
    return ProblemCategory.objects.select_for_update(of=("self",)).select_related("county").get(pk=category.pk)


@transaction.atomic
def category_update(*, category: ProblemCategory, actor: Any, name: str | None = None,
                    sort_order: int | None = None) -> ProblemCategory:
    """改名或调整排序. The code stays: the system finds categories by code."""
    category = _locked(category)
    _require(actor, category.county)
    before = snapshot(category, CATEGORY_FIELDS)
    if name is not None:
        category.name = _check_name(name, category.county, exclude=category.pk)
    if sort_order is not None:
        category.sort_order = _check_sort(sort_order)
    changes = diff(before, snapshot(category, CATEGORY_FIELDS))
    if changes:
        category.save(update_fields=["name", "sort_order"])
        audit_record(action=AuditAction.UPDATE, obj=category, actor=actor, changes=changes)
    return category


@transaction.atomic
def categories_reorder(*, orders: dict[int, Any], actor: Any) -> int:
    """保存排序: new sort numbers for several categories at once; each must be one the actor
    may change. Returns how many changed (each audited)."""
    categories = list(ProblemCategory.objects.select_for_update(of=("self",)).select_related("county")
                      .filter(pk__in=list(orders)).order_by("pk"))
    if len(categories) != len(orders):
        raise ValidationError("有的问题类别不存在，请刷新页面后重试。")
    changed = 0
    for category in categories:
        _require(actor, category.county)
        value = _check_sort(orders[category.pk])
        if value != category.sort_order:
            audit_record(action=AuditAction.UPDATE, obj=category, actor=actor,
                         changes={"sort_order": [category.sort_order, value]})
            category.sort_order = value
            category.save(update_fields=["sort_order"])
            changed += 1
    return changed


@transaction.atomic
def category_set_active(*, category: ProblemCategory, active: bool, actor: Any) -> ProblemCategory:
    """停用 (no longer offered for new problems; problems already recorded keep it) or 启用."""
    category = _locked(category)
    _require(actor, category.county)
    if category.is_active != active:
        category.is_active = active
        category.save(update_fields=["is_active"])
        audit_record(action=AuditAction.UPDATE, obj=category, actor=actor, changes={"is_active": [not active, active]})
    return category


def problems_using(category: ProblemCategory) -> int:
    return Problem.objects.filter(category=category).count()


def is_system_category(category: ProblemCategory) -> bool:
    return category.county_id is None and category.code == RELAPSE_CATEGORY


@transaction.atomic
def category_delete(*, category: ProblemCategory, actor: Any) -> None:
    """删除 a category no problem has used (a mistaken entry). The row lock makes a problem
    being recorded with it at the same moment wait, then fail on the missing category."""
    category = _locked(category)
    _require(actor, category.county)
    if is_system_category(category):
        raise ValidationError(f"问题类别“{category.name}”供回头看发现反弹时自动登记问题使用，不能删除；可以改名或停用。")
    used = problems_using(category)
    if used:
        raise ValidationError(f"问题类别“{category.name}”已用于 {used} 个问题，不能删除；不再使用时请停用。")
    audit_record(action=AuditAction.DELETE, obj=category, actor=actor, changes=snapshot(category, CATEGORY_FIELDS))
    category.delete()
