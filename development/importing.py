"""History import of the development pipeline (core.importing.resources): one row per person
already on the way to membership, with the date of each step already passed. The person is
recorded by services.applicant_create and each step, in the order of procedure, by
services.step_record, so an imported row passes exactly the checks a typed-in one does (the
order of steps and their time limits, rules.step_errors); approval as a probationary member puts
the person on the roll as the page does. The natural key is the branch and the ID number."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model

from core.importing.cells import choice_parser, parse_date, parse_text
from core.importing.resources import Col, HistoryResource, ResourceImport, ScopedRefCol, parse_count
from members.choices import Education, Ethnicity
from members.crypto import blind_index
from members.idcard import normalize_id
from members.rollfile import parse_id
from organizations.models import Organization

from . import services
from .choices import StepKind
from .models import Applicant

_ETHNIC_ALIASES = {label.removesuffix("族"): value for value, label in Ethnicity.choices if label != "族"}
_EDUCATION_ALIASES = {"本科": Education.BACHELOR, "大专": Education.COLLEGE, "研究生及以上": Education.POSTGRADUATE,
                      "小学": Education.PRIMARY}
DATE_HELP = "已完成的才填"

# The steps a row may carry, in the order of procedure: (kind, date column, start column,
# hours or months column, people column). A step's errors (rules.step_errors keys) go to its columns.
STEPS: tuple[tuple[str, str, str, str, str], ...] = (
    (StepKind.TALK, "talk_on", "", "", "talk_people"),
    (StepKind.ACTIVIST, "activist_on", "", "", "contact_people"),
    (StepKind.CANDIDATE, "candidate_on", "", "", ""),
    (StepKind.POLITICAL_REVIEW, "review_on", "", "", ""),
    (StepKind.SHORT_TRAINING, "training_end", "training_start", "training_hours", ""),
    (StepKind.PUBLIC_NOTICE, "notice_end", "notice_start", "", ""),
    (StepKind.BRANCH_MEETING, "meeting_on", "", "", ""),
    (StepKind.APPROVAL, "approval_on", "", "", ""),
    (StepKind.OATH, "oath_on", "", "", ""),
    (StepKind.EXTENSION, "extension_on", "", "extension_months", ""),
    (StepKind.FULL_MEETING, "full_meeting_on", "", "", ""),
    (StepKind.FULL_APPROVAL, "full_approval_on", "", "", ""),
)


def parse_months(value: Any) -> int | None:
    """A number of months: 6, "6个月", "6月"; blank is None."""
    return parse_count(parse_text(value).removesuffix("个月").removesuffix("月"))


def _date(header: str, attribute: str, example: Any = "", help: str = DATE_HELP, aliases: tuple[str, ...] = ()) -> Col:
    return Col(header, attribute, parse_date, aliases=aliases, help=help, example=example)


class ApplicantResource(HistoryResource):
    organization = ScopedRefCol("党支部", "organization", Organization, required=True,
                                aliases=("所在党支部", "党组织", "党组织名称", "支部名称"),
                                help="党支部名称或组织代码，须在您的管理范围内", example="柳树村党支部")
    name = Col("姓名", "name", parse_text, required=True, example="刘晓燕")
    id_number = Col("公民身份号码", None, parse_id, required=True, aliases=("身份证号", "身份证号码", "身份证"),
                    help="18位，末位可为X；请把该列设为文本格式。同一党支部的同一身份证号重复导入不会重复登记",
                    example="510822199005120021")
    ethnicity = Col("民族", "ethnicity", choice_parser(Ethnicity, _ETHNIC_ALIASES), help="空白为汉族", example="汉族")
    education = Col("学历", "education", choice_parser(Education, _EDUCATION_ALIASES), aliases=("文化程度",),
                    help="、".join(Education.labels), example="大学专科")
    occupation = Col("工作单位及职务", "occupation", parse_text, aliases=("工作单位", "职业"), example="")
    phone = Col("联系电话", "phone", parse_text, aliases=("手机号", "手机号码", "电话"), example="13812345678")
    applied_on = Col("申请入党日期", "applied_on", parse_date, required=True, aliases=("递交入党申请书日期", "申请日期"),
                     example="2023-03-01")
    talk_on = _date("谈话日期", "talk_on", "2023-03-20", "派人谈话；应在收到入党申请书后1个月内", ("派人谈话日期",))
    talk_people = Col("谈话人", None, parse_text, example="王建国")
    activist_on = _date("确定为积极分子日期", "activist_on", "2023-06-01", aliases=("确定为入党积极分子日期",))
    contact_people = Col("培养联系人", None, parse_text, help="多人用“、”分隔", example="李明、张秀英")
    candidate_on = _date("确定为发展对象日期", "candidate_on", "2024-06-10", "须经过1年以上培养考察")
    review_on = _date("政治审查日期", "review_on", "2024-07-01", aliases=("政审日期",))
    training_start = _date("集中培训开始日期", "training_start", "2024-07-08", "填了集中培训结束日期时必填")
    training_end = _date("集中培训结束日期", "training_end", "2024-07-10", "集中培训不少于3天或24学时")
    training_hours = Col("培训学时", None, parse_count, aliases=("学时",), example=24)
    notice_start = _date("公示开始日期", "notice_start", "2024-07-15", "填了公示结束日期时必填")
    notice_end = _date("公示结束日期", "notice_end", "2024-07-19", "公示不少于5个工作日")
    meeting_on = _date("支部大会接收日期", "meeting_on", "2024-07-25", "支部大会讨论接收为预备党员的日期，即入党日期",
                       ("接收为预备党员日期", "支部大会讨论接收日期", "入党日期"))
    approval_on = _date("上级党委审批日期", "approval_on", "2024-08-20", "审批接收为预备党员；应在支部大会后3个月内，"
                        "由乡镇党委或县委组织部的账号导入", ("审批日期",))
    special_approval = Col("延长审批原因", None, parse_text, aliases=("特殊情况说明",),
                           help="上级党委审批超过3个月（特殊情况，最长6个月）时填写原因", example="")
    oath_on = _date("入党宣誓日期", "oath_on", "", aliases=("宣誓日期",))
    extension_on = _date("延长预备期日期", "extension_on", "", "支部大会决定延长预备期的日期（预备期满时）")
    extension_months = Col("延长月数", None, parse_months, aliases=("延长预备期月数",), help="6至12个月", example="")
    full_meeting_on = _date("支部大会讨论转正日期", "full_meeting_on", "", "预备期满（1年）后", ("讨论转正日期",))
    full_approval_on = _date("转正日期", "full_approval_on", "", "上级党委批准转为正式党员的日期；应在讨论转正后3个月内",
                             ("转正审批日期", "批准转正日期"))

    class Meta:
        model = Applicant
        fields = ("organization", "name", "id_number", "ethnicity", "education", "occupation", "phone", "applied_on",
                  "talk_on", "talk_people", "activist_on", "contact_people", "candidate_on", "review_on",
                  "training_start", "training_end", "training_hours", "notice_start", "notice_end", "meeting_on",
                  "approval_on", "special_approval", "oath_on", "extension_on", "extension_months", "full_meeting_on",
                  "full_approval_on")
        import_id_fields = ("organization", "id_number")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._seen: set[str] = set()  # the ID numbers of the rows before, in this file

    def resolve(self, values: dict[str, Any]) -> None:
        number = normalize_id(values["id_number"])
        if number in self._seen:
            raise ValidationError({"id_number": "与文件中前面的行身份证号重复：每人只填一行。"})
        self._seen.add(number)
        values["id_number"], values["id_index"] = number, blind_index(number)

    def existing(self, values: dict[str, Any]) -> Model | None:
        return Applicant.objects.filter(organization=values["organization"], id_number_index=values["id_index"]).first()

    def save_new(self, values: dict[str, Any]) -> Model:
        """The application, then each step filled in, in the order of procedure; a step the
        rules refuse is the row's error under that step's column (nothing of the row is kept)."""
        with transaction.atomic():
            applicant = services.applicant_create(
                organization=values["organization"], actor=self.user, name=values["name"],
                id_number=values["id_number"], applied_on=values["applied_on"], phone=values["phone"],
                ethnicity=values["ethnicity"] or "01", education=values["education"], occupation=values["occupation"])
            for kind, date, start, hours, people in STEPS:
                if values[date] is None:
                    given = [values[c] for c in (start, hours) if c]
                    if any(v not in ("", None) for v in given):
                        names = "”“".join(self.fields[c].column_name for c in (start, hours) if c)
                        raise ValidationError({date: f"填了“{names}”，请同时填写“{self.fields[date].column_name}”。"})
                    continue
                columns = {"date": date, "kind": date, "note": date, "start_date": start or date,
                           "hours": hours or date, "months": hours or date}
                special = values["special_approval"] if kind == StepKind.APPROVAL else ""
                try:
                    services.step_record(
                        applicant=applicant, actor=self.user, kind=kind, date=values[date],
                        start_date=values[start] if start else None,
                        hours=values[hours] if hours and kind != StepKind.EXTENSION else None,
                        months=values[hours] if kind == StepKind.EXTENSION else None,
                        is_special=bool(special), note=special, people=values[people] if people else "")
                except PermissionDenied as exc:
                    raise ValidationError({date: str(exc)}) from None
                except ValidationError as exc:
                    if not hasattr(exc, "error_dict"):
                        raise ValidationError({date: exc.messages}) from None
                    raise ValidationError({columns.get(key, key): messages
                                           for key, messages in exc.message_dict.items()}) from None
        return applicant


class ApplicantImport(ResourceImport):
    key = "applicantimport"
    resource_class = ApplicantResource
    title = "导入发展党员台账"
    noun = "名发展对象"
    template_filename = "发展党员台账导入模板.xlsx"
    url_name = "development:import"
    steps = ("每行一人：入党申请人、入党积极分子、发展对象、预备党员，填已完成的各环节日期，未到的环节留空；"
             "导入后按最后完成的环节确定所处阶段，并计算下一期限。",
             "各环节按《中国共产党发展党员工作细则》的顺序和时限检查，与逐个录入相同：缺少前一环节、日期先后颠倒或超过时限的行不能导入。",
             "填了“上级党委审批日期”的人按支部大会接收日期列入党员名册（预备党员），填了“转正日期”的转为正式党员；"
             "审批须由乡镇党委或县委组织部的账号导入。审批超过3个月的特殊情况在“延长审批原因”中说明；"
             "延长了预备期的填“延长预备期日期”和“延长月数”。")
