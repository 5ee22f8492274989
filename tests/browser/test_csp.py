"""Content-Security-Policy in a real browser: every main page, as the personas who use it,
loads without a single CSP violation (securitypolicyviolation events and console reports)
and without a script error. The policy forbids inline scripts, handlers and styles."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from committees.tests.factories import elect, roll
from core.testing import build_world, mark_second_factor_done
from demo.management.commands.seed_demo import SYSADMIN_PERMISSIONS
from development.tests.factories import applicant
from meetings.periods import add_months
from meetings.tests.conftest import record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " +
                    (e.sourceFile || "") + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""


class Watch:
    """A browser context logged in as `user` (session cookie from force_login) that records
    CSP violations, CSP console messages and uncaught script errors of every page it opens."""

    def __init__(self, browser, base: str, user) -> None:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        mark_second_factor_done(client, user)  # else every page would redirect to the 2FA step
        self.base = base
        self.context = browser.new_context(locale="zh-CN")
        self.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base,
                                   "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.page.url}: script error {error}"))

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"{self.page.url}: console {message.type}: {message.text}")

    def visit(self, path: str, scroll: bool = True):  # type: ignore[no-untyped-def]
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, (path, response and response.status)
        assert "/accounts/two-factor/" not in self.page.url and "/password/" not in self.page.url, self.page.url
        assert "object-src 'none'" in response.headers.get("content-security-policy", ""), path
        if scroll:  # lazy panels (hx-trigger="revealed") load when scrolled into view
            self.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            self.page.wait_for_load_state("networkidle")
        self.collect()
        return self.page

    def collect(self) -> None:
        self.problems += [f"{self.page.url}: {v}" for v in self.page.evaluate("window.__csp || []")]

    def close(self) -> list[str]:
        self.context.close()
        return self.problems


def small_world():  # type: ignore[no-untyped-def]
    world = build_world()
    members = roll(world.branch_a1, 7)
    elect(world.branch_a1, members, on=datetime.date(2024, 1, 10), posts=3)
    last_month = add_months(datetime.date.today().replace(day=1), -1)
    meeting = record(world.branch_a1, "branch_committee", last_month + datetime.timedelta(days=4))
    person = applicant(world.branch_a1)
    # the account manager's model permissions, as seed_demo grants them (the admin at /sysadmin/)
    for app_label, model, actions in SYSADMIN_PERMISSIONS:
        world.sysadmin.user_permissions.add(*Permission.objects.filter(
            content_type__app_label=app_label, codename__in=[f"{a}_{model}" for a in actions]))
    return world, members[0], meeting, person


def test_main_pages_have_no_csp_violations(live_server, browser):
    world, member, meeting, person = small_world()
    year = datetime.date.today().year
    a1 = world.branch_a1.pk
    problems: list[str] = []

    county = Watch(browser, live_server.url, world.county_officer)
    for path in [
        reverse("home:home"), reverse("dashboards:overview"), reverse("dashboards:life"),
        reverse("organizations:tree"), reverse("organizations:list"),
        reverse("organizations:detail", args=[a1]), reverse("organizations:history", args=[a1]),
        reverse("organizations:edit", args=[a1]), reverse("organizations:import"),
        reverse("members:roll"), reverse("members:detail", args=[member.pk]), reverse("members:edit", args=[member.pk]),
        reverse("members:create", args=[a1]), reverse("members:transfers"), reverse("members:import"),
        reverse("meetings:list"), reverse("meetings:detail", args=[meeting.pk]), reverse("meetings:compliance"),
        reverse("meetings:branch", args=[a1]), reverse("meetings:ledger", args=[a1, year]),
        reverse("meetings:leaders"), reverse("meetings:member_life", args=[member.pk]),
        reverse("meetings:requirements"),
        reverse("committees:board"), reverse("committees:org", args=[a1]), reverse("committees:roster"),
        reverse("committees:shortfalls"), reverse("committees:training"), reverse("committees:reviews"),
        reverse("assessments:index"), reverse("assessments:gradings"), reverse("assessments:reviews"),
        reverse("assessments:sheets"), reverse("assessments:sheet_new"), reverse("assessments:rounds"),
        reverse("assessments:org_history", args=[a1]),
        reverse("rectification:index"),
        reverse("development:board"), reverse("development:detail", args=[person.pk]), reverse("development:plans"),
        reverse("dues:overview"), reverse("dues:sheet", args=[a1]), reverse("dues:arrears"),
        reverse("dues:member", args=[member.pk]),
        reverse("reminders:inbox"), reverse("reminders:oversight"),
        reverse("accounts:profile"), reverse("swagger-ui"),
    ]:
        county.visit(path)
    # the handlers that used to be inline: the tree's toggle (and its htmx load), an auto-submitting select
    page = county.visit(reverse("organizations:tree"))
    page.locator(f'[data-org="{world.county.pk}"] > .toggle').click()
    expect(page.get_by_role("link", name="城关镇党委")).to_be_visible()
    page.locator(f'[data-org="{world.county.pk}"] > .toggle').click()
    expect(page.get_by_role("link", name="城关镇党委")).to_be_hidden()
    page = county.visit(reverse("meetings:compliance"))
    with page.expect_navigation():
        page.locator("select[name=year]").select_option(str(year - 1))
    assert f"year={year - 1}" in page.url
    county.collect()
    page = county.visit(reverse("swagger-ui"))
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    county.collect()
    problems += county.close()

    secretary = Watch(browser, live_server.url, world.secretary_a1)
    for path in [reverse("home:home"), reverse("meetings:new") + f"?organization={a1}", reverse("meetings:list"),
                 reverse("members:roll"), reverse("dues:sheet", args=[a1]), reverse("development:board"),
                 reverse("reminders:inbox")]:
        secretary.visit(path)
    problems += secretary.close()

    auditor = Watch(browser, live_server.url, world.auditor)
    auditor.visit(reverse("audit:list"))
    problems += auditor.close()

    sysadmin = Watch(browser, live_server.url, world.sysadmin)
    for path in ["/sysadmin/", "/sysadmin/accounts/user/", f"/sysadmin/accounts/user/{world.clerk_a.pk}/change/",
                 "/sysadmin/accounts/user/add/", "/sysadmin/accounts/roleassignment/",
                 reverse("workcalendar:index"), reverse("dues:rates"), reverse("rectification:categories")]:
        sysadmin.visit(path)
    problems += sysadmin.close()

    assert not problems, "\n".join(problems)


def test_the_watch_sees_a_violation(live_server, browser):
    """The listener works: markup with an inline style and an inline handler, added to a page, is blocked and reported."""
    world = build_world()
    watch = Watch(browser, live_server.url, world.county_officer)
    page = watch.visit(reverse("home:home"), scroll=False)
    page.evaluate("""document.body.insertAdjacentHTML("beforeend",
        '<div id="x" style="color: red"></div><img src="data:," onerror="window.__ran = 1">')""")
    page.wait_for_timeout(300)
    watch.collect()
    assert page.evaluate("window.__ran") is None
    problems = watch.close()
    assert any("style-src" in p for p in problems) and any("script-src" in p for p in problems), problems
