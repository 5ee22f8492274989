"""The pages of the rate table 党费标准: who sees and who changes, the form and its messages,
the used/unused rule on edit and delete, the export, and the query count."""

import datetime
from dataclasses import replace
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent
from dues.models import DuesRate
from dues.rules import add_months, first_of_month
from dues.services import ledger as services
from dues.services.rates import rate_set_create

from .factories import member_with_base
from .test_rate_sets import national

D = datetime.date
TODAY = datetime.date.today()
NEXT = add_months(first_of_month(TODAY), 1)
LATER = add_months(NEXT, 2)
READERS = ["county_officer", "clerk_a", "secretary_a1", "viewer_a", "sysadmin"]


def post_data(rows, when=NEXT, source="某省委组织部〔2026〕1号", blank=2) -> dict:
    data = {"effective_from": when.strftime("%Y-%m"), "source": source, "rows-TOTAL_FORMS": len(rows) + blank,
            "rows-INITIAL_FORMS": len(rows), "rows-MIN_NUM_FORMS": 0, "rows-MAX_NUM_FORMS": 60}
    for i, r in enumerate(rows):
        for name in ("kind", "upper_bound", "percent", "fixed_amount", "min_amount", "max_amount"):
            value = getattr(r, name)
            data[f"rows-{i}-{name}"] = "" if value is None else str(value)
    return data


def raised() -> list:
    return [replace(r, percent=r.percent + 1) if r.kind == "retired" else r for r in national()]


@pytest.mark.parametrize("persona", READERS)
def test_everyone_with_a_scope_reads_the_table(world, client_for, persona):
    body = client_for(getattr(world, persona)).get(reverse("dues:rates")).content.decode()
    assert "自2008年4月1日起执行" in body and "现行标准" in body and "3000元及以下" in body
    assert "10000元以上" in body and "每月0.20–1.00元（本人自报）" in body


@pytest.mark.parametrize("persona", ["nobody", "auditor"])
def test_without_a_party_scope_the_table_is_refused(world, client_for, persona):
    c = client_for(getattr(world, persona))
    assert c.get(reverse("dues:rates")).status_code == 403
    assert c.get(reverse("dues:rates"), {"export": "xlsx"}).status_code == 403


# A county officer too: the table is shared by every county (security finding 10).
@pytest.mark.parametrize("persona", ["county_officer", "clerk_a", "secretary_a1", "viewer_a", "nobody", "auditor"])
def test_others_get_403_on_every_change(world, client_for, persona):
    rate_set_create(effective_from=LATER, rows=raised(), source="x", actor=None)
    c = client_for(getattr(world, persona))
    day = LATER.isoformat()
    assert c.get(reverse("dues:rate_set_create")).status_code == 403
    assert c.post(reverse("dues:rate_set_create"), post_data(raised())).status_code == 403
    assert c.post(reverse("dues:rate_set_edit", args=[day]), post_data(raised(), when=LATER)).status_code == 403
    assert c.post(reverse("dues:rate_set_delete", args=[day])).status_code == 403
    assert DuesRate.objects.count() == 20
    if persona in ("county_officer", "clerk_a", "secretary_a1", "viewer_a"):
        assert "新增一组标准" not in c.get(reverse("dues:rates")).content.decode()


@pytest.mark.parametrize("persona", ["sysadmin"])
def test_a_new_set_is_entered_on_one_form(world, client_for, persona):
    c = client_for(getattr(world, persona))
    page = c.get(reverse("dues:rate_set_create")).content.decode()
    assert 'name="rows-TOTAL_FORMS" value="13"' in page and NEXT.strftime("%Y-%m") in page
    response = c.post(reverse("dues:rate_set_create"), post_data(raised()), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dues:rates")
    body = response.content.decode()
    assert f"已新增一组党费标准，自{NEXT:%Y年%m月%d日}起执行" in body and "待生效" in body
    assert dict(DuesRate.objects.filter(kind="retired", effective_from=NEXT).values_list("upper_bound", "percent")) == {
        Decimal("5000.00"): Decimal("1.50"), None: Decimal("2.00")}
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, content_type__model="duesrate",
                                     actor=getattr(world, persona)).count() == 10


