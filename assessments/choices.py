"""Enumerations of assessments 考评."""

from __future__ import annotations

from django.db import models


class Grade(models.TextChoices):
    """分类定级 (seed 004): 先进 / 一般 / 后进."""

    ADVANCED = "advanced", "先进"
    ORDINARY = "ordinary", "一般"
    LAGGING = "lagging", "后进"


# Order used to tell who moved up (晋位升级) and who slipped.
GRADE_LEVEL = {Grade.LAGGING: 0, Grade.ORDINARY: 1, Grade.ADVANCED: 2}


class Good(models.TextChoices):
    """The five "goods" of seed 004, each with a short justification."""

    LEADERSHIP = "leadership", "领导班子好"
    MEMBERS = "members", "党员队伍好"
    MECHANISM = "mechanism", "工作机制好"
    RESULTS = "results", "工作业绩好"
    OPINION = "opinion", "群众反映好"


class GradingStatus(models.TextChoices):
    PROPOSED = "proposed", "乡镇已提出"
    CONFIRMED = "confirmed", "县委已确认"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "使用中"
    SUPERSEDED = "superseded", "已被新版本取代"


class ItemKind(models.TextChoices):
    BASIC = "basic", "基本项"
    BONUS = "bonus", "加分项"
    DEDUCTION = "deduction", "扣分项"


class Step(models.TextChoices):
    """达标创优 in three steps (seed 002), then done."""

    SELF = "self", "基层自评"
    PUBLIC = "public", "群众测评"
    ORG = "org", "组织考评"
    DONE = "done", "已完成"


class ScoreStep(models.TextChoices):
    SELF = "self", "基层自评"
    ORG = "org", "组织考评"


class RespondentGroup(models.TextChoices):
    MEMBERS = "members", "党员代表"
    RESIDENTS = "residents", "群众代表"
    SERVED = "served", "服务对象"
    OTHERS = "others", "其他"


class ReviewResult(models.TextChoices):
    EXCELLENT = "excellent", "创优"
    PASSED = "passed", "达标"
    FAILED = "failed", "不达标"


class MemberGrade(models.TextChoices):
    """民主评议党员 and seed 003's quarterly satisfaction rating: the same four grades."""

    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class RoundMode(models.TextChoices):
    ANNUAL = "annual", "年度民主评议"
    QUARTERLY = "quarterly", "季度满意度测评"


class RoundStatus(models.TextChoices):
    OPEN = "open", "进行中"
    DECIDED = "decided", "已表决"
    CLOSED = "closed", "已结束"


class Handling(models.TextChoices):
    """What is done with a member rated 不合格 (党章, 关于稳妥有序开展不合格党员组织处置工作的意见)."""

    CORRECTION = "correction", "限期改正"
    PERSUADE = "persuade", "劝退"
    REMOVAL = "removal", "除名"
