"""The county's pages to create a score sheet and edit its items while it is a draft."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from assessments.models import ScoreSheet
from audit.models import AuditEvent
from core.testing import make_user

from .conftest import messages_of
from .factories import make_sheet

D = Decimal
NUMBERS = {"weight_self": "20", "weight_public": "40", "weight_org": "40", "pass_threshold": "80",
           "excellent_threshold": "90"}


def test_county_creates_a_draft_and_builds_its_items(world, client_for):
    c = client_for(world.county_officer)
    assert c.get(reverse("assessments:sheet_new")).status_code == 200
    r = c.post(reverse("assessments:sheet_new"), {"name": "社区党组织评分表", "year": "2026", "field": "community", **NUMBERS})
    sheet = ScoreSheet.objects.get(name="社区党组织评分表")
    assert r.url == reverse("assessments:sheet_edit", args=[sheet.pk]) and sheet.field == "community"
    c.post(reverse("assessments:sheet_section_add", args=[sheet.pk]), {"title": "组织建设"})
    section = sheet.sections.get()
    c.post(reverse("assessments:sheet_item_add", args=[sheet.pk]), {
        "section": section.pk, "code": "A1", "title": "三会一课按要求召开", "kind": "basic", "max_points": "30",
        "calculator_code": "meetings.all_held"})
    item = sheet.items.get()
    assert item.calculator_code == "meetings.all_held" and item.max_points == D(30)
    c.post(reverse("assessments:sheet_item_edit", args=[sheet.pk, item.pk]), {
        "code": "A1", "title": "三会一课", "kind": "basic", "max_points": "25", "calculator_code": ""})
    item.refresh_from_db()
    assert (item.title, item.max_points, item.calculator_code) == ("三会一课", D(25), "")
    c.post(reverse("assessments:sheet_edit", args=[sheet.pk]), {"name": "社区党组织评分表（修订）", **NUMBERS,
                                                                "weight_public": "50", "weight_org": "30"})
    sheet.refresh_from_db()
    assert sheet.name.endswith("（修订）") and sheet.weight_public == D(50)
    c.post(reverse("assessments:sheet_item_edit", args=[sheet.pk, item.pk]), {"delete": "1"})
    assert not sheet.items.exists()
    assert AuditEvent.objects.filter(object_id=str(sheet.pk), extra__item_removed="A1").exists()


def test_weights_not_summing_to_100_are_refused_with_a_message(world, client_for):
    sheet = make_sheet(world, publish=False)
    r = client_for(world.county_officer).post(reverse("assessments:sheet_edit", args=[sheet.pk]),
                                              {"name": sheet.name, **NUMBERS, "weight_self": "30"}, follow=True)
    assert "合计为100%" in r.content.decode()
    sheet.refresh_from_db()
    assert sheet.weight_self == D(20)


def test_a_published_sheet_is_frozen(world, client_for):
    sheet = make_sheet(world)
    item = sheet.items.get(code="A1")
    c = client_for(world.county_officer)
    assert "内容已冻结" in c.get(reverse("assessments:sheet_edit", args=[sheet.pk])).content.decode()
    r = c.post(reverse("assessments:sheet_item_edit", args=[sheet.pk, item.pk]), {
        "code": "A1", "title": "改了", "kind": "basic", "max_points": "60"}, follow=True)
    assert "不能修改" in r.content.decode()
    item.refresh_from_db()
    assert item.title == "三会一课"
    c.post(reverse("assessments:sheet_item_edit", args=[sheet.pk, item.pk]), {"delete": "1"})
    assert sheet.items.filter(pk=item.pk).exists()


@pytest.mark.parametrize("persona", ["clerk_a", "secretary_a1", "viewer_a"])
def test_readers_below_the_county_get_403_on_edits(world, client_for, persona):
    sheet = make_sheet(world, publish=False)
    item = sheet.items.get(code="A1")
    c = client_for(getattr(world, persona))
    assert c.get(reverse("assessments:sheet_edit", args=[sheet.pk])).status_code == 403
    assert c.post(reverse("assessments:sheet_item_edit", args=[sheet.pk, item.pk]), {"delete": "1"}).status_code == 403
    assert c.post(reverse("assessments:sheet_new"), {"name": "x", "year": "2026", **NUMBERS}).status_code == 403
    assert sheet.items.filter(pk=item.pk).exists()


def test_county_viewer_gets_403(world, client_for):
    viewer = make_user("county_viewer", Role.VIEWER, world.county)
    sheet = make_sheet(world, publish=False)
    c = client_for(viewer)
    assert c.get(reverse("assessments:sheet_new")).status_code == 403
    assert c.post(reverse("assessments:sheet_section_add", args=[sheet.pk]), {"title": "x"}).status_code == 403


@pytest.mark.parametrize("persona", ["nobody", "sysadmin", "auditor"])
def test_outsiders_get_404(world, client_for, persona):
    sheet = make_sheet(world, publish=False)
    c = client_for(getattr(world, persona))
    assert c.get(reverse("assessments:sheet_new")).status_code == 404
    assert c.get(reverse("assessments:sheet_edit", args=[sheet.pk])).status_code == 404
    assert c.post(reverse("assessments:sheet_item_add", args=[sheet.pk]), {}).status_code == 404


@pytest.mark.parametrize("change, message", [
    ({"weight_org": "四十"}, "权重和分数线须填写数字。"),
    ({"pass_threshold": ""}, "权重和分数线须填写数字。"),
    ({"name": "  "}, "请填写评分表名称。"),
    ({"year": "明年"}, "年度填写有误。"),
    ({"field": "moon"}, "请选择适用领域。"),
])
def test_a_new_sheet_with_a_bad_entry_is_shown_again_with_a_message(world, client_for, change, message):
    data = {"name": "社区党组织评分表", "year": "2026", "field": "community", **NUMBERS, **change}
    r = client_for(world.county_officer).post(reverse("assessments:sheet_new"), data)
    assert r.status_code == 200 and messages_of(r) == [message]
    assert r.context["initial"]["weight_org"] == data["weight_org"]
    assert not ScoreSheet.objects.exists()


def test_the_weights_are_checked_before_the_name(world, client_for):
    data = {**NUMBERS, "weight_self": "x", "name": "", "year": "2026"}
    r = client_for(world.county_officer).post(reverse("assessments:sheet_new"), data)
    assert messages_of(r) == ["权重和分数线须填写数字。"]


def test_sections_and_items_need_their_texts_and_numbers(world, client_for):
    sheet = make_sheet(world, publish=False)
    section = sheet.sections.first()
    post = lambda url, data: client_for(world.county_officer).post(url, data)  # noqa: E731  (a fresh session each)
    edit = reverse("assessments:sheet_edit", args=[sheet.pk])
    r = post(reverse("assessments:sheet_section_add", args=[sheet.pk]), {"title": " "})
    assert r.url == edit and messages_of(r) == ["请填写栏目名称。"]
    add = reverse("assessments:sheet_item_add", args=[sheet.pk])
    r = post(add, {"section": section.pk, "code": "A9", "title": "x", "max_points": "五"})
    assert messages_of(r) == ["分值须填写数字。"]
    r = post(add, {"section": section.pk, "code": "", "title": "x", "max_points": "5"})
    assert messages_of(r) == ["请填写细则编号和评分内容。"]
    assert sheet.items.count() == 4
    item = sheet.items.get(code="A1")
    r = post(reverse("assessments:sheet_item_edit", args=[sheet.pk, item.pk]), {"max_points": "x"})
    assert messages_of(r) == ["分值须填写数字。"]


def test_an_item_goes_only_into_a_section_of_its_own_sheet(world, client_for):
    sheet = make_sheet(world, publish=False)
    other = make_sheet(world, publish=False)  # another draft of the county
    r = client_for(world.county_officer).post(reverse("assessments:sheet_item_add", args=[sheet.pk]), {
        "section": other.sections.first().pk, "code": "A9", "title": "x", "max_points": "5"})
    assert r.status_code == 404 and sheet.items.count() == 4


def test_delete_ignores_the_rest_of_the_row(world, client_for):
    sheet = make_sheet(world, publish=False)
    item = sheet.items.get(code="C1")
    client_for(world.county_officer).post(reverse("assessments:sheet_item_edit", args=[sheet.pk, item.pk]),
                                          {"delete": "1", "max_points": "x"})
    assert not sheet.items.filter(code="C1").exists()
