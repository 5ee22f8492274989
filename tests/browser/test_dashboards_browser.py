"""The three clicks: a county officer finds which branches in which townships missed last
month's 支委会 and who their secretaries are, then exports the list."""

import datetime
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from committees.tests.factories import elect, roll
from core.testing import build_world
from meetings.periods import add_months
from meetings.tests.conftest import record

from .test_tree_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_officer_finds_missed_committee_meetings_and_secretaries(live_server, page, tmp_path):
    world = build_world()
    last_month = add_months(datetime.date.today().replace(day=1), -1)
    record(world.branch_a1, "branch_committee", last_month + datetime.timedelta(days=4))
    record(world.branch_b1, "branch_committee", last_month + datetime.timedelta(days=9))
    members = roll(world.branch_a2, 7)  # 7 full members: a branch committee may be elected
    # a branch committee (3 posts: 支委会 is required of it); 书记: the first member
    elect(world.branch_a2, members, on=datetime.date(2024, 1, 10), posts=3)
    secretary = members[0].name

    login(page, live_server.url, "county")
    page.locator("#mainnav").get_by_role("link", name="统计驾驶舱").click()  # 1
    panel = page.locator("#panel-life_completion")
    row = panel.locator("tr", has_text="城关镇党委")
    row.locator("td").last.get_by_role("link", name="1").click()  # 2
    expect(page.get_by_role("heading", name=re.compile("支部委员会会议缺项"))).to_be_visible()
    table = page.locator("#life-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("城关镇党委")
    expect(table).to_contain_text("城关镇机关党支部")
    expect(table).to_contain_text(secretary)
    with page.expect_download() as download:
        page.locator("#life-export").click()  # 3
    path = tmp_path / "missed.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert ("城关镇党委", "城关镇机关党支部", 0, 1, 1, secretary) in [r[:6] for r in rows]
