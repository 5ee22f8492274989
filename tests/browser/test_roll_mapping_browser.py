"""Going live with a real roll, in a browser: a township clerk uploads the .xls an office
wrote with LibreOffice (title rows, the ID number headed "证件号码", a 合计 row, one bad
date), says which column is the ID number, reads the row error, uploads the fixed file (its
header is now recognized by itself), imports it, and the go-live checklist counts the branch."""

import pathlib
import re

import pytest
from playwright.sync_api import expect

from core.testing import build_world
from members.models import ColumnMapping, Member

from .test_tree_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "members" / "tests" / "fixtures"


def test_clerk_maps_an_unknown_column_imports_and_the_checklist_counts_the_branch(live_server, page, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    base = live_server.url
    login(page, base, "clerk_a")

    page.goto(f"{base}/dashboards/golive/")
    roll_cell = page.locator("#golive-table tr", has_text="城关镇党委").locator('td[data-book="roll"]')
    expect(roll_cell).to_contain_text("0/2")

    # 1. the office's file: the ID number column is headed 证件号码, a name the reader does not know
    page.get_by_role("button", name="党员").click()
    page.get_by_role("link", name="党员名册").first.click()
    page.get_by_role("link", name="导入").click()
    page.locator('input[type="file"]').set_input_files(str(FIXTURES / "messy_roll.xls"))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text("缺少必填列：公民身份号码")).to_be_visible()
    preview = page.locator("#mapping-preview")
    expect(preview).to_contain_text("证件号码")
    expect(preview).to_contain_text("马向东")
    expect(preview).not_to_contain_text("合计")  # the footer is not a data row

    # 2. say which column it is: the same file is checked again and the bad date is named
    page.get_by_label("“公民身份号码”是文件中的").select_option(label="第4列：证件号码")
    page.get_by_role("button", name="按此对应关系重新检查").click()
    expect(page.get_by_text("已保存列对应关系并重新检查文件")).to_be_visible()
    error_row = page.locator("table tbody tr").filter(has_text="入党日期")
    expect(error_row).to_contain_text("6")
    expect(page.get_by_text("文件中有错误，未写入任何数据")).to_be_visible()
    assert Member.objects.count() == 0
    assert ColumnMapping.objects.get().organization == world.town_a

    # 3. the fixed file: its header is recognized by the saved mapping, the check passes
    page.get_by_role("link", name="重新上传").first.click()
    page.locator('input[type="file"]').set_input_files(str(FIXTURES / "messy_roll_fixed.xls"))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text("检查通过，尚未写入")).to_be_visible()
    expect(page.get_by_text(re.compile("共 3 行：新增 3"))).to_be_visible()
    expect(page.get_by_text(re.compile("已按上次的列对应关系识别：第4列“证件号码”为“公民身份号码”"))).to_be_visible()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已全部导入")).to_be_visible()
    assert sorted(Member.objects.filter(organization=world.branch_a1).values_list("name", flat=True)) == [
        "林晓红", "马向东", "高建军"]

    # 4. the go-live checklist counts the branch on the township's roll
    page.goto(f"{base}/dashboards/golive/")
    expect(roll_cell).to_contain_text("1/2")
