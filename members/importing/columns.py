"""The column layout of a township's roll file: Chinese headers (with the aliases seen
in real files) and tolerant parsers for dates, choices and yes/no flags."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..choices import Category, Education, Ethnicity, MemberStatus, Sex
from ..idcard import normalize_text


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the clerk."""


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: Any) -> datetime.date | None:
    """2019-07-01, 2019/7/1, 2019.7.1, 2019年7月1日, 20190701, full-width digits, Excel dates."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = normalize_text(str(value))
    if not text:
        return None
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not match:
        raise CellError(f"日期“{text}”无法识别，请写成 2019-07-01、2019/7/1 或 2019年7月1日。")
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise CellError(f"日期“{text}”不存在。") from exc


def _choice_parser(choices: Any, aliases: dict[str, str] | None = None) -> Callable[[Any], str]:
    lookup = {label: value for value, label in choices.choices}
    lookup.update({value: value for value, _ in choices.choices})
    lookup.update(aliases or {})
    allowed = "、".join(label for _, label in choices.choices)

    def parse(value: Any) -> str:
        text = normalize_text(str(value or "")).replace(" ", "")
        if not text:
            return ""
        try:
            return lookup[text]
        except KeyError:
            raise CellError(f"“{text}”不是可选值（可选：{allowed}）。") from None

    return parse


_ETHNIC_ALIASES = {label.removesuffix("族"): value for value, label in Ethnicity.choices if label != "族"}
_YES = {"是", "Y", "YES", "1", "√", "TRUE"}
_NO = {"否", "N", "NO", "0", "×", "FALSE", ""}


def parse_flag(value: Any) -> bool:
    text = normalize_text(str(value or "")).upper()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"“{text}”应填“是”或“否”。")


def parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(str(value))


def parse_id(value: Any) -> str:
    # Excel may keep a long number as a float; 18 digits do not survive that.
    if isinstance(value, (int, float)):
        raise CellError("公民身份号码被存成了数字，末几位可能已丢失，请把该列设为文本格式后重新填写。")
    return parse_text(value)


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    parse: Callable[[Any], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: Any = ""
    extra: dict = field(default_factory=dict)


COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", parse_text, True, ("党员姓名",), "", "张建国"),
    Column("公民身份号码", "id_number", parse_id, True, ("身份证号", "身份证号码", "身份证"), "18位，末位可为X", "11010519491231002X"),
    Column("性别", "sex", _choice_parser(Sex), False, (), "男、女；空白时按身份证号码", "女"),
    Column("民族", "ethnicity", _choice_parser(Ethnicity, _ETHNIC_ALIASES), False, (), "56个民族之一，如汉族；空白为汉族", "汉族"),
    Column("出生日期", "birth_date", parse_date, False, (), "空白时按身份证号码", "1949年12月31日"),
    Column("联系电话", "phone", parse_text, False, ("手机号", "手机号码", "电话"), "手机或固定电话", "13812345678"),
    Column("学历", "education", _choice_parser(Education, {"本科": Education.BACHELOR, "大专": Education.COLLEGE,
                                                          "研究生及以上": Education.POSTGRADUATE, "小学": Education.PRIMARY}),
           False, ("文化程度",), "", "大学本科"),
    Column("工作单位及职务", "occupation", parse_text, False, ("工作单位", "职务", "职业"), "", "退休"),
    Column("入党日期", "join_date", parse_date, True, ("入党时间",), "", "1975-07-01"),
    Column("转正日期", "full_member_date", parse_date, False, ("转正时间",), "预备党员不填", "1976/7/1"),
    Column("人员类别", "category", _choice_parser(Category, {"正式": Category.FULL, "预备": Category.PROBATIONARY}),
           True, ("党员类别", "类别"), "", "正式党员"),
    Column("党籍状态", "status", _choice_parser(MemberStatus, {"流动": MemberStatus.MIGRANT, "正常": MemberStatus.IN_BRANCH}),
           False, ("状态",), "在册、流动党员；空白为在册", "在册"),
    Column("所在党支部", "branch", parse_text, True, ("党支部", "所在支部", "支部名称", "组织代码"), "党支部名称或组织代码", ""),
    Column("党小组", "party_group", parse_text, False, ("所在党小组",), "本支部下党小组名称", ""),
    Column("困难党员", "is_hardship", parse_flag, False, (), "是、否", "否"),
    Column("老党员", "is_elderly", parse_flag, False, (), "是、否", "是"),
    Column("失联党员", "is_lost_contact", parse_flag, False, (), "是、否", "否"),
    Column("备注", "notes", parse_text, False, (), "", "示例行，导入前请删除"),
)
EXAMPLE_MARK = "示例行"


def header_map(headers: list[Any]) -> tuple[dict[int, Column], list[str]]:
    """{column index: Column} for the recognized headers, and the missing required headers."""
    names: dict[str, Column] = {}
    for col in COLUMNS:
        for name in (col.header, *col.aliases):
            names[name] = col
    found: dict[int, Column] = {}
    for index, raw in enumerate(headers):
        text = normalize_text(str(raw or "")).replace(" ", "").strip("*＊")
        col = names.get(text)
        if col and col not in found.values():
            found[index] = col
    missing = [c.header for c in COLUMNS if c.required and c not in found.values()]
    return found, missing
