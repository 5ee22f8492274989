"""Reads for the roll pages and the API: filters and export rows."""

from __future__ import annotations

from typing import Any, Iterator

from django.db.models import QuerySet

from .choices import ACTIVE_STATUSES, AgeBand
from .models import Member

EXPORT_HEADERS = ["姓名", "性别", "民族", "出生年份", "公民身份号码", "联系电话", "学历", "工作单位及职务", "入党日期",
                  "转正日期", "人员类别", "党籍状态", "所在党支部", "党小组", "困难党员", "老党员", "失联党员", "备注"]
# The audited full export carries the full birth date; the masked one only the year, which
# keeps the masked ID number from being filled in (members.idcard.mask_id).
FULL_EXPORT_HEADERS = [("出生日期" if h == "出生年份" else h) for h in EXPORT_HEADERS]


def export_headers(*, full: bool) -> list[str]:
    return FULL_EXPORT_HEADERS if full else EXPORT_HEADERS


def filter_members(qs: QuerySet[Member], params: dict[str, Any], org_path: str | None = None) -> QuerySet[Member]:
    if org_path:
        qs = qs.filter(organization__path__startswith=org_path)
    status = params.get("status") or ""
    if status == "":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status != "all":
        qs = qs.filter(status=status)
    for name in ("category", "sex", "education"):
        if params.get(name):
            qs = qs.filter(**{name: params[name]})
    if params.get("group"):
        qs = qs.filter(party_group_id=params["group"])
    if params.get("age") in AgeBand.values:
        qs = qs.age_band(params["age"])  # type: ignore[attr-defined]
    if params.get("id_indexes") is not None:  # exact ID search (members.search): blind indexes only
        qs = qs.filter(id_number_index__in=params["id_indexes"])
    if params.get("q"):
        qs = qs.search(params["q"])  # type: ignore[attr-defined]
    return qs


def export_rows(qs: QuerySet[Member], *, full: bool) -> Iterator[list[Any]]:
    yes = {True: "是", False: "否"}
    for m in qs.select_related("organization", "party_group").iterator(chunk_size=2000):
        yield [m.name, m.get_sex_display(), m.get_ethnicity_display(), m.birth_date if full else m.birth_year,
               m.id_number if full else m.id_number_masked, m.phone if full else m.phone_masked,
               m.get_education_display(), m.occupation, m.join_date, m.full_member_date, m.get_category_display(),
               m.get_status_display(), m.organization.name, m.party_group.name if m.party_group else "",
               yes[m.is_hardship], yes[m.is_elderly], yes[m.is_lost_contact], m.notes]
