"""Enumerations of organizational life records and the compliance engine."""

from __future__ import annotations

from django.db import models


class Target(models.TextChoices):
    """Which organizations a meeting type (and its requirement) applies to."""

    BRANCH = "branch", "党支部"
    PARTY_GROUP = "party_group", "党小组"


class PeriodUnit(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    SUPERSEDED = "superseded", "已更正（旧版本）"


class Mark(models.TextChoices):
    PRESENT = "present", "出席"
    LEAVE = "leave", "请假"
    ABSENT = "absent", "缺席"


# The order a tap cycles through on the entry page.
MARK_CYCLE = (Mark.PRESENT, Mark.LEAVE, Mark.ABSENT)


class FileKind(models.TextChoices):
    PHOTO = "photo", "现场照片"
    SIGN_IN = "sign_in", "签到表"
    OTHER = "other", "其他材料"


class CellState(models.TextChoices):
    DONE = "done", "已完成"
    MISSING = "missing", "缺项"
    OPEN = "open", "进行中"
    FUTURE = "future", "未开始"
    NONE = "none", "无要求"
