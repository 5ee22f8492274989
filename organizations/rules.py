"""Structural rules of the organization tree, as data and small pure functions."""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    COUNTY = "county", "县委"
    TOWNSHIP = "township", "乡镇（街道）党（工）委"
    PRIMARY = "primary", "基层党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    JOINT_BRANCH = "joint_branch", "联合党支部"
    PARTY_GROUP = "party_group", "党小组"


class Field(models.TextChoices):
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"
    ORGAN = "organ", "机关"
    INSTITUTION = "institution", "事业单位"
    SCHOOL = "school", "学校"
    HOSPITAL = "hospital", "卫生院（医院）"
    STATE_ENTERPRISE = "state_enterprise", "国有企业"
    PRIVATE_ENTERPRISE = "private_enterprise", "非公有制企业"
    SOCIAL_ORG = "social_org", "社会组织"


class Status(models.TextChoices):
    ACTIVE = "active", "正常"
    DISSOLVED = "dissolved", "已撤销"


BRANCH_KINDS = (Kind.BRANCH, Kind.JOINT_BRANCH)
# "两新" organizations: non-public enterprises and social organizations.
LIANGXIN_FIELDS = (Field.PRIVATE_ENTERPRISE, Field.SOCIAL_ORG)

# 中国共产党章程 / 支部工作条例: where each kind of organization may sit. None = the root.
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    Kind.COUNTY: (None,),
    Kind.TOWNSHIP: (Kind.COUNTY,),
    Kind.PRIMARY: (Kind.COUNTY, Kind.TOWNSHIP),
    Kind.GENERAL_BRANCH: (Kind.COUNTY, Kind.TOWNSHIP, Kind.PRIMARY),
    Kind.BRANCH: (Kind.TOWNSHIP, Kind.PRIMARY, Kind.GENERAL_BRANCH),
    Kind.JOINT_BRANCH: (Kind.TOWNSHIP, Kind.PRIMARY, Kind.GENERAL_BRANCH),
    Kind.PARTY_GROUP: (Kind.BRANCH, Kind.JOINT_BRANCH),
}


def parent_error(kind: str, parent_kind: str | None) -> str | None:
    """The Chinese message explaining why `kind` cannot sit under `parent_kind`, or None."""
    allowed = ALLOWED_PARENTS[kind]
    if parent_kind in allowed:
        return None
    label = Kind(kind).label
    if allowed == (None,):
        return f"{label}只能作为组织树的根节点。"
    if parent_kind is None:
        return f"{label}必须隶属于上级组织，不能作为根节点。"
    names = "、".join(Kind(k).label for k in allowed if k is not None)
    return f"{label}只能设在{names}之下，不能设在{Kind(parent_kind).label}之下。"
