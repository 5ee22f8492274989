"""History imports of committees (core.importing.resources): past terms with their posts and
holders, secretaries' training records, reserve cadres. Each is a django-import-export
Resource whose columns are the template's Chinese headers; rows are written by the app's
services (terms.term_record_election / term_record_past, secretaries.course_record / course_attend /
reserve_add), so an imported row passes exactly the checks a typed-in one does."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from core.importing.cells import CellError, choice_parser, parse_date, parse_text
from core.importing.resources import Col, HistoryResource, ResourceImport, ScopedRefCol, parse_count
from members.choices import ACTIVE_STATUSES, Education, Sex
from members.models import Member
from members.selectors import roll_matches
from organizations.models import Organization

from .models import ReserveCadre, Term, TrainingAttendance, TrainingCourse
from .rules import CadreState, Post
from .services import secretaries, terms

ORG_ALIASES = ("党组织名称", "组织名称", "支部名称", "党支部")


def _org(header: str = "党组织", **kwargs: Any) -> ScopedRefCol:
    return ScopedRefCol(header, "organization", Organization, required=True, **kwargs)


def _holders(text: str, roll: Any, header: str) -> list[Member]:
    """The members a cell names, each on `roll`; ValidationError({header: reasons}) otherwise."""
    found, errors = roll_matches(roll, text)
    if errors:
        raise ValidationError({header: errors})
    return found


def parse_hours(value: Any) -> Decimal | None:
    text = parse_text(value).removesuffix("学时")
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise CellError(f"“{text}”不是数字。") from None


# --- a. past terms and their committees --------------------------------------------------------
POST_COLUMNS = {Post.SECRETARY: "书记", Post.DEPUTY: "副书记", Post.ORGANIZATION: "组织委员",
                Post.PUBLICITY: "宣传委员", Post.DISCIPLINE: "纪检委员", Post.OTHER: "其他委员"}
HOLDER_HELP = "填姓名（本组织名册上的党员）；重名时写“姓名（身份证号）”或只写身份证号；多人用“、”分隔"


class TermResource(HistoryResource):
    organization = _org(aliases=ORG_ALIASES, help="党组织名称或组织代码，须在您的管理范围内", example="柳树村党支部")
    number = Col("届次", "number", parse_count, help="如 3（第三届）；空白时接上一届", example=3)
    elected_on = Col("选举日期", "elected_on", parse_date, required=True, aliases=("换届日期",),
                     help="如 2021-03-15；同一组织的各届按选举日期先后导入", example="2021-03-15")
    years = Col("任期年限", "years", parse_count, help="空白时按领域默认（村、社区5年，其他3年）", example=5)
    meeting = Col("选举会议", "meeting", parse_text, example="党员大会")
    entitled = Col("应到会人数", "entitled", parse_count, required=True, aliases=("应到人数",), example=9)
    present = Col("实到会人数", "present", parse_count, required=True, aliases=("实到人数",),
                  help="须超过应到会人数的五分之四", example=9)
    secretary = Col("书记", None, parse_text, required=True, help=HOLDER_HELP, example="王建国")
    deputy = Col("副书记", None, parse_text, help=HOLDER_HELP, example="")
    organization_post = Col("组织委员", None, parse_text, help=HOLDER_HELP, example="李明")
    publicity = Col("宣传委员", None, parse_text, help=HOLDER_HELP, example="张秀英")
    discipline = Col("纪检委员", None, parse_text, help=HOLDER_HELP, example="")
    other = Col("其他委员", None, parse_text, aliases=("委员",), help=HOLDER_HELP, example="")
    approved_on = Col("上级批复日期", "approved_on", parse_date, aliases=("批复日期",), example="2021-03-25")
    approval_ref = Col("批复文号", "approval_ref", parse_text, example="城委〔2021〕12号")
    notes = Col("备注", "notes", parse_text)

    error_columns = {"posts": "班子成员"}

    class Meta:
        model = Term
        fields = ("organization", "number", "elected_on", "years", "meeting", "entitled", "present", "secretary",
                  "deputy", "organization_post", "publicity", "discipline", "other", "approved_on", "approval_ref",
                  "notes")
        import_id_fields = ("organization", "elected_on")

    def resolve(self, values: dict[str, Any]) -> None:
        roll = Member.objects.filter(organization=values["organization"], status__in=ACTIVE_STATUSES)
        names = dict(zip(POST_COLUMNS.values(), ("secretary", "deputy", "organization_post", "publicity",
                                                  "discipline", "other")))
        posts, errors = [], {}
        for post, header in POST_COLUMNS.items():
            try:
                posts += [terms.ElectedPost(member=m, post=post) for m in _holders(values[names[header]], roll, header)]
            except ValidationError as exc:
                errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
        values["posts"] = posts

    def save_new(self, values: dict[str, Any]) -> Model:
        """An election after the terms on file is recorded as the new current term; an older
        one (the current term was entered before the books came in) as a past term."""
        later = Term.objects.filter(organization=values["organization"], elected_on__gt=values["elected_on"]).exists()
        record = terms.term_record_past if later else terms.term_record_election
        return record(
            organization=values["organization"], actor=self.user, elected_on=values["elected_on"],
            entitled=values["entitled"], present=values["present"], posts=values["posts"], years=values["years"],
            meeting=values["meeting"] or "党员大会", number=values["number"], approved_on=values["approved_on"],
            approval_ref=values["approval_ref"], notes=values["notes"])


class TermImport(ResourceImport):
    key = "termimport"
    resource_class = TermResource
    title = "导入历届班子"
    noun = "届"
    template_filename = "历届班子导入模板.xlsx"
    url_name = "committees:import_terms"
    steps = ("每行一届：党组织、选举日期、到会人数和各职务的人选；同一组织的各届按选举日期先后登记，最后一届为本届。",
             "任职人员须在本组织党员名册上（请先导入党员名册），按姓名匹配，重名时填身份证号。")

    @staticmethod
    def order(row: dict[str, Any]) -> Any:
        return (parse_text(row["党组织"]), _date_key(row["选举日期"]))


def _date_key(value: Any) -> datetime.date:
    try:
        return parse_date(value) or datetime.date.min
    except CellError:
        return datetime.date.min


# --- b. secretaries' training records and reserve cadres -----------------------------------------
class TrainingResource(HistoryResource):
    organizer = ScopedRefCol("举办单位", "organizer", Organization, required=True, aliases=("主办单位",),
                             help="举办培训的党委名称或组织代码，须在您的管理范围内", example="城关镇党委")
    title = Col("培训班名称", "title", parse_text, required=True, aliases=("培训名称", "培训内容"),
                example="2025年村党组织书记轮训班")
    started_on = Col("开始日期", "started_on", parse_date, required=True, example="2025-04-08")
    ended_on = Col("结束日期", "ended_on", parse_date, required=True, example="2025-04-10")
    hours = Col("学时", "hours", parse_hours, required=True, example=24)
    member = Col("参训人", None, parse_text, required=True, aliases=("姓名", "参训人员"),
                 help="举办单位所辖名册上的党员姓名；重名时写“姓名（身份证号）”", example="王建国")
    days = Col("参训天数", "days", parse_count, help="空白时按培训班天数", example=3)
    place = Col("地点", "place", parse_text, example="城关镇党校")

    class Meta:
        model = TrainingAttendance
        fields = ("organizer", "title", "started_on", "ended_on", "hours", "member", "days", "place")
        import_id_fields = ("organizer", "title", "started_on", "member")

    def resolve(self, values: dict[str, Any]) -> None:
        organizer = values["organizer"]
        roll = Member.objects.filter(organization__path__startswith=organizer.path, status__in=ACTIVE_STATUSES)
        values["member"] = _holders(values["member"], roll, "参训人")[0]
        course = TrainingCourse.objects.filter(organizer=organizer, title=values["title"],
                                               started_on=values["started_on"]).first()
        if course and (course.ended_on, course.hours) != (values["ended_on"], values["hours"]):
            raise ValidationError({"ended_on": f"同一培训班（名称和开始日期相同）已登记为 {course.ended_on:%Y-%m-%d} 结束、"
                                               f"{course.hours} 学时，与本行不一致。"})
        values["course"] = course

    def existing(self, values: dict[str, Any]) -> Model | None:
        if values["course"] is None:
            return None
        return TrainingAttendance.objects.filter(course=values["course"], member=values["member"]).first()

    def save_new(self, values: dict[str, Any]) -> Model:
        course = values["course"] or secretaries.course_record(
            organizer=values["organizer"], actor=self.user, title=values["title"], started_on=values["started_on"],
            ended_on=values["ended_on"], hours=values["hours"], attendees=[], place=values["place"])
        return secretaries.course_attend(course=course, member=values["member"], actor=self.user, days=values["days"])


class TrainingImport(ResourceImport):
    key = "trainingimport"
    resource_class = TrainingResource
    title = "导入书记培训记录"
    noun = "条参训记录"
    template_filename = "书记培训记录导入模板.xlsx"
    url_name = "committees:import_training"
    steps = ("每行一名参训人；同一培训班（举办单位、名称、开始日期相同）的各行合并为一个培训班。",)


class ReserveResource(HistoryResource):
    organization = _org(aliases=ORG_ALIASES, help="村、社区党组织名称或组织代码，须在您的管理范围内", example="柳树村党支部")
    name = Col("姓名", "name", parse_text, required=True, example="刘晓燕")
    sex = Col("性别", "sex", choice_parser(Sex), required=True, example="女")
    birth_date = Col("出生日期", "birth_date", parse_date, required=True, example="1990-05-12")
    education = Col("学历", "education", choice_parser(Education), help="、".join(Education.labels), example="大学专科")
    added_on = Col("入库日期", "added_on", parse_date, help="空白时为导入当天", example="2024-01-15")
    state = Col("状态", "state", choice_parser(CadreState), help="、".join(CadreState.labels) + "；空白为在库", example="在库")
    current_job = Col("现任职务", "current_job", parse_text, example="村委会委员")

    class Meta:
        model = ReserveCadre
        fields = ("organization", "name", "sex", "birth_date", "education", "added_on", "state", "current_job")
        import_id_fields = ("organization", "name", "birth_date")

    def save_new(self, values: dict[str, Any]) -> Model:
        cadre = secretaries.reserve_add(
            organization=values["organization"], actor=self.user, name=values["name"], sex=values["sex"],
            birth_date=values["birth_date"], education=values["education"], current_job=values["current_job"],
            added_on=values["added_on"])
        if values["state"] and values["state"] != CadreState.ACTIVE:
            secretaries.reserve_set_state(cadre=cadre, state=values["state"], actor=self.user)
        return cadre


class ReserveImport(ResourceImport):
    key = "reserveimport"
    resource_class = ReserveResource
    title = "导入后备干部"
    noun = "名后备干部"
    template_filename = "后备干部导入模板.xlsx"
    url_name = "committees:import_reserves"
    steps = ("每行一名后备干部；同一党组织的同名、同出生日期者视为同一人，重复导入不会重复登记。",)
