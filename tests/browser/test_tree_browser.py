"""A person in a browser: log in, browse the tree, be refused what is out of scope."""

import re

import pytest
from playwright.sync_api import expect

from core.testing import browser_login, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base: str, username: str) -> None:
    browser_login(page, base, username)  # with the TOTP step where the role needs it
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()


def test_county_officer_logs_in_and_expands_the_tree(live_server, page):
    world = build_world()
    login(page, live_server.url, "county")
    page.get_by_role("button", name="组织").click()
    page.get_by_role("link", name="组织树").first.click()
    page.locator(f'[data-org="{world.county.pk}"] > .toggle').click()
    expect(page.get_by_role("link", name="城关镇党委")).to_be_visible()
    page.locator(f'[data-org="{world.town_a.pk}"] > .toggle').click()
    expect(page.get_by_role("link", name="柳树村党支部")).to_be_visible()
    page.get_by_role("link", name="柳树村党支部").click()
    expect(page.get_by_role("heading", name=re.compile("柳树村党支部"))).to_be_visible()
    expect(page.get_by_text("第一党小组")).to_be_visible()


def test_township_clerk_is_refused_another_township(live_server, page):
    world = build_world()
    login(page, live_server.url, "clerk_b")
    page.goto(f"{live_server.url}/organizations/")
    expect(page.get_by_role("link", name="石桥乡党委")).to_be_visible()
    expect(page.get_by_text("城关镇党委")).to_have_count(0)
    response = page.goto(f"{live_server.url}/organizations/{world.branch_a1.pk}/")
    assert response is not None and response.status == 404


def test_wrong_password_shows_chinese_error(live_server, page):
    build_world()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("clerk_a")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text(re.compile("请输入一个正确的"))).to_be_visible()
