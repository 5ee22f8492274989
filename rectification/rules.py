"""Rules of the rectification work (软弱涣散基层党组织整顿), as data and small pure functions."""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass

from django.db import models


class Policy(models.TextChoices):
    # seed 003: "动态管理、不定比例"; seed 001: 村不低于10%、社区和其他领域不低于5%
    DYNAMIC = "dynamic", "动态管理、不定比例"
    QUOTA = "quota", "按比例确定"


class RectStatus(models.TextChoices):
    CANDIDATE = "candidate", "候选"
    DECLINED = "declined", "未列入"
    LISTED = "listed", "整顿中"
    ACCEPTANCE_PROPOSED = "acceptance_proposed", "申请验收"
    ACCEPTED = "accepted", "已验收销号"
    CONSOLIDATED = "consolidated", "回头看巩固"
    CARRIED_OVER = "carried_over", "已结转下年"


class MeasureStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_PROGRESS = "in_progress", "整改中"
    PROPOSED_CLOSED = "proposed_closed", "申请销号"
    CLOSED = "closed", "已销号"


class ProblemSource(models.TextChoices):
    TOWNSHIP_CHECK = "township_check", "乡镇排查"
    COUNTY_CHECK = "county_check", "县级督查"
    PUBLIC = "public", "群众反映"
    ASSESSMENT = "assessment", "考评结果"
    RECHECK = "recheck", "回头看"
    CARRY_OVER = "carry_over", "上年结转"
    OTHER = "other", "其他"


class LeaderRole(models.TextChoices):
    # seed 003: "县领导挂点包村、镇党委书记挂点整顿、第一书记驻点整顿"
    COUNTY_LEADER = "county_leader", "县领导挂点"
    TOWNSHIP_SECRETARY = "township_secretary", "镇党委书记挂点"
    FIRST_SECRETARY = "first_secretary", "第一书记驻点"
    WORK_TEAM = "work_team", "工作队驻点"


# Who may act: "county" = a county officer covering the organization; "township" = township
# staff or a county officer covering it; "branch" = the secretary of a branch covering it.
Actor = str
COUNTY, TOWNSHIP, BRANCH = "county", "township", "branch"
ACTOR_LABELS = {COUNTY: "县委组织部", TOWNSHIP: "乡镇党委", BRANCH: "党支部"}


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    actors: tuple[Actor, ...]
    needs_reason: bool = False


# 整改一个、销号一个 (seed 003); 群众认可一件、销号一件 (seed 001)
MEASURE_TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    Transition("start", "开始整改", (MeasureStatus.DRAFT,), MeasureStatus.IN_PROGRESS, (TOWNSHIP, BRANCH)),
    Transition("propose_close", "申请销号", (MeasureStatus.IN_PROGRESS,), MeasureStatus.PROPOSED_CLOSED, (TOWNSHIP, BRANCH)),
    Transition("close", "销号", (MeasureStatus.PROPOSED_CLOSED,), MeasureStatus.CLOSED, (TOWNSHIP,)),
    Transition("send_back", "退回", (MeasureStatus.PROPOSED_CLOSED,), MeasureStatus.IN_PROGRESS, (TOWNSHIP,), needs_reason=True),
    Transition("reopen", "重新打开", (MeasureStatus.CLOSED,), MeasureStatus.IN_PROGRESS, (TOWNSHIP,), needs_reason=True),
)}

# The organization's own path: candidate → listed → acceptance → re-check (回头看).
RECT_TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    Transition("list", "列入整顿名单", (RectStatus.CANDIDATE,), RectStatus.LISTED, (COUNTY,)),
    Transition("decline", "不列入", (RectStatus.CANDIDATE,), RectStatus.DECLINED, (COUNTY,)),
    Transition("propose_acceptance", "申请验收", (RectStatus.LISTED,), RectStatus.ACCEPTANCE_PROPOSED, (TOWNSHIP,)),
    Transition("accept", "验收销号", (RectStatus.ACCEPTANCE_PROPOSED,), RectStatus.ACCEPTED, (COUNTY,)),
    Transition("reject_acceptance", "验收不通过", (RectStatus.ACCEPTANCE_PROPOSED,), RectStatus.LISTED, (COUNTY,), needs_reason=True),
    Transition("recheck_pass", "回头看通过", (RectStatus.ACCEPTED,), RectStatus.CONSOLIDATED, (TOWNSHIP,)),
    Transition("relapse", "回头看发现反弹", (RectStatus.ACCEPTED, RectStatus.CONSOLIDATED), RectStatus.LISTED, (TOWNSHIP,), needs_reason=True),
)}

# Statuses that count as "on the list" of a year (for quotas and progress figures).
ON_LIST = (RectStatus.LISTED, RectStatus.ACCEPTANCE_PROPOSED, RectStatus.ACCEPTED,
           RectStatus.CONSOLIDATED, RectStatus.CARRIED_OVER)
# Statuses that end the year unfinished, so the organization carries over.
UNFINISHED = (RectStatus.LISTED, RectStatus.ACCEPTANCE_PROPOSED)
DONE = (RectStatus.ACCEPTED, RectStatus.CONSOLIDATED)
OPEN_MEASURE = (MeasureStatus.DRAFT, MeasureStatus.IN_PROGRESS, MeasureStatus.PROPOSED_CLOSED)

# The shared category under which the system itself records a relapse found by 回头看
# (services/lists.py): it may be renamed or deactivated, never deleted.
RELAPSE_CATEGORY = "repeated_failure"

# Typical problems by field of work (seed 003). Seeded as ProblemCategory rows; counties add more.
DEFAULT_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("weak_leader", "带头人能力不强、组织动员力弱"),
    ("disorganized", "办事不公、管理混乱"),
    ("irregular_meetings", "组织生活不经常"),
    ("interference", "宗族宗教宗派和黑恶势力干扰渗透"),
    ("repeated_failure", "反复整顿无效、群众反映强烈"),
    ("lax_discipline", "管党治党不力、纪律规矩意识淡薄"),
    ("weak_political_work", "思想政治工作薄弱"),
    ("no_new_members", "长期未发展党员"),
    ("empty_shell", "活动不正常或“空壳”党组织"),
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quota_required(total: int, percent: float) -> int:
    """Organizations a quota asks for: "不低于 N%" rounds up (3% of 10 villages → 1)."""
    if total <= 0 or percent <= 0:
        return 0
    return math.ceil(total * percent / 100 - 1e-9)


# Field groups of the quota (seed 001): villages, communities, and every other field.
QUOTA_GROUPS = (("village", "村"), ("community", "社区"), ("other", "其他领域"))


def quota_group(field: str) -> str:
    return field if field in ("village", "community") else "other"
