"""A county officer's first login in a browser: forced to bind an authenticator by the QR
page, then logs out and in again with a real TOTP code computed from the key shown."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from core.testing import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from(secret: str, drift: int = 0) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, drift=drift):06d}"


def password_step(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill("county")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_county_officer_enrols_by_qr_page_then_logs_in_with_a_code(live_server, page):
    build_world()
    password_step(page, live_server.url)
    expect(page.get_by_role("heading", name="启用双因素认证")).to_be_visible()
    expect(page.locator(".totp-qr svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("验证码").fill(code_from(secret))
    page.get_by_role("button", name="确认绑定").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()

    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="登录基层党建系统")).to_be_visible()
    password_step(page, live_server.url)
    expect(page.get_by_role("heading", name="双因素认证")).to_be_visible()
    page.goto(f"{live_server.url}/organizations/")  # nothing is reachable before the code
    expect(page.get_by_role("heading", name="双因素认证")).to_be_visible()
    page.get_by_label("验证码").fill(code_from(secret, drift=1))  # this step's code is spent
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("heading", name=re.compile("组织"))).to_be_visible()
    assert "/organizations/" in page.url
