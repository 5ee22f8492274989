"""Validation rules of a member record, as small pure functions shared by the form,
the API, the services and the importer. Each returns {field: Chinese message}."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.conf import settings

from .choices import Category, MemberStatus
from .idcard import id_birth_date, id_error, id_sex, normalize_id, normalize_phone

# 中国共产党章程 第一条: 年满十八岁的中国公民可以申请加入中国共产党.
MIN_JOIN_AGE = 18
SEX_LABEL = {"male": "男", "female": "女"}
# The fields of a member record that the form, the API and the services write.
EDITABLE_FIELDS = (
    "name", "sex", "ethnicity", "birth_date", "id_number", "phone", "education", "occupation", "join_date",
    "full_member_date", "category", "status", "party_group", "is_hardship", "is_elderly", "is_lost_contact", "notes",
)
# Statuses set by the edit form; 转出 only through a transfer.
EDITABLE_STATUSES = (MemberStatus.IN_BRANCH, MemberStatus.MIGRANT, MemberStatus.DIED, MemberStatus.LEFT)
# Said when an ID number is on a record the actor may not see: it names no person, branch
# or township, and does not say whether the person is a member elsewhere.
NEUTRAL_ID_REFUSAL = "该公民身份号码无法登记，请联系上级组织部门核实。"
DUPLICATE_IN_SCOPE = "该公民身份号码已有一条在册党员记录。"


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def clean_member_data(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalize the ID number and phone, fill birth date and sex from the ID when
    missing, and check every cross-field rule. Returns (cleaned data, errors)."""
    data = dict(data)
    errors: dict[str, str] = {}
    raw_id = data.get("id_number") or ""
    id_number = normalize_id(str(raw_id))
    data["id_number"] = id_number
    message = id_error(id_number) if id_number else "请填写公民身份号码。"
    if message:
        errors["id_number"] = message
    else:
        born = id_birth_date(id_number)
        if data.get("birth_date") in (None, ""):
            data["birth_date"] = born
        elif data["birth_date"] != born:
            # the message does not quote the date: on an edit the number may be the stored one
            errors["birth_date"] = "出生日期与公民身份号码中的出生日期不一致，可不填，按号码自动识别。"
        sex = id_sex(id_number)
        if not data.get("sex"):
            data["sex"] = sex
        elif data["sex"] != sex:
            errors["sex"] = f"性别与公民身份号码不一致（号码中为{SEX_LABEL[sex]}）。"
    phone, phone_error = normalize_phone(str(data.get("phone") or ""))
    data["phone"] = phone
    if phone_error:
        errors["phone"] = phone_error
    born, joined, full = data.get("birth_date"), data.get("join_date"), data.get("full_member_date")
    today = datetime.date.today()
    if joined:
        if joined > today:
            errors["join_date"] = "入党日期不能晚于今天。"
        elif born and "birth_date" not in errors and age_on(born, joined) < MIN_JOIN_AGE:
            errors["join_date"] = f"入党时应年满{MIN_JOIN_AGE}周岁。"
    if full:
        if joined and full <= joined:
            errors["full_member_date"] = "转正日期必须晚于入党日期。"
        elif full > today:
            errors["full_member_date"] = "转正日期不能晚于今天。"
    if data.get("category") == Category.FULL and joined and not full and "full_member_date" not in errors:
        # an old member's full date may be unknown; but a date within a year of joining
        # means probation cannot have ended (章程第七条: 预备期为一年)
        if (today - joined).days < 365:
            errors["category"] = "入党未满一年，应为预备党员。"
    return data, errors


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def letter_valid_until(letter_date: datetime.date) -> datetime.date:
    """The last day a transfer letter is valid (JICENG_TRANSFER_LETTER_MONTHS after it was issued)."""
    return add_months(letter_date, settings.JICENG_TRANSFER_LETTER_MONTHS)
