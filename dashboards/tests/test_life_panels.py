"""Organizational-life figures (三会一课, 主题党日, 支委会 gaps, six-month rule) against a
hand-counted fixture at a frozen date, their drill-down with secretaries, and export."""

import datetime
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from meetings.tests.conftest import on_roll, record, with_committee

URL = "/dashboards/"
NOW = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def life(world, frozen):
    """March 2026 (the previous month, and the end of Q1):
    城关镇 a1 (with 党小组 a1): 支委会 3/5, 党小组会 3/8, 党员大会 2/10, no 党课, no 主题党日 → 三会一课 3/4
    城关镇 a2: nothing → 0/3, missed 支委会; its 2 members flagged by the six-month rule
    石桥乡 b1: 支委会 3/10, 党课 1/20, 主题党日 3/10 → 三会一课 2/3, 主题党日 1/1"""
    rolls = {"a1": on_roll(world.branch_a1, 3, party_group=world.group_a1), "a2": on_roll(world.branch_a2, 2),
             "b1": on_roll(world.branch_b1, 2)}
    record(world.branch_a1, "branch_committee", datetime.date(2026, 3, 5))
    record(world.group_a1, "group_meeting", datetime.date(2026, 3, 8))
    record(world.branch_a1, "general_meeting", datetime.date(2026, 2, 10))
    record(world.branch_b1, "branch_committee", datetime.date(2026, 3, 10))
    record(world.branch_b1, "lecture", datetime.date(2026, 1, 20))
    record(world.branch_b1, "theme_day", datetime.date(2026, 3, 10))
    record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 20), submit=False)  # a draft does not count
    # every branch has a branch committee, so 支委会 is due monthly; a2's first member is 书记
    with_committee(world.branch_a1, rolls["a1"])
    with_committee(world.branch_b1, rolls["b1"])
    with_committee(world.branch_a2, rolls["a2"], on=datetime.date(2024, 1, 10))
    world.a2_secretary = rolls["a2"][0].name
    return world


def table(response, key):
    return next(t for p, t in response.context["panels"] if p.key == key)


def values(t):
    return {r[0].value: [c.value for c in r[1:]] for r in t.rows}


def test_completion_by_township_hand_counted(life, client_for):
    t = table(client_for(life.county_officer).get(URL), "life_completion")
    assert t.headers[1:] == ["三会一课 2026年4月", "三会一课 2026年3月", "主题党日 2026年4月", "主题党日 2026年3月",
                             "2026年3月支委会缺项支部"]
    # April: a1 支委会+党小组会, a2 支委会 required, nothing held yet
    assert values(t)["城关镇党委"] == ["0/3（0.0%）", "3/7（42.9%）", "0/2（0.0%）", "0/2（0.0%）", 1]
    assert values(t)["石桥乡党委"] == ["0/1（0.0%）", "2/3（66.7%）", "0/1（0.0%）", "1/1（100.0%）", 0]


def test_quarter_period_adds_up_the_quarter(life, client_for):
    t = table(client_for(life.county_officer).get(URL, {"period": "quarter"}), "life_completion")
    # Q1: a1 支委会 1/3 + 党小组会 1/3 + 大会 1/1 + 党课 0/1 = 3/8; a2 0/5 → 3/13. b1 支委会 1/3 + 大会 0/1 + 党课 1/1
    assert values(t)["城关镇党委"][1] == "3/13（23.1%）"
    assert values(t)["石桥乡党委"][1] == "2/5（40.0%）"
    assert t.headers[2] == "三会一课 2026年第1季度"


def test_ranking_chart_ranks_organizations_by_rate(life, client_for):
    r = client_for(life.county_officer).get("/dashboards/chart/life_completion/")
    chart = r.json()
    assert chart["yAxis"]["data"] == ["城关镇党委", "石桥乡党委"]
    assert chart["series"][0]["data"] == [42.9, 66.7]


def test_three_clicks_missed_committee_meetings_with_secretaries(life, client_for):
    c = client_for(life.county_officer)
    cell = table(c.get(URL), "life_completion").rows[0][5]
    assert cell.value == 1
    page = c.get(cell.link)
    lines = list(page.context["page"].object_list)
    assert [(ln.township.name, ln.branch.name, ln.held, ln.required) for ln in lines] == [
        ("城关镇党委", "城关镇机关党支部", 0, 1)]
    assert lines[0].secretary == life.a2_secretary
    assert life.a2_secretary in page.content.decode()
    export = c.get(cell.link + "&export=xlsx")
    rows = list(load_workbook(BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True))
    assert rows[-1][:6] == ("城关镇党委", "城关镇机关党支部", 0, 1, 1, lines[0].secretary)


