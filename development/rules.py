"""The rules of member development 发展党员 as data and small pure functions.

Source: 《中国共产党发展党员工作细则》(2014) and the Party Constitution (2022). Every number
is a setting with the national default (config/settings.py, JICENG_DEV_*), read through
`Limits.current()` so a test or a county can change it."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings

from workcalendar import selectors as calendar_selectors

from .choices import DueKind, Stage, StepKind

# Stages still in the pipeline (one open record per ID number).
OPEN_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)


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


# --- checks of a step ------------------------------------------------------------------------
# A step against the steps on file and the time limits: pure functions, shared by the services,
# the forms and the API. Each returns {field: Chinese message}.

D = datetime.date


@dataclass(frozen=True)
class StepInput:
    kind: str
    date: D
    start_date: D | None = None
    hours: int | None = None
    months: int | None = None
    is_special: bool = False


def _fmt(day: D) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def step_errors(*, step: StepInput, done: dict[str, D], stage: str, limits: Limits, today: D,
                extension_months: int = 0) -> dict[str, str]:
    """Why `step` cannot be recorded after the steps in `done` ({kind: date}), or {}.
    `extension_months` is the probation extension already on file."""
    kind, day = step.kind, step.date
    label = StepKind(kind).label
    if stage == Stage.STOPPED:
        return {"kind": "已终止培养，不能再登记发展环节。"}
    if kind in done and kind not in REPEATABLE:
        return {"kind": f"“{label}”已登记，不能重复登记。"}
    missing = [StepKind(k).label for k in PREREQUISITES[kind] if k not in done]
    if missing:
        return {"kind": f"登记“{label}”之前，须先完成：{'、'.join(missing)}。"}
    if day > today:
        return {"date": "日期不能晚于今天。"}
    for prior in PREREQUISITES[kind]:
        if day < done[prior]:
            return {"date": f"“{label}”不能早于“{StepKind(prior).label}”（{_fmt(done[prior])}）。"}
    if kind in (StepKind.FULL_MEETING, StepKind.EXTENSION, StepKind.FULL_APPROVAL) and StepKind.FULL_APPROVAL in done:
        return {"kind": "已转为正式党员。"}
    if kind == StepKind.FULL_MEETING:
        end = probation_end(done[StepKind.BRANCH_MEETING], extension_months, limits)
        if day < end:
            return {"date": f"预备期满（{_fmt(end)}）后才能讨论转正。"}
    check = _CHECKS.get(kind)
    return check(step, done, limits) if check else {}


def _talk(step: StepInput, done: dict[str, D], limits: Limits) -> dict[str, str]:
    # 细则第七条: 党组织应当在收到入党申请书后一个月内派人同入党申请人谈话
    deadline = add_months(done[StepKind.APPLICATION], limits.talk_within_months)
    if step.date > deadline:
        return {"date": f"应在收到入党申请书后{limits.talk_within_months}个月内谈话（最迟{_fmt(deadline)}）。"}
    return {}


def _candidate(step: StepInput, done: dict[str, D], limits: Limits) -> dict[str, str]:
    # 细则第十四条: 经过一年以上培养教育和考察
    earliest = add_months(done[StepKind.ACTIVIST], limits.activist_min_months)
    if step.date < earliest:
        return {"date": f"入党积极分子须经过{limits.activist_min_months}个月以上培养考察，最早可于{_fmt(earliest)}确定为发展对象。"}
    return {}


def _training(step: StepInput, done: dict[str, D], limits: Limits) -> dict[str, str]:
    # 细则第十八条: 集中培训时间一般不少于3天（或不少于24个学时）
    if step.start_date is None:
        return {"start_date": "请填写培训开始日期。"}
    if step.start_date > step.date:
        return {"start_date": "开始日期不能晚于结束日期。"}
    if step.start_date < done[StepKind.CANDIDATE]:
        return {"start_date": f"集中培训不能早于确定为发展对象（{_fmt(done[StepKind.CANDIDATE])}）。"}
    days = (step.date - step.start_date).days + 1
    if days < limits.training_min_days and (step.hours or 0) < limits.training_min_hours:
        return {"hours": f"集中培训不少于{limits.training_min_days}天或{limits.training_min_hours}学时"
                         f"（本次{days}天、{step.hours or 0}学时）。"}
    return {}


def _notice(step: StepInput, done: dict[str, D], limits: Limits) -> dict[str, str]:
    # 细则第十九条: 公示时间为5个工作日
    if step.start_date is None:
        return {"start_date": "请填写公示开始日期。"}
    if step.start_date < done[StepKind.POLITICAL_REVIEW]:
        return {"start_date": f"公示不能早于政治审查（{_fmt(done[StepKind.POLITICAL_REVIEW])}）。"}
    n = working_days(step.start_date, step.date)
    if n < limits.notice_min_workdays:
        return {"date": f"公示期不少于{limits.notice_min_workdays}个工作日（本次{n}个）。"
                        "工作日按工作日历计算：法定节假日不计，调休上班日计入。"}
    return {}


def _branch_meeting(step: StepInput, done: dict[str, D], limits: Limits) -> dict[str, str]:
    if step.date <= done[StepKind.PUBLIC_NOTICE]:
        return {"date": f"支部大会应在公示期满（{_fmt(done[StepKind.PUBLIC_NOTICE])}）之后召开。"}
    return {}


def _approval_within(step: StepInput, since: D, what: str, limits: Limits) -> dict[str, str]:
    # 细则第二十七条: 3个月内审批；特殊情况可适当延长，但不得超过6个月
    months = limits.approval_max_months if step.is_special else limits.approval_months
    deadline = add_months(since, months)
    if step.date > deadline:
        hint = "" if step.is_special else f"（特殊情况最长{limits.approval_max_months}个月，须注明）"
        return {"date": f"上级党委应在{what}后{months}个月内审批，最迟{_fmt(deadline)}{hint}。"}
    return {}


def _approval(step: StepInput, done: dict[str, D], limits: Limits) -> dict[str, str]:
    return _approval_within(step, done[StepKind.BRANCH_MEETING], "支部大会通过", limits)


def _full_approval(step: StepInput, done: dict[str, D], limits: Limits) -> dict[str, str]:
    return _approval_within(step, done[StepKind.FULL_MEETING], "支部大会讨论转正", limits)


def _extension(step: StepInput, done: dict[str, D], limits: Limits) -> dict[str, str]:
    # 章程第七条: 延长预备期，但不能超过一年（细则: 半年至一年），只能延长一次
    m = step.months or 0
    if not limits.extension_min_months <= m <= limits.extension_max_months:
        return {"months": f"预备期延长{limits.extension_min_months}至{limits.extension_max_months}个月。"}
    if StepKind.FULL_MEETING in done:
        return {"kind": "已讨论转正，不能再延长预备期。"}
    end = probation_end(done[StepKind.BRANCH_MEETING], 0, limits)
    if step.date < end:
        return {"date": f"预备期满（{_fmt(end)}）时才能讨论延长预备期。"}
    return {}


_CHECKS = {
    StepKind.TALK: _talk, StepKind.CANDIDATE: _candidate, StepKind.SHORT_TRAINING: _training,
    StepKind.PUBLIC_NOTICE: _notice, StepKind.BRANCH_MEETING: _branch_meeting, StepKind.APPROVAL: _approval,
    StepKind.FULL_APPROVAL: _full_approval, StepKind.EXTENSION: _extension,
}


def next_due(*, stage: str, done: dict[str, D], extension_months: int, limits: Limits) -> tuple[str, D | None]:
    """The next time limit of a record: (DueKind, date), or ("", None) when none runs."""
    if stage == Stage.APPLICANT and StepKind.TALK not in done:
        return DueKind.TALK, add_months(done[StepKind.APPLICATION], limits.talk_within_months)
    if stage == Stage.ACTIVIST:
        return DueKind.CANDIDATE, add_months(done[StepKind.ACTIVIST], limits.activist_min_months)
    if stage == Stage.CANDIDATE and StepKind.BRANCH_MEETING in done:
        return DueKind.APPROVAL, add_months(done[StepKind.BRANCH_MEETING], limits.approval_months)
    if stage == Stage.PROBATIONARY:
        if StepKind.FULL_MEETING in done:
            return DueKind.FULL_APPROVAL, add_months(done[StepKind.FULL_MEETING], limits.approval_months)
        return DueKind.PROBATION_END, probation_end(done[StepKind.BRANCH_MEETING], extension_months, limits)
    return "", None


# DueKinds that are deadlines (late when past); the others are "from this day on".
DEADLINES = frozenset({DueKind.TALK, DueKind.APPROVAL, DueKind.FULL_APPROVAL})
