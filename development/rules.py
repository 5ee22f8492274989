"""The rules of member development 发展党员 as data and small pure functions.

Source: 《中国共产党发展党员工作细则》(2014) and the Party Constitution (2022). Every number
is a setting with the national default (config/settings.py, JICENG_DEV_*), read through
`Limits.current()` so a test or a county can change it."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from workcalendar import selectors as calendar_selectors


class Stage(models.TextChoices):
    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"
    STOPPED = "stopped", "已终止培养"


# Stages still in the pipeline (one open record per ID number).
OPEN_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)


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


# Steps that may be recorded several times (a training log has many entries).
REPEATABLE = frozenset({StepKind.OBSERVATION})
# Steps recorded by the higher committee (township or above), not by the branch.
HIGHER_COMMITTEE_STEPS = frozenset({StepKind.APPROVAL, StepKind.FULL_APPROVAL})
# Each step needs these steps on file first (细则 order of procedure).
PREREQUISITES: dict[str, tuple[str, ...]] = {
    StepKind.APPLICATION: (),
    StepKind.TALK: (StepKind.APPLICATION,),
    StepKind.ACTIVIST: (StepKind.TALK,),
    StepKind.OBSERVATION: (StepKind.ACTIVIST,),
    StepKind.CANDIDATE: (StepKind.ACTIVIST,),
    StepKind.POLITICAL_REVIEW: (StepKind.CANDIDATE,),
    StepKind.SHORT_TRAINING: (StepKind.CANDIDATE,),
    StepKind.PUBLIC_NOTICE: (StepKind.POLITICAL_REVIEW,),
    StepKind.BRANCH_MEETING: (StepKind.POLITICAL_REVIEW, StepKind.SHORT_TRAINING, StepKind.PUBLIC_NOTICE),
    StepKind.APPROVAL: (StepKind.BRANCH_MEETING,),
    StepKind.OATH: (StepKind.APPROVAL,),
    StepKind.EXTENSION: (StepKind.APPROVAL,),
    StepKind.FULL_MEETING: (StepKind.APPROVAL,),
    StepKind.FULL_APPROVAL: (StepKind.FULL_MEETING,),
}
# The stage an applicant reaches when the step is recorded.
STAGE_AFTER: dict[str, str] = {
    StepKind.ACTIVIST: Stage.ACTIVIST,
    StepKind.CANDIDATE: Stage.CANDIDATE,
    StepKind.APPROVAL: Stage.PROBATIONARY,
    StepKind.FULL_APPROVAL: Stage.FULL,
}


class DueKind(models.TextChoices):
    TALK = "talk", "谈话期限"
    CANDIDATE = "candidate", "可确定为发展对象"
    APPROVAL = "approval", "上级党委审批期限"
    PROBATION_END = "probation_end", "预备期满，讨论转正"
    FULL_APPROVAL = "full_approval", "转正审批期限"


@dataclass(frozen=True)
class Limits:
    min_age: int
    talk_within_months: int
    activist_min_months: int
    training_min_days: int
    training_min_hours: int
    notice_min_workdays: int
    approval_months: int
    approval_max_months: int
    probation_months: int
    extension_min_months: int
    extension_max_months: int

    @classmethod
    def current(cls) -> "Limits":
        return cls(
            min_age=settings.JICENG_DEV_MIN_AGE,
            talk_within_months=settings.JICENG_DEV_TALK_WITHIN_MONTHS,
            activist_min_months=settings.JICENG_DEV_ACTIVIST_MIN_MONTHS,
            training_min_days=settings.JICENG_DEV_TRAINING_MIN_DAYS,
            training_min_hours=settings.JICENG_DEV_TRAINING_MIN_HOURS,
            notice_min_workdays=settings.JICENG_DEV_NOTICE_MIN_WORKDAYS,
            approval_months=settings.JICENG_DEV_APPROVAL_MONTHS,
            approval_max_months=settings.JICENG_DEV_APPROVAL_MAX_MONTHS,
            probation_months=settings.JICENG_DEV_PROBATION_MONTHS,
            extension_min_months=settings.JICENG_DEV_EXTENSION_MIN_MONTHS,
            extension_max_months=settings.JICENG_DEV_EXTENSION_MAX_MONTHS,
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Working days from start to end inclusive by the official calendar (holidays and
    调休上班 days kept by the county in workcalendar.CalendarDay; Monday–Friday for other dates)."""
    return calendar_selectors.working_days(start, end)


def probation_end(meeting: datetime.date, extension_months: int, limits: Limits) -> datetime.date:
    """章程第七条: 预备期从支部大会通过之日算起; the last day of probation."""
    return add_months(meeting, limits.probation_months + extension_months)