def test_six_month_rule_by_township(life, client_for):
    t = table(client_for(life.county_officer).get(URL), "six_month_rule")
    assert values(t) == {"城关镇党委": [2, 2], "石桥乡党委": [0, 0]}
    body = client_for(life.county_officer).get(t.rows[0][2].link).content.decode()
    assert "城关镇机关党支部" in body


def test_recording_a_meeting_changes_the_figure(life, client_for):
    c = client_for(life.county_officer)
    assert values(table(c.get(URL), "life_completion"))["石桥乡党委"][0] == "0/1（0.0%）"
    record(life.branch_b1, "branch_committee", datetime.date(2026, 4, 2))
    assert values(table(c.get(URL), "life_completion"))["石桥乡党委"][0] == "1/1（100.0%）"


def test_township_officer_sees_only_their_township(life, client_for):
    c = client_for(life.clerk_b)
    t = table(c.get(URL), "life_completion")
    assert list(values(t)) == ["石桥村党支部"]
    assert c.get("/dashboards/chart/life_completion/").json()["yAxis"]["data"] == ["石桥村党支部"]
    # asking for the other township's drill-down shows their own figures, never town_a's
    body = c.get("/dashboards/life/", {"unit": life.town_a.pk, "group": "branch_committee",
                                       "at": "2026-03-01", "missed": "1"}).content.decode()
    assert "城关镇" not in body
    export = c.get("/dashboards/", {"export": "six_month_rule"})
    cells = [v for row in load_workbook(BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True)
             for v in row]
    assert "城关镇党委" not in cells


@pytest.mark.parametrize("persona", ["nobody", "sysadmin", "auditor"])
def test_life_page_refuses_users_without_party_scope(world, client_for, persona):
    c = client_for(getattr(world, persona))
    assert c.get("/dashboards/life/").status_code == 403
    assert c.get("/dashboards/chart/life_completion/").status_code == 403


def test_life_page_query_count_is_constant(life, client_for, django_assert_max_num_queries):
    from organizations import services
    from organizations.rules import Field, Kind

    c = client_for(life.county_officer)
    url = "/dashboards/life/?group=branch_committee&at=2026-03-01&missed=1"
    with django_assert_max_num_queries(15):
        c.get(url)
    for i in range(6):
        b = services.organization_create(parent=life.town_b, actor=life.county_officer, name=f"新村{i}党支部",
                                         kind=Kind.BRANCH, field=Field.VILLAGE)
        with_committee(b, [])
        record(b, "theme_day", datetime.date(2026, 3, 3))
    with django_assert_max_num_queries(15):
        assert len(c.get(url).context["page"].object_list) == 7


def test_monthly_trend_hand_counted_and_loaded_after_the_page(life, client_for):
    c = client_for(life.county_officer)
    overview = c.get(URL)
    assert table(overview, "life_trend") is None  # not computed with the page: loaded by it
    assert "/dashboards/panel/life_trend/" in overview.content.decode()
    r = c.get("/dashboards/panel/life_trend/")
    t = r.context["table"]
    months = [row[0].value for row in t.rows]
    assert len(months) == 12 and months[0] == "2025年4月" and months[-1] == "2026年3月"
    # March: 三会一课 城关镇 3/7 + 石桥乡 2/3; 主题党日 0/2 + 1/1. February: only the monthly 支委会 ×3 and 党小组会
    assert values(t)["2026年3月"] == ["5/10（50.0%）", "1/3（33.3%）"]
    assert values(t)["2026年2月"] == ["0/4（0.0%）", "0/3（0.0%）"]
    assert t.chart["series"][0]["data"][-1] == 50.0
    assert "2026年3月" in r.content.decode()
    # the township officer's trend is their township's only
    t_b = client_for(life.clerk_b).get("/dashboards/panel/life_trend/").context["table"]
    assert values(t_b)["2026年3月"] == ["2/3（66.7%）", "1/1（100.0%）"]


@pytest.mark.parametrize("persona", ["nobody", "sysadmin", "auditor"])
def test_panel_endpoint_refuses_users_without_party_scope(world, client_for, persona):
    assert client_for(getattr(world, persona)).get("/dashboards/panel/life_trend/").status_code == 403


def test_panel_endpoint_unknown_panel(world, client_for):
    assert client_for(world.county_officer).get("/dashboards/panel/nope/").status_code == 404
