"""Enumerations of member development 发展党员: the stages, the steps of the procedure, the
kinds of time limit."""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"
    STOPPED = "stopped", "已终止培养"


class StepKind(models.TextChoices):
    APPLICATION = "application", "递交入党申请书"
    TALK = "talk", "派人谈话"
    ACTIVIST = "activist", "确定为入党积极分子"
    OBSERVATION = "observation", "培养教育考察记录"
    CANDIDATE = "candidate", "确定为发展对象"
    POLITICAL_REVIEW = "political_review", "政治审查"
    SHORT_TRAINING = "short_training", "集中培训"
    PUBLIC_NOTICE = "public_notice", "发展公示"
    BRANCH_MEETING = "branch_meeting", "支部大会讨论接收预备党员"
    APPROVAL = "approval", "上级党委审批（预备党员）"
    OATH = "oath", "入党宣誓"
    EXTENSION = "extension", "延长预备期"
    FULL_MEETING = "full_meeting", "支部大会讨论转正"
    FULL_APPROVAL = "full_approval", "上级党委审批（转正）"


class DueKind(models.TextChoices):
    TALK = "talk", "谈话期限"
    CANDIDATE = "candidate", "可确定为发展对象"
    APPROVAL = "approval", "上级党委审批期限"
    PROBATION_END = "probation_end", "预备期满，讨论转正"
    FULL_APPROVAL = "full_approval", "转正审批期限"
