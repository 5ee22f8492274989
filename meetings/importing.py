"""History import of past meetings (core.importing.resources): one row per meeting, with the
names of those present, on leave and absent, written through records.meeting_record as
submitted records, so compliance and the art. 9 rule read them like any other."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q

from core.importing.cells import CellError, normalize_text, parse_date, parse_text
from core.importing.resources import Col, HistoryResource, ResourceImport, ScopedRefCol
from members.models import Member
from members.selectors import roll_matches
from organizations.models import Organization

from .choices import Mark, MeetingStatus
from .models import Meeting, MeetingType
from .services import records

NAMES_HELP = "填姓名（会议当天本组织名册上的党员），多人用“、”分隔；重名时写“姓名（身份证号）”"
MARK_COLUMNS = {Mark.PRESENT: ("present", "出席"), Mark.LEAVE: ("leave", "请假"), Mark.ABSENT: ("absent", "缺席")}


def parse_meeting_type(value: Any) -> MeetingType | None:
    text = normalize_text(str(value or "")).replace(" ", "")
    if not text:
        return None
    found = MeetingType.objects.filter(Q(name=text) | Q(code=text), is_active=True).first()
    if found is None:
        names = "、".join(MeetingType.objects.filter(is_active=True).values_list("name", flat=True))
        raise CellError(f"“{text}”不是会议类型（可选：{names}）。")
    return found


class MeetingResource(HistoryResource):
    organization = ScopedRefCol("党组织", "organization", Organization, required=True,
                                aliases=("党组织名称", "支部名称", "党支部"),
                                help="党支部（党小组会填党小组）名称或组织代码，须在您的管理范围内", example="柳树村党支部")
    meeting_type = Col("会议类型", "meeting_type", parse_meeting_type, required=True, aliases=("类型",),
                       help="支部委员会会议、支部党员大会、党小组会、党课、主题党日等", example="支部党员大会")
    held_on = Col("召开日期", "held_on", parse_date, required=True, aliases=("日期", "会议日期"), example="2026-03-05")
    topic = Col("主题", "topic", parse_text, required=True, aliases=("会议主题", "议题"), example="学习党的二十届四中全会精神")
    place = Col("地点", "place", parse_text, example="村党群服务中心")
    host = Col("主持人", "host", parse_text, example="王建国")
    recorder = Col("记录人", "recorder", parse_text, example="李明")
    speaker = Col("授课人", "speaker", parse_text, help="党课填写", example="")
    present = Col("出席", None, parse_text, aliases=("出席人员",),
                  help=NAMES_HELP + "；空白时名册上未列入请假、缺席的党员均记为出席，填写时未列入任何一列的记为缺席",
                  example="")
    leave = Col("请假", None, parse_text, aliases=("请假人员",), help=NAMES_HELP, example="张秀英")
    absent = Col("缺席", None, parse_text, aliases=("缺席人员",), help=NAMES_HELP, example="")
    minutes = Col("会议记录", "minutes", parse_text, aliases=("会议内容",), example="")

    error_columns = {"attendance": "出席"}

    class Meta:
        model = Meeting
        fields = ("organization", "meeting_type", "held_on", "topic", "place", "host", "recorder", "speaker",
                  "present", "leave", "absent", "minutes")
        import_id_fields = ("organization", "meeting_type", "held_on", "topic")

    def resolve(self, values: dict[str, Any]) -> None:
        roll = records.roll_for(values["organization"], values["held_on"])
        on_roll = Member.objects.filter(pk__in=[m.pk for m in roll])
        marks: dict[int, str] = {}
        errors: dict[str, list[str]] = {}
        for mark, (name, header) in MARK_COLUMNS.items():
            found, problems = roll_matches(on_roll, values[name])
            for m in found:
                if m.pk in marks:
                    problems.append(f"{m.name}同时列在“{MARK_COLUMNS[marks[m.pk]][1]}”和“{header}”中。")
                marks[m.pk] = mark
            if problems:
                errors[header] = problems
        if errors:
            raise ValidationError(errors)
        rest = Mark.ABSENT if values["present"] else Mark.PRESENT
        values["attendance"] = [(m.pk, marks.get(m.pk, rest), "") for m in roll]

    def existing(self, values: dict[str, Any]) -> Model | None:
        return (Meeting.objects.filter(organization=values["organization"], meeting_type=values["meeting_type"],
                                       held_on=values["held_on"], topic=values["topic"])
                .exclude(status=MeetingStatus.SUPERSEDED).first())

    def save_new(self, values: dict[str, Any]) -> Model:
        details = {k: values[k] for k in ("held_on", "topic", "place", "host", "recorder", "speaker", "minutes")}
        return records.meeting_record(organization=values["organization"], meeting_type=values["meeting_type"],
                                      actor=self.user, attendance=values["attendance"], submit=True, **details)


class MeetingImport(ResourceImport):
    key = "meetingimport"
    resource_class = MeetingResource
    title = "导入历史会议记录"
    noun = "次会议"
    template_filename = "历史会议记录导入模板.xlsx"
    url_name = "meetings:import"
    steps = ("每行一次会议，导入后即为已提交的记录，计入“三会一课”完成情况和党员参加组织生活情况；"
             "至少导入本年度和上一年度的会议。",
             "出席情况按会议当天的党员名册：请假、缺席的党员分别列在“请假”“缺席”列，其余记为出席。")
