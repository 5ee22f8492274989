"""Rules of committees and terms, as data and small pure functions. Numbers that vary by
county come from settings (config/settings.py, "Committees and terms")."""

from __future__ import annotations

import calendar
import datetime
from collections import Counter
from typing import Iterable

from django.conf import settings
from django.db import models

from organizations.rules import Field, Kind

# Organizations that elect a committee (or a lone secretary) for a term.
ELECTING_KINDS = (Kind.PRIMARY, Kind.GENERAL_BRANCH, Kind.BRANCH, Kind.JOINT_BRANCH)
# Village and community organizations: reserves 1:2 and the longer default term apply.
VILLAGE_FIELDS = (Field.VILLAGE, Field.COMMUNITY)


class Post(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY = "deputy", "副书记"
    ORGANIZATION = "organization", "组织委员"
    PUBLICITY = "publicity", "宣传委员"
    DISCIPLINE = "discipline", "纪检委员"
    YOUTH = "youth", "青年委员"
    UNITED_FRONT = "united_front", "统战委员"
    OTHER = "other", "其他委员"


class TermState(models.TextChoices):
    CURRENT = "current", "本届"
    REPLACED = "replaced", "已换届"


class TermStatus(models.TextChoices):
    """The derived status of an organization's term, never typed in."""

    CURRENT = "current", "任期内"
    EXPIRING = "expiring", "即将到期"
    OVERDUE = "overdue", "逾期未换届"
    DELAYED = "delayed", "延期换届（已批准）"
    NONE = "none", "无班子记录"


STATUS_BADGE = {
    TermStatus.CURRENT: "text-bg-success", TermStatus.EXPIRING: "text-bg-warning",
    TermStatus.OVERDUE: "text-bg-danger", TermStatus.DELAYED: "text-bg-info", TermStatus.NONE: "text-bg-secondary",
}


class DelayState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class Rating(models.TextChoices):
    GOOD = "good", "好"
    FAIRLY_GOOD = "fairly_good", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


class AuditKind(models.TextChoices):
    TERM = "term", "任期审计"
    DEPARTURE = "departure", "离任审计"


class CadreState(models.TextChoices):
    ACTIVE = "active", "在库"
    PROMOTED = "promoted", "已选任"
    REMOVED = "removed", "已调整出库"


# Time in post bands of the secretaries' roster: (label, min years, max years exclusive).
TENURE_BANDS = {
    "lt1": ("不满1年", 0, 1), "1_3": ("1至3年", 1, 3), "3_5": ("3至5年", 3, 5), "ge5": ("5年及以上", 5, None),
}


def years_between(start: datetime.date | None, end: datetime.date) -> int | None:
    """Whole years from `start` to `end` (None without a start)."""
    if start is None:
        return None
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months, clamped to the month's last day (31 Aug + 6 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def default_term_years(field: str) -> int:
    # 党章(2022)第三十条: 村、社区党组织每届任期5年；其他基层党委、总支、支部每届3至5年
    if field in VILLAGE_FIELDS:
        return settings.TERMS_VILLAGE_YEARS
    return settings.TERMS_OTHER_YEARS


def term_years_error(years: int) -> str | None:
    low, high = settings.TERMS_MIN_YEARS, settings.TERMS_MAX_YEARS
    if not low <= years <= high:
        return f"任期年限应为{low}至{high}年。"
    return None


def term_ends_on(elected_on: datetime.date, years: int) -> datetime.date:
    """The last day of a term: the same date `years` later (29 Feb → 28 Feb)."""
    return add_months(elected_on, years * 12)


def status_for(
    *, has_term: bool, ends_on: datetime.date | None, delay_until: datetime.date | None, today: datetime.date
) -> str:
    """The term status of one organization. The same rule runs in SQL in
    selectors.with_term_status; tests compare both."""
    if not has_term or ends_on is None:
        return TermStatus.NONE
    if delay_until is not None and delay_until >= today:
        return TermStatus.DELAYED
    due = max(ends_on, delay_until) if delay_until else ends_on
    if due < today:
        return TermStatus.OVERDUE
    if due <= add_months(today, settings.TERMS_EXPIRING_MONTHS):
        return TermStatus.EXPIRING
    return TermStatus.CURRENT


def committee_errors(*, full_members: int, posts: Iterable[str]) -> list[str]:
    """Why a set of elected posts does not fit a branch with `full_members` full members.

    支部工作条例第十一条: 正式党员7人以上的党支部设立支部委员会，委员一般3至5人、最多不超过7人；
    正式党员不足7人的党支部不设支部委员会，设书记1名，必要时设副书记1名。"""
    posts = list(posts)
    counts = Counter(posts)
    errors: list[str] = []
    if counts[Post.SECRETARY] != 1:
        errors.append("必须选出书记1名。")
    if full_members >= settings.TERMS_COMMITTEE_MIN_FULL_MEMBERS:
        low, high = settings.TERMS_COMMITTEE_MIN_SIZE, settings.TERMS_COMMITTEE_MAX_SIZE
        if not low <= len(posts) <= high:
            errors.append(
                f"正式党员{full_members}名（{settings.TERMS_COMMITTEE_MIN_FULL_MEMBERS}名以上）应设支部委员会，"
                f"委员{low}至{high}名（一般3至5名），现为{len(posts)}名。")
    else:
        if counts[Post.DEPUTY] > 1 or len(posts) - counts[Post.SECRETARY] - counts[Post.DEPUTY] > 0:
            errors.append(
                f"正式党员{full_members}名，不足{settings.TERMS_COMMITTEE_MIN_FULL_MEMBERS}名，不设支部委员会，"
                "只设书记1名，必要时设副书记1名。")
    return errors


def size_flags(*, full_members: int, total_members: int) -> list[str]:
    """Warnings about a branch's size (not errors: the election may still be recorded)."""
    flags = []
    if full_members < settings.TERMS_MIN_FULL_MEMBERS:
        flags.append(f"正式党员不足{settings.TERMS_MIN_FULL_MEMBERS}名，应与邻近单位成立联合党支部。")
    if total_members > settings.TERMS_BRANCH_MAX_MEMBERS:
        flags.append(f"党员超过{settings.TERMS_BRANCH_MAX_MEMBERS}名，可以成立党总支。")
    return flags


# 述职评议: each grade's points; the mean decides the result (好≥90, 较好≥75, 一般≥60, 差 below).
RATING_POINTS = {Rating.GOOD: 100, Rating.FAIRLY_GOOD: 80, Rating.AVERAGE: 60, Rating.POOR: 40}
RATING_THRESHOLDS = ((90, Rating.GOOD), (75, Rating.FAIRLY_GOOD), (60, Rating.AVERAGE))


def review_result(counts: dict[str, int]) -> str | None:
    """The aggregated result of the participants' ratings, or None when nobody rated."""
    total = sum(counts.get(r, 0) for r in Rating)
    if not total:
        return None
    mean = sum(RATING_POINTS[Rating(r)] * counts.get(r, 0) for r in Rating) / total
    for threshold, rating in RATING_THRESHOLDS:
        if mean >= threshold:
            return rating
    return Rating.POOR
