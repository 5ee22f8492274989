"""Organizational-life figures (三会一课, 主题党日, 支委会 gaps, six-month rule) against a
hand-counted fixture at a frozen date (conftest.py), their chart, trend and export; the
drill-down page behind them is tested in test_views_life.py."""

import datetime
from io import BytesIO

from openpyxl import load_workbook

from meetings.tests.conftest import record

URL = "/dashboards/"


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
