"""The import of past meetings (meetings.importing) on LibreOffice-written fixtures
(committees/tests/fixtures/make_fixtures.py): exact records and marks, exact errors, the
compliance calendar and the art. 9 rule reading the imported records, re-import, scope."""

import datetime
import pathlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from meetings.importing import MeetingImport
from meetings.models import Attendance, Meeting
from meetings.selectors.compliance import branch_items
from meetings.selectors.members import inactive_members
from members.models import Member
from members.tests.factories import MemberFactory

from .conftest import LONG_AGO

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
D = datetime.date


@pytest.fixture
def roll(world):  # type: ignore[no-untyped-def]
    members = [MemberFactory(organization=world.branch_a1, name=n) for n in ("王建国", "李明", "张秀英")]
    Member.objects.filter(pk__in=[m.pk for m in members]).update(created_at=LONG_AGO)
    return members


def run(name, user):  # type: ignore[no-untyped-def]
    with open(FIXTURES / name, "rb") as f:
        return MeetingImport().plan(f, name, user=user)


def marks():  # type: ignore[no-untyped-def]
    return sorted((a.meeting.topic, a.member.name, a.mark) for a in Attendance.objects.select_related("meeting", "member"))


def test_commit_writes_submitted_records_with_the_roll_marked(world, roll):
    plan = run("meetings.xlsx", world.clerk_a)
    assert (plan.errors, plan.new) == ([], 3)  # the topic is read as NFKC text: "党课：" becomes "党课:"
    assert MeetingImport().commit(plan, user=world.clerk_a, filename="meetings.xlsx") == {"created": 3, "unchanged": 0}
    assert sorted(Meeting.objects.values_list("meeting_type__code", "held_on", "topic", "status", "speaker")) == [
        ("general_meeting", D(2026, 3, 5), "学习全会精神", "submitted", ""),
        ("lecture", D(2026, 3, 20), "党课:坚定理想信念", "submitted", "王建国"),
        ("theme_day", D(2026, 4, 10), "义务植树", "submitted", "")]
    assert marks() == [
        ("义务植树", "张秀英", "absent"), ("义务植树", "李明", "present"), ("义务植树", "王建国", "present"),
        ("党课:坚定理想信念", "张秀英", "absent"), ("党课:坚定理想信念", "李明", "present"),
        ("党课:坚定理想信念", "王建国", "present"),
        ("学习全会精神", "张秀英", "leave"), ("学习全会精神", "李明", "present"), ("学习全会精神", "王建国", "present")]
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).extra == {
        "file": "meetings.xlsx", "kind": "meetingimport", "created": 3, "unchanged": 0}
    again = run("meetings.xlsx", world.clerk_a)
    assert (again.errors, again.new, again.existing) == ([], 0, 3)


def test_compliance_and_the_six_month_rule_read_the_imported_meetings(world, roll):
    MeetingImport().commit(run("meetings.xlsx", world.clerk_a), user=world.clerk_a, filename="meetings.xlsx")
    april = branch_items(branch=world.branch_a1, first=D(2026, 4, 1), last=D(2026, 4, 1), today=D(2026, 10, 1))[0]
    assert next(i for i in april.items if i.meeting_type.code == "theme_day").held == 1
    # 张秀英: on leave on 3-05, absent after it; the others were last present on 4-10
    assert [m.name for m in inactive_members(root_path=world.branch_a1.path, today=D(2026, 10, 1), months=6)] == ["张秀英"]


def test_check_lists_every_bad_row(world, roll):
    plan = run("meetings_bad.xlsx", world.clerk_a)
    assert [(e["row"], e["column"], e["message"]) for e in plan.errors] == [
        (2, "党组织", "找不到党组织“石桥村党支部”，或它不在您的管理范围内。"),
        (3, "会议类型", "“座谈会”不是会议类型（可选：支部委员会会议、支部党员大会、党小组会、党课、主题党日、组织生活会、"
                       "民主评议党员、谈心谈话、其他组织生活）。"),
        (4, "会议类型", "“党小组会”应以党小组名义录入。"),
        (5, "召开日期", "召开日期不能晚于今天，请在会议召开后录入。"),
        (6, "缺席", "张秀英同时列在“请假”和“缺席”中。"),
        (7, "缺席", "名册上找不到党员“钱多多”。"),
    ]
    assert not Meeting.objects.exists()


def test_page_commits_and_another_township_gets_nothing(world, client_for, roll):
    content = (FIXTURES / "meetings.xlsx").read_bytes()
    outsider = client_for(world.clerk_b).post(reverse("meetings:import"),
                                              {"file": SimpleUploadedFile("meetings.xlsx", content)})
    assert [e["message"] for e in outsider.context["plan"].errors] == [
        "找不到党组织“柳树村党支部”，或它不在您的管理范围内。", "找不到党组织“T-A1”，或它不在您的管理范围内。",
        "找不到党组织“柳树村党支部”，或它不在您的管理范围内。"]
    client = client_for(world.clerk_a)
    checked = client.post(reverse("meetings:import"), {"file": SimpleUploadedFile("meetings.xlsx", content)})
    done = client.post(reverse("meetings:import"), {"token": checked.context["token"]})
    assert done.status_code == 302 and Meeting.objects.counted().count() == 3
    template = client.get(reverse("meetings:import_template"))
    assert template.status_code == 200 and template["Content-Disposition"].endswith(
        "%E5%8E%86%E5%8F%B2%E4%BC%9A%E8%AE%AE%E8%AE%B0%E5%BD%95%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx")


@pytest.mark.parametrize("fixture", ["meetings.xls", "meetings.ods", "meetings_titled.xls", "meetings_titled.ods"])
def test_the_same_meetings_saved_as_xls_and_ods_with_title_and_footer_rows(world, roll, fixture):
    """The file read by the core reader (core.importing.reader): what it reads, every history
    import reads — .xls and .ods too, title and footer rows left out."""
    plan = run(fixture, world.clerk_a)
    assert (plan.errors, plan.total, plan.new) == ([], 3, 3)
    MeetingImport().commit(plan, user=world.clerk_a, filename=fixture)
    assert Meeting.objects.counted().count() == 3 and Attendance.objects.filter(mark="absent").count() == 2
