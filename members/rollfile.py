"""The roll file: the column layout of a township's roll spreadsheet (headers, the aliases
seen in real files, each column's parser) and the downloadable template built from it. The
generic parsers and the header mapping are core.importing.cells'; the check and the commit
of the import are members.services.importing."""

from __future__ import annotations

from typing import Any, Iterable

from core.importing.cells import (
    CellError,
    Column,
    choice_parser,
    parse_date,
    parse_date_or_month,
    parse_flag,
    parse_name,
    parse_text,
)
from core.importing.cells import header_map as _header_map

from .choices import Category, Education, Ethnicity, MemberStatus, Sex

_ETHNIC_ALIASES = {label.removesuffix("族"): value for value, label in Ethnicity.choices if label != "族"}


def parse_id(value: Any) -> str:
    # Excel may keep a long number as a float; 18 digits do not survive that.
    if isinstance(value, (int, float)):
        raise CellError("公民身份号码被存成了数字，末几位可能已丢失，请把该列设为文本格式后重新填写。")
    return parse_text(value)


COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", parse_name, True, ("党员姓名",), "", "张建国"),
    Column("公民身份号码", "id_number", parse_id, True, ("身份证号", "身份证号码", "身份证", "公民身份证号码", "身份证件号码"), "18位，末位可为X", "11010519491231002X"),
    Column("性别", "sex", choice_parser(Sex), False, (), "男、女；空白时按身份证号码", "女"),
    Column("民族", "ethnicity", choice_parser(Ethnicity, _ETHNIC_ALIASES), False, (), "56个民族之一，如汉族；空白为汉族", "汉族"),
    Column("出生日期", "birth_date", parse_date_or_month, False, ("出生年月", "出生时间", "出生年月日"),
           "空白时按身份证号码；可只写年月，如 1949.12", "1949年12月31日"),
    Column("联系电话", "phone", parse_text, False, ("手机号", "手机号码", "电话"), "手机或固定电话", "13812345678"),
    Column("学历", "education", choice_parser(Education, {"本科": Education.BACHELOR, "大专": Education.COLLEGE,
                                                          "研究生及以上": Education.POSTGRADUATE, "小学": Education.PRIMARY}),
           False, ("文化程度",), "", "大学本科"),
    Column("工作单位及职务", "occupation", parse_text, False, ("工作单位", "职务", "职业"), "", "退休"),
    Column("入党日期", "join_date", parse_date, True, ("入党时间", "入党年月日"), "", "1975-07-01"),
    Column("转正日期", "full_member_date", parse_date, False, ("转正时间", "转为正式党员时间", "转正年月日"), "预备党员不填", "1976/7/1"),
    Column("人员类别", "category", choice_parser(Category, {"正式": Category.FULL, "预备": Category.PROBATIONARY}),
           True, ("党员类别", "类别"), "", "正式党员"),
    Column("党籍状态", "status", choice_parser(MemberStatus, {"流动": MemberStatus.MIGRANT, "正常": MemberStatus.IN_BRANCH}),
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
    return _header_map(headers, COLUMNS)


def template_rows() -> tuple[list[str], list[Any], Iterable[list[str]]]:
    """Headers, the example row and the allowed values, for the downloadable template."""
    headers = [c.header + ("*" if c.required else "") for c in COLUMNS]
    example = [c.example for c in COLUMNS]
    help_rows = [[c.header, "必填" if c.required else "选填", c.help] for c in COLUMNS]
    return headers, example, help_rows


def template_notes() -> list[list[str]]:
    """The 填写说明 sheet of the template: each column, then the allowed values and date formats."""
    _headers, _example, help_rows = template_rows()
    choices = [[f"{title}可选值", "", "、".join(label for _, label in c.choices)]
               for title, c in (("性别", Sex), ("民族", Ethnicity), ("学历", Education), ("人员类别", Category))]
    return [*help_rows, [], *choices, ["党籍状态可选值", "", "在册、流动党员"],
            ["日期写法", "", "2019-07-01、2019/7/1、2019年7月1日、20190701 或 Excel 日期均可；出生日期可只写年月，如 1985.03、1985年3月"],
            ["文件格式", "", "支持 .xlsx、.xls、.xlsb、.ods、.et 和 .csv（UTF-8 或 GBK）；表头上方的标题行、末尾的合计和签字行自动跳过；"
             "一个工作簿可按支部分多个工作表，没有“所在党支部”列时按工作表名或标题识别支部"]]
