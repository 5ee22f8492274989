"""History imports of the dues ledger (core.importing.resources): each member's monthly dues
base from a month (or a year) on, and the payments already collected, by member and month.
Members are matched on the roll of the branch a row names (members.selectors.roll_match);
rows are written by the ledger's services (ledger.base_set, ledger.dues_pay), so an imported
base or payment passes exactly the checks a typed-in one does: the rate table in force that
month, the farmers' range, the amount due, advance payments up to the limit, no payment before
joining or for a member not on the roll. A member and month named twice in one file is an
error of the second row (the dry run would otherwise read it as already on file)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from core.importing.cells import CellError, choice_parser, parse_date, parse_text
from core.importing.resources import Col, HistoryResource, ResourceImport, ScopedRefCol
from members.choices import ACTIVE_STATUSES
from members.models import Member
from members.selectors import roll_match
from organizations.models import Organization

from .choices import BaseKind, Entry
from .models import DuesBase, DuesPayment
from .rules import KIND_LABELS, first_of_month
from .services import ledger

ORG_ALIASES = ("党组织名称", "组织名称", "支部名称", "党支部", "所在党支部")
NAME_HELP = "本党支部名册上的党员姓名；重名时填“身份证号”列，或写“姓名（身份证号）”"

_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:\s*[-/.]?\s*\d{1,2}\s*日?)?$")
_COMPACT_MONTH_RE = re.compile(r"^(\d{4})(\d{2})$")
_YEAR_RE = re.compile(r"^(\d{4})\s*年?(?:度)?$")


def month_parser(*, year_allowed: bool) -> Any:
    """A month: 2025-03, 2025/3, 2025.03, 2025年3月, 202503, a date (its month) or an Excel date;
    with `year_allowed`, a year alone (2025, 2025年) is its January."""

    def parse(value: Any) -> datetime.date | None:
        if value is None:
            return None
        if isinstance(value, datetime.datetime):
            return first_of_month(value.date())
        if isinstance(value, datetime.date):
            return first_of_month(value)
        if isinstance(value, float) and not value.is_integer():
            text = repr(value)
            if text.endswith(".1"):  # 2025.10 typed as a number reads back as 2025.1
                raise CellError(f"月份“{text}”是数字，分不清是1月还是10月，请写成 {text[:4]}-01 或 {text[:4]}年10月。")
        text = parse_text(value)
        if not text:
            return None
        year = month = None
        if match := _MONTH_RE.match(text) or _COMPACT_MONTH_RE.match(text):
            year, month = int(match.group(1)), int(match.group(2))
        elif year_allowed and (match := _YEAR_RE.match(text)):
            year, month = int(match.group(1)), 1
        elif re.match(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$|^\d{8}$", text):
            return first_of_month(parse_date(text))  # type: ignore[arg-type]
        if year is None or month is None:
            raise CellError(f"月份“{text}”无法识别，请写成 2025-03、2025.03 或 2025年3月"
                            + ("（或只写年份 2025，即从1月起）" if year_allowed else "") + "。")
        if not 1 <= month <= 12 or year < 1921:
            raise CellError(f"月份“{text}”不存在。")
        return datetime.date(year, month, 1)

    return parse


def money_parser(*, positive: bool) -> Any:
    """An amount in yuan (1234.5, "1,234.50", "12元", "￥12", full-width digits): at most two
    decimals, not negative (with `positive`, greater than zero); blank is None."""

    def parse(value: Any) -> Decimal | None:
        text = parse_text(value).replace(",", "").replace("¥", "").replace("￥", "").removesuffix("元").strip()
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellError(f"金额“{text}”不是数字。") from None
        if not amount.is_finite():
            raise CellError(f"金额“{text}”不是数字。")
        if amount != amount.quantize(Decimal("0.01")):
            raise CellError(f"金额“{text}”最多两位小数（元、角、分）。")
        if amount < 0 or (positive and amount == 0):
            raise CellError(f"金额“{text}”须大于零。" if positive else f"金额“{text}”不能为负数。")
        return amount.quantize(Decimal("0.01"))

    return parse


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "")


KIND_ALIASES = {
    **{_nfkc(label): value for value, label in BaseKind.choices},
    **{label: value for value, label in KIND_LABELS.items()},
    "在职": BaseKind.EMPLOYED, "在职职工": BaseKind.EMPLOYED, "在岗": BaseKind.EMPLOYED, "职工": BaseKind.EMPLOYED,
    "离退休": BaseKind.RETIRED, "退休": BaseKind.RETIRED, "离休": BaseKind.RETIRED, "退休人员": BaseKind.RETIRED,
    "农民": BaseKind.FARMER, "学生": BaseKind.STUDENT, "下岗失业": BaseKind.UNEMPLOYED, "失业": BaseKind.UNEMPLOYED,
    "下岗": BaseKind.UNEMPLOYED, "救济": BaseKind.RELIEF, "依靠救济": BaseKind.RELIEF,
}
KIND_HELP = "、".join(KIND_LABELS.values()) + "（也可写在职、退休、农民、学生等）"


def _org() -> ScopedRefCol:
    return ScopedRefCol("党组织", "organization", Organization, required=True, aliases=ORG_ALIASES,
                        help="党员所在党支部的名称或组织代码，须在您的管理范围内", example="柳树村党支部")


class MemberMonthResource(HistoryResource):
    """A row naming a member of a branch (党组织, 姓名, 身份证号) and a month: the member is
    matched on the branch's roll; the same member and month twice in one file is an error."""

    month_field = "month"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seen: set[tuple[int, datetime.date]] = set()
        self.members: dict[tuple[int, str], tuple[Member | None, str]] = {}

    def resolve(self, values: dict[str, Any]) -> None:
        text = values["name"] if not values["id_number"] else f"{values['name']}（{values['id_number']}）"
        key = (values["organization"].pk, text)
        if key not in self.members:  # a member's twelve months are matched once
            roll = Member.objects.filter(organization=values["organization"], status__in=ACTIVE_STATUSES)
            self.members[key] = roll_match(roll, text)
        member, error = self.members[key]
        if member is None:
            raise ValidationError({"name": error.replace("名册上", f"{values['organization'].name}名册上", 1)})
        values["member"] = member
        month = values[self.month_field]
        if (member.pk, month) in self.seen:
            raise ValidationError({self.month_field: f"{member.name}{month:%Y年%m月}在本文件中已有一行，同一党员同一月份只能填一行。"})
        self.seen.add((member.pk, month))


