"""A secretary records a meeting on a phone-sized window and sees it counted."""


import pytest
from django.utils import timezone

from core.testing import PASSWORD, build_world
from meetings.models import Attendance, Meeting

from ..conftest import on_roll, with_committee


@pytest.mark.django_db(transaction=True)
def test_secretary_records_meeting_with_attendance_on_a_phone_and_sees_it_counted(live_server, phone_page):
    page = phone_page
    world = build_world()
    a, b, c = on_roll(world.branch_a2, 3)
    with_committee(world.branch_a2, [a, b, c])  # a branch committee: 支委会 is required monthly
    from accounts.models import Role
    from core.testing import make_user
    make_user("phone_sec", Role.BRANCH_SECRETARY, world.branch_a2)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "phone_sec")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/meetings/new/")
    page.select_option("#id_meeting_type", label="支部委员会会议")
    page.fill("#id_topic", "研究本月党建工作")
    page.locator(f"button[data-member='{b.pk}']").click()          # present → leave
    page.locator(f"input[name=reason_{b.pk}]").fill("外出务工")
    page.locator(f"button[data-member='{c.pk}']").click()
    page.locator(f"button[data-member='{c.pk}']").click()          # present → leave → absent
    assert page.locator("[data-count=present]").inner_text() == "1"
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/meetings/*/")
    assert "出席 1 · 请假 1 · 缺席 1" in page.locator("#mark-counts").inner_text()

    m = Meeting.objects.get(topic="研究本月党建工作")
    assert m.status == "submitted"
    assert dict(Attendance.objects.filter(meeting=m).values_list("member_id", "mark")) == {
        a.pk: "present", b.pk: "leave", c.pk: "absent"}

    page.goto(f"{live_server.url}/meetings/branch/{world.branch_a2.pk}/")
    month = timezone.localdate().month
    card = page.locator(".card", has_text=f"{month}月").first
    assert "支部委员会会议" in card.inner_text() and "1/1" in card.inner_text()
