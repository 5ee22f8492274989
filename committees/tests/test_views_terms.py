"""Pages of terms and committees: the township clerk records an election, the branch page
shows the committee, the township's board shows expiring and overdue branches; scope."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from committees.models import Term
from committees.tests.factories import elect, roll

D = datetime.date
pytestmark = pytest.mark.usefixtures("frozen")


def _election_post(members, **extra):
    data = {"elected_on": "2026-11-20", "years": "5", "meeting": "党员大会", "entitled": "8", "present": "8",
            "posts-TOTAL_FORMS": "7", "posts-INITIAL_FORMS": "0", "posts-MIN_NUM_FORMS": "0", "posts-MAX_NUM_FORMS": "7"}
    for i, (member, post) in enumerate(members):
        data[f"posts-{i}-member"] = str(member.pk)
        data[f"posts-{i}-post"] = post
    data.update(extra)
    return data


def test_clerk_records_an_election_and_the_branch_page_shows_the_committee(world, client_for):
    members = roll(world.branch_a1, 8)
    c = client_for(world.clerk_a)
    url = reverse("committees:elect", args=[world.branch_a1.pk])
    assert c.get(url).status_code == 200
    response = c.post(url, _election_post([(members[0], "secretary"), (members[1], "deputy"), (members[2], "organization")]))
    assert response.status_code == 302
    term = Term.objects.get(organization=world.branch_a1)
    assert term.ends_on == D(2031, 11, 20)
    page = c.get(reverse("organizations:detail", args=[world.branch_a1.pk])).content.decode()
    assert "班子与换届" in page and members[0].name in page and "任期内" in page


def test_election_form_shows_the_committee_rule(world, client_for):
    members = roll(world.branch_a1, 8)
    c = client_for(world.clerk_a)
    response = c.post(reverse("committees:elect", args=[world.branch_a1.pk]), _election_post([(members[0], "secretary")]))
    assert response.status_code == 200
    assert "应设支部委员会" in response.content.decode()
    assert not Term.objects.exists()


def test_board_lists_township_branches_by_status_and_exports(world, client_for):
    elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2021, 6, 30))  # overdue since 2026-06-30
    elect(world.branch_a2, roll(world.branch_a2, 3), on=D(2024, 3, 1))  # ends 2027-03-01: expiring
    elect(world.branch_b1, roll(world.branch_b1, 3), on=D(2021, 3, 1))  # other township
    c = client_for(world.clerk_a)
    page = c.get(reverse("committees:board"), {"ancestor": world.town_a.pk}).content.decode()
    assert "柳树村党支部" in page and "城关镇机关党支部" in page and "石桥村党支部" not in page
    overdue = c.get(reverse("committees:board"), {"status": "overdue"}).content.decode()
    assert "柳树村党支部" in overdue and "城关镇机关党支部" not in overdue
    response = c.get(reverse("committees:board"), {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="export", extra__file="换届情况").exists()


def test_board_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    for i in range(30):
        branch = world.town_a.add_child(name=f"测试村{i}党支部", kind="branch", field="village")
        elect(branch, roll(branch, 3), on=D(2020 + i % 6, 5, 1))
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(12):
        assert c.get(reverse("committees:board")).status_code == 200


def test_organization_detail_adds_few_queries_for_the_committee(world, client_for, django_assert_max_num_queries):
    members = roll(world.branch_a1, 8)
    elect(world.branch_a1, members, on=D(2022, 1, 1), posts=5)
    c = client_for(world.clerk_a)
    with django_assert_max_num_queries(22):
        assert c.get(reverse("organizations:detail", args=[world.branch_a1.pk])).status_code == 200


@pytest.mark.parametrize("who", ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"])
def test_outsiders_get_404_on_another_townships_pages(world, client_for, who):
    term = elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2021, 6, 30))
    c = client_for(getattr(world, who))
    for url in (reverse("committees:org", args=[world.branch_a1.pk]), reverse("committees:elect", args=[world.branch_a1.pk]),
                reverse("committees:delay", args=[term.pk]), reverse("committees:reserve", args=[world.branch_a1.pk])):
        assert c.get(url).status_code == 404, url
    board = c.get(reverse("committees:board")).content.decode()
    assert "柳树村党支部" not in board


def test_viewer_may_read_but_not_write(world, client_for):
    members = roll(world.branch_a1, 3)
    term = elect(world.branch_a1, members, on=D(2021, 6, 30))
    c = client_for(world.viewer_a)
    assert c.get(reverse("committees:org", args=[world.branch_a1.pk])).status_code == 200
    assert c.post(reverse("committees:elect", args=[world.branch_a1.pk]), _election_post([(members[0], "secretary")])).status_code == 403
    assert c.post(reverse("committees:delay", args=[term.pk]), {"until": "2027-01-01", "reason": "x"}).status_code == 403
    assert c.post(reverse("committees:first_secretary", args=[world.branch_a1.pk]), {}).status_code == 403


def test_secretary_requests_a_delay_and_the_township_approves_it(world, client_for):
    term = elect(world.branch_a1, roll(world.branch_a1, 3), on=D(2021, 12, 1))
    sec = client_for(world.secretary_a1)
    r = sec.post(reverse("committees:delay", args=[term.pk]), {"until": "2026-12-31", "reason": "与村委会换届同步"})
    assert r.status_code == 302
    delay = term.delays.get()
    assert sec.post(reverse("committees:delay_decide", args=[delay.pk]), {"approve": "1"}).status_code == 403
    clerk = client_for(world.clerk_a)
    page = clerk.get(reverse("committees:org", args=[world.branch_a1.pk])).content.decode()
    assert "提交审批" in page
    assert clerk.post(reverse("committees:delay_decide", args=[delay.pk]), {"approve": "1", "decision_ref": "城委〔2026〕8号"}).status_code == 302
    delay.refresh_from_db()
    assert delay.state == "approved"
    assert "延期换届（已批准）" in clerk.get(reverse("committees:board")).content.decode()