class BaseResource(MemberMonthResource):
    organization = _org()
    name = Col("姓名", None, parse_text, required=True, aliases=("党员姓名",), help=NAME_HELP, example="王建国")
    id_number = Col("身份证号", "id_number", parse_text, aliases=("公民身份号码", "身份证号码"),  # read by resolve
                    help="选填；以文本格式填写18位号码", example="")
    kind = Col("党员类别", "kind", choice_parser(BaseKind, KIND_ALIASES), required=True, aliases=("类别", "党费类别"),
               help=KIND_HELP, example="在岗职工")
    monthly_income = Col("月收入", "monthly_income", money_parser(positive=False),
                         aliases=("工资基数", "缴费基数", "党费基数", "月收入(元)", "税后工资", "月工资", "离退休费"),
                         help="在岗职工填按月税后工资，离退休人员填按月离退休费（元）；其他类别不填", example=4500)
    fixed_amount = Col("自报金额", "fixed_amount", money_parser(positive=True), aliases=("自报金额(元)",),
                       help="农民党员每月自报交纳的金额（0.2元至1元）；其他类别不填", example="")
    effective_from = Col("起始月份", "effective_from", month_parser(year_allowed=True), required=True,
                         aliases=("起始年月", "执行月份", "适用月份", "年月", "月份", "年度", "起始年度"),
                         help="如 2025-01 或 2025年1月；只写年份（2025）即从该年1月起", example="2025-01")
    note = Col("说明", "note", parse_text, aliases=("备注",))

    month_field = "effective_from"

    class Meta:
        model = DuesBase
        fields = ("organization", "name", "id_number", "kind", "monthly_income", "fixed_amount", "effective_from",
                  "note")
        import_id_fields = ("organization", "name", "effective_from")  # the member and month (existing)

    def existing(self, values: dict[str, Any]) -> Model | None:
        return DuesBase.objects.filter(member=values["member"], effective_from=values["effective_from"]).first()

    def save_new(self, values: dict[str, Any]) -> Model:
        return ledger.base_set(member=values["member"], actor=self.user, kind=values["kind"],
                               effective_from=values["effective_from"], monthly_income=values["monthly_income"],
                               fixed_amount=values["fixed_amount"], note=values["note"])