def test_bad_rows_are_told_and_nothing_is_lost(world, client_for):
    rows = raised()
    rows[2] = replace(rows[2], percent=Decimal("150"))
    rows = [r for r in rows if r.kind != "student"]
    data = post_data(rows, source="保留的依据文号")
    data["rows-0-fixed_amount"] = "3"
    response = client_for(world.sysadmin).post(reverse("dues:rate_set_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "缺少学生党员的标准：一组标准须包括全部党员类别。" in body
    assert "交纳比例须大于 0 且不超过 100（%）。" in body
    assert "每一档只能填写交纳比例、固定金额或金额区间中的一种。" in body
    assert "保留的依据文号" in body and 'value="150"' in body
    assert DuesRate.objects.count() == 10


def test_the_effective_month_is_checked_on_the_form(world, client_for):
    c = client_for(world.sysadmin)
    body = c.post(reverse("dues:rate_set_create"), post_data(raised(), when=first_of_month(TODAY))).content.decode()
    assert "最早从下月" in body and DuesRate.objects.count() == 10
    body = c.post(reverse("dues:rate_set_create"), post_data(raised(), source="")).content.decode()
    assert "请填写依据（文件名称和文号）。" in body


def test_a_future_unused_set_is_edited_and_deleted_after_confirmation(world, client_for):
    rate_set_create(effective_from=LATER, rows=raised(), source="原文件", actor=None)
    c = client_for(world.sysadmin)
    day = LATER.isoformat()
    listing = c.get(reverse("dues:rates")).content.decode()
    assert reverse("dues:rate_set_edit", args=[day]) in listing and reverse("dues:rate_set_delete", args=[day]) in listing
    assert reverse("dues:rate_set_edit", args=["2008-04-01"]) not in listing
    form = c.get(reverse("dues:rate_set_edit", args=[day])).content.decode()
    assert "原文件" in form
    c.post(reverse("dues:rate_set_edit", args=[day]), post_data(national(), when=NEXT, source="更正后的文件"))
    assert DuesRate.objects.filter(effective_from=NEXT, source="更正后的文件").count() == 10
    day = NEXT.isoformat()
    confirm = c.get(reverse("dues:rate_set_delete", args=[day]))
    assert "确认删除" in confirm.content.decode() and DuesRate.objects.filter(effective_from=NEXT).exists()
    c.post(reverse("dues:rate_set_delete", args=[day]))
    assert not DuesRate.objects.filter(effective_from=NEXT).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE, content_type__model="duesrate").count() == 10


def test_used_or_current_sets_offer_no_change_and_refuse_it(world, client_for):
    m = member_with_base(world.branch_a1, name="冯预交", income="4000")
    rate_set_create(effective_from=NEXT, rows=raised(), source="x", actor=None)
    services.dues_pay(member=m, months=[NEXT], paid_on=TODAY, actor=None)
    c = client_for(world.sysadmin)
    for day in (NEXT.isoformat(), "2008-04-01"):
        assert reverse("dues:rate_set_edit", args=[day]) not in c.get(reverse("dues:rates")).content.decode()
        response = c.post(reverse("dues:rate_set_delete", args=[day]), follow=True)
        assert "不能删除；如需调整，请新增一组生效日期更晚的标准取代它" in response.content.decode()
        response = c.get(reverse("dues:rate_set_edit", args=[day]), follow=True)
        assert "不能修改" in response.content.decode()
    assert DuesRate.objects.count() == 20
    assert "已有交纳记录按此标准计算" in c.get(reverse("dues:rates")).content.decode()


def test_a_set_used_by_prepaid_months_is_flagged_when_created(world, client_for):
    m = member_with_base(world.branch_a1, name="陈预交", income="4000")
    services.dues_pay(member=m, months=[NEXT], paid_on=TODAY, actor=None)
    body = client_for(world.sysadmin).post(reverse("dues:rate_set_create"), post_data(raised()),
                                                 follow=True).content.decode()
    assert "已有党员预交了该月份及以后的党费，已登记的金额不变" in body


def test_unknown_sets_are_404(world, client_for):
    c = client_for(world.sysadmin)
    assert c.get(reverse("dues:rate_set_edit", args=["2030-01-01"])).status_code == 404
    assert c.get(reverse("dues:rate_set_delete", args=["not-a-date"])).status_code == 404


def test_export_lists_every_band_and_is_audited(world, client_for):
    rate_set_create(effective_from=NEXT, rows=raised(), source="新文件", actor=None)
    response = client_for(world.clerk_a).get(reverse("dues:rates"), {"export": "xlsx"})
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("生效日期", "状态", "党员类别", "收入档次")
    assert len(rows) == 21
    assert {r[1] for r in rows[1:]} == {"现行", "待生效"}
    assert ("在岗职工", "3000元及以下") in {(r[2], r[3]) for r in rows[1:]}
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.clerk_a, extra__rows=20).exists()


def test_kind_filter(world, client_for):
    body = client_for(world.clerk_a).get(reverse("dues:rates"), {"kind": "farmer"}).content.decode()
    assert "农民党员" in body and "3000元及以下" not in body


def test_rates_page_query_count_is_pinned(world, client_for, django_assert_max_num_queries):
    for n in range(1, 6):
        rate_set_create(effective_from=add_months(NEXT, n), rows=raised(), source=f"第{n}号", actor=None)
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(11):  # 2 for the table and its use, whatever the number of sets
        assert c.get(reverse("dues:rates")).status_code == 200


def test_dues_pages_link_the_table(world, client_for):
    body = client_for(world.county_officer).get(reverse("dues:overview")).content.decode()
    assert reverse("dues:rates") in body
