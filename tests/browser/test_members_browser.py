"""The members roll walkthrough of issue 3, in a browser: a township clerk uploads a roll
with a mistake, reads the Chinese row error in the preview, fixes and re-uploads it,
confirms, finds a member, transfers them to another township's branch, and the receiving
secretary confirms."""

import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from audit.models import AuditAction, AuditEvent
from members.models import ImportJob, Member, Transfer

from .test_tree_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADERS = ["姓名", "公民身份号码", "性别", "出生日期", "联系电话", "入党日期", "转正日期", "人员类别", "所在党支部", "党小组"]
ROWS = [
    ["刘建华", "11010519491231002X", "女", "1949年12月31日", "138 1234 5678", "1975-07-01", "1976/7/1", "正式党员", "柳树村党支部", "第一党小组"],
    ["陈志强", "440524198001010013", "男", "1980.1.1", "", "2005年7月1日", "2006年7月1日", "正式党员", "T-A2", ""],
    ["王秀英", "330102198001010026", "女", "", "199 0000 1234", "2010-07-01", "2011-07-01", "正式党员", "柳树村党支部", ""],
]


def _roll(path, rows):  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.title = "党员名册"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_clerk_imports_fixes_transfers_and_receiver_confirms(live_server, page, browser, settings, tmp_path):
    from core.testing import build_world

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm on the destructive forms

    login(page, base, "clerk_a")
    page.get_by_role("button", name="党员").click()
    page.get_by_role("link", name="党员名册").first.click()
    page.get_by_role("link", name="导入").click()
    expect(page.get_by_role("heading", name="导入党员名册")).to_be_visible()

    # 1. the roll has a typo in one ID number (last character): the preview names row and column
    wrong = [row[:] for row in ROWS]
    wrong[2][1] = "330102198001010025"
    page.locator('input[type="file"]').set_input_files(str(_roll(tmp_path / "名册.xlsx", wrong)))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text("文件中有错误，未写入任何数据")).to_be_visible()
    error_row = page.locator("table tbody tr").filter(has_text="公民身份号码")
    expect(error_row).to_contain_text("4")
    expect(error_row).to_contain_text("校验位不正确")
    assert Member.objects.count() == 0

    # 2. fixed and uploaded again: the check passes, nothing is written until confirmed
    page.get_by_role("link", name="重新上传").click()
    page.locator('input[type="file"]').set_input_files(str(_roll(tmp_path / "名册-改.xlsx", ROWS)))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text("检查通过，尚未写入")).to_be_visible()
    expect(page.get_by_text(re.compile("共 3 行：新增 3"))).to_be_visible()
    assert Member.objects.count() == 0
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已全部导入")).to_be_visible()
    assert Member.objects.count() == 3
    assert not ImportJob.objects.exclude(file="").exists(), "uploaded files are deleted after the import"

    # 3. find the member, masked in the list, and transfer her to another township's branch
    page.get_by_role("link", name="查看党员名册").click()
    page.get_by_placeholder("姓名，或完整公民身份号码").fill("王秀英")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_text("330102**********26")).to_be_visible()
    page.get_by_role("link", name="王秀英").click()
    page.get_by_role("link", name="转到系统内支部").click()
    page.locator(".ts-control").click()
    page.keyboard.type("石桥村")
    page.locator(".ts-dropdown .option", has_text="石桥村党支部").click()
    page.get_by_label("介绍信编号").fill("城关组转〔2026〕1号")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("已开具组织关系介绍信")).to_be_visible()

    # 4. the receiving secretary sees it waiting and confirms
    other = browser.new_context(locale="zh-CN")
    receiver = other.new_page()
    receiver.on("dialog", lambda dialog: dialog.accept())
    login(receiver, base, "secretary_b1")
    receiver.get_by_role("button", name="党员").click()
    receiver.get_by_role("link", name="组织关系转接").first.click()
    expect(receiver.get_by_text("1 项待接收")).to_be_visible()
    receiver.get_by_role("button", name="确认接收").click()
    expect(receiver.get_by_text("已接收“王秀英”的组织关系")).to_be_visible()
    other.close()

    moved = Member.objects.get(name="王秀英")
    assert moved.organization == world.branch_b1 and Transfer.objects.get().status == "confirmed"
    sides = set(AuditEvent.objects.filter(action=AuditAction.MOVE, object_id=str(moved.pk)).values_list("org_path", flat=True))
    assert sides == {world.branch_a1.path, world.branch_b1.path}
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, actor=world.clerk_a).count() == 4  # 3 rows + summary