class BaseImport(ResourceImport):
    key = "duesbaseimport"
    resource_class = BaseResource
    title = "导入党费基数"
    noun = "条党费基数"
    template_filename = "党费基数导入模板.xlsx"
    url_name = "dues:import_bases"
    steps = ("每行一名党员从某月（或某年1月）起的党费基数：在岗职工、离退休人员填月收入，农民党员填自报金额，"
             "学生、下岗失业、依靠救济党员只填类别；每月应交金额按当月适用的党费标准计算。",
             "党员须在所填党支部的名册上（请先导入党员名册），按姓名匹配，重名时填身份证号。"
             "同一党员同一起始月份已核定的基数不会被覆盖。")

    @staticmethod
    def order(row: dict[str, Any]) -> Any:
        return _month_key(row["起始月份"])


def _month_key(value: Any) -> datetime.date:
    try:
        return month_parser(year_allowed=True)(value) or datetime.date.min
    except CellError:
        return datetime.date.min


class PaymentResource(MemberMonthResource):
    organization = _org()
    name = Col("姓名", None, parse_text, required=True, aliases=("党员姓名",), help=NAME_HELP, example="王建国")
    id_number = Col("身份证号", "id_number", parse_text, aliases=("公民身份号码", "身份证号码"),  # read by resolve
                    help="选填；以文本格式填写18位号码", example="")
    month = Col("所属月份", "month", month_parser(year_allowed=False), required=True,
                aliases=("月份", "缴费月份", "交纳月份", "党费月份", "年月"), help="如 2025-03 或 2025年3月；每月一行",
                example="2025-03")
    amount = Col("交纳金额", "amount", money_parser(positive=True),
                 aliases=("金额", "实交金额", "实缴金额", "缴费金额", "实交(元)", "金额(元)", "交纳金额(元)"),
                 help="元；空白时按该月应交金额；不能少于应交金额", example=45)
    paid_on = Col("交纳日期", "paid_on", parse_date, aliases=("缴费日期", "缴纳日期", "收缴日期"),
                  help="如 2025-03-20；空白时记为所属月份的最后一天（预交的记为今天）", example="2025-03-20")

    error_columns = {"months": "所属月份"}

    class Meta:
        model = DuesPayment
        fields = ("organization", "name", "id_number", "month", "amount", "paid_on")
        import_id_fields = ("organization", "name", "month")  # the member and month (existing)

    def existing(self, values: dict[str, Any]) -> Model | None:
        return DuesPayment.objects.filter(member=values["member"], month=values["month"], entry=Entry.PAYMENT,
                                          is_reversed=False).first()

    def save_new(self, values: dict[str, Any]) -> Model:
        month, today = values["month"], datetime.date.today()
        paid_on = values["paid_on"] or min(_last_day(month), today)
        return ledger.dues_pay(member=values["member"], months=[month], paid_on=paid_on, actor=self.user,
                               amount=values["amount"], today=today)[0]


def _last_day(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


class PaymentImport(ResourceImport):
    key = "duespaymentimport"
    resource_class = PaymentResource
    title = "导入党费缴纳记录"
    noun = "条缴纳记录"
    template_filename = "党费缴纳记录导入模板.xlsx"
    url_name = "dues:import_payments"
    steps = ("每行一名党员一个月的党费；预交几个月的写几行。请先导入党费基数：应交金额按该月的基数和党费标准计算，"
             "交纳金额不能少于应交金额。",
             "党员须在所填党支部的名册上，按姓名匹配，重名时填身份证号。已登记的月份跳过，不会重复登记。")


