"""Member facts pages: leave spans, life attended elsewhere, the leading-cadre flag.
Scoped (404 outside, 403 to viewers), validated, audited, and they feed the rules."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from meetings.models import LeadingCadre, MemberLeave, OutsideLife
from meetings.selectors.members import inactive_members

from .conftest import OUTSIDERS


@pytest.fixture
def member(rolls):
    return rolls["a1"][0]


def _posts(member):
    return [
        (reverse("meetings:leave_new", args=[member.pk]),
         {"leave-starts_on": "2026-01-01", "leave-ends_on": "2026-12-31", "leave-reason": "外出务工"}),
        (reverse("meetings:outside_new", args=[member.pk]),
         {"outside-held_on": "2026-03-05", "outside-host_organization": "深圳某社区党委", "outside-topic": "主题党日"}),
        (reverse("meetings:leader_set", args=[member.pk]),
         {"leader-title": "县农业农村局局长", "leader-since": "2024-03-01", "leader-active": "on"}),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_and_write_nothing(world, member, client_for, who):
    c = client_for(getattr(world, who))
    assert c.get(reverse("meetings:member_life", args=[member.pk])).status_code == 404
    for url, data in _posts(member):
        assert c.post(url, data).status_code == 404, url
    assert not MemberLeave.objects.exists() and not OutsideLife.objects.exists() and not LeadingCadre.objects.exists()


def test_viewer_reads_the_page_but_gets_403_on_every_write(world, member, client_for):
    c = client_for(world.viewer_a)
    page = c.get(reverse("meetings:member_life", args=[member.pk]))
    assert page.status_code == 200 and "登记请假" not in page.content.decode()
    for url, data in _posts(member):
        assert c.post(url, data).status_code == 403, url
    assert not MemberLeave.objects.exists() and not OutsideLife.objects.exists() and not LeadingCadre.objects.exists()


def test_secretary_records_all_three_facts_each_audited(world, member, client_for):
    c = client_for(world.secretary_a1)
    for url, data in _posts(member):
        r = c.post(url, data)
        assert r.status_code == 302 and r.url == reverse("meetings:member_life", args=[member.pk])
    leave = MemberLeave.objects.get(member=member)
    assert (leave.starts_on, leave.reason, leave.approved_by) == (datetime.date(2026, 1, 1), "外出务工", world.secretary_a1)
    assert OutsideLife.objects.get(member=member).host_organization == "深圳某社区党委"
    cadre = LeadingCadre.objects.get(member=member)
    assert cadre.title == "县农业农村局局长" and cadre.is_active
    audited = set(AuditEvent.objects.filter(actor=world.secretary_a1, org_path=world.branch_a1.path)
                  .values_list("content_type__model", flat=True))
    assert {"memberleave", "outsidelife", "leadingcadre"} <= audited
    page = c.get(reverse("meetings:member_life", args=[member.pk])).content.decode()
    assert "深圳某社区党委" in page and "外出务工" in page


def test_leave_ending_before_it_starts_is_refused_with_a_message(world, member, client_for):
    r = client_for(world.secretary_a1).post(reverse("meetings:leave_new", args=[member.pk]), {
        "leave-starts_on": "2026-05-01", "leave-ends_on": "2026-04-01", "leave-reason": "病休"})
    assert r.status_code == 200 and "请假结束日期不能早于开始日期" in r.content.decode()
    assert not MemberLeave.objects.exists()


def test_leader_flag_can_be_withdrawn(world, member, client_for):
    c = client_for(world.secretary_a1)
    url, data = _posts(member)[2]
    c.post(url, data)
    c.post(url, {"leader-title": "县农业农村局局长"})  # box unticked
    assert LeadingCadre.objects.get(member=member).is_active is False


def test_recorded_leave_takes_the_member_off_the_art9_list(world, member, client_for):
    today = datetime.date(2026, 7, 20)
    assert member in inactive_members(root_path=world.county.path, today=today)
    client_for(world.secretary_a1).post(*_posts(member)[0])
    assert member not in inactive_members(root_path=world.county.path, today=today)


def test_leaders_page_finds_members_in_scope_only(world, member, rolls, client_for):
    url = f"{reverse('meetings:leaders')}?org={world.town_a.pk}&q={member.name}"
    assert reverse("meetings:member_life", args=[member.pk]) in client_for(world.clerk_a).get(url).content.decode()
    other = rolls["b1"][0]
    url_b = f"{reverse('meetings:leaders')}?org={world.town_a.pk}&q={other.name}"
    assert reverse("meetings:member_life", args=[other.pk]) not in client_for(world.clerk_a).get(url_b).content.decode()
