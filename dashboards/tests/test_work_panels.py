"""Terms, rectification, development, dues and reminder figures against hand-counted
records in the shared world, with the township scope and pinned queries."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from committees.tests.factories import elect, roll
from development.tests.factories import applicant
from dues.services import ledger as dues_services
from dues.tests.factories import member_with_base
from rectification import services as rect_services
from reminders.models import DeliveryStatus, Level, Notification

URL = "/dashboards/"


def table(response, key):
    return next(t for p, t in response.context["panels"] if p.key == key)


def values(t):
    return {r[0].value: [c.value for c in r[1:]] for r in t.rows}


@pytest.fixture
def records(world):
    today = timezone.localdate()
    # terms: a1 elected 5 years ago less 2 months → expiring; b1 elected 6 years ago → overdue; a2 none
    elect(world.branch_a1, roll(world.branch_a1, 3), on=today.replace(year=today.year - 5) + datetime.timedelta(days=60),
          years=5)
    elect(world.branch_b1, roll(world.branch_b1, 3), on=today.replace(year=today.year - 6), years=5)
    # development: two applicants in a2, one in b1
    applicant(world.branch_a2, world.clerk_a, name="甲")
    applicant(world.branch_a2, world.clerk_a, name="乙", born=datetime.date(1996, 1, 1))
    applicant(world.branch_b1, world.clerk_b, name="丙", born=datetime.date(1997, 1, 1))
    # dues: two members of a1 pay this month (4000 yuan income → 1% = 40 yuan each)
    month = today.replace(day=1)
    payers = [member_with_base(world.branch_a1, since=month.replace(month=1)) for _ in range(2)]
    dues_services.sheet_record(members=payers, month=month, paid_on=today, actor=world.secretary_a1)
    # rectification: a1 listed this year
    year = rect_services.year_open(county=world.county, year=today.year, actor=world.county_officer)
    e = rect_services.candidate_propose(year=year, organization=world.branch_a1, reason="组织生活不经常", actor=world.clerk_a)
    rect_services.year_confirm(year=year, listed=[e.pk], actor=world.county_officer)
    # reminders: one overdue pending on a2, one unread escalation on b1, one read escalation on b1
    past = timezone.now() - datetime.timedelta(hours=1)
    for org, level, status, read in [(world.branch_a2, Level.INFO, DeliveryStatus.PENDING, None),
                                      (world.branch_b1, Level.ESCALATION, DeliveryStatus.SENT, None),
                                      (world.branch_b1, Level.ESCALATION, DeliveryStatus.SENT, timezone.now())]:
        Notification.objects.create(recipient=world.clerk_b, kind="test", subject_key=f"x:{org.pk}:{read}", period="p",
                                    organization=org, level=level, title="t", send_after=past, status=status,
                                    read_at=read)
    return world


def test_terms_by_unit(records, client_for):
    t = table(client_for(records.county_officer).get(URL), "terms")
    assert t.headers == ["单位", "即将到期", "逾期未换届", "延期换届（已批准）", "无班子记录"]
    assert values(t)["城关镇党委"][:2] == [1, 0] and values(t)["石桥乡党委"][:2] == [0, 1]
    page = client_for(records.county_officer).get(t.rows[1][2].link)
    assert "石桥村党支部" in page.content.decode()


def test_development_by_unit(records, client_for):
    t = table(client_for(records.county_officer).get(URL), "development")
    assert values(t)["城关镇党委"][0] == 2 and values(t)["石桥乡党委"][0] == 1
    assert t.totals[1].value == 3


def test_dues_collected_this_year(records, client_for):
    t = table(client_for(records.county_officer).get(URL), "dues")
    assert values(t)["城关镇党委"][:2] == [Decimal("80.00"), 2]
    assert values(t)["石桥乡党委"][:2] == [Decimal(0), 0]


def test_rectification_progress(records, client_for):
    t = table(client_for(records.county_officer).get(URL), "rectification")
    assert values(t) == {"城关镇党委": [1, 0, 0, 0, 0]}
    assert not table(client_for(records.clerk_b).get(URL), "rectification").rows


def test_reminders_overdue(records, client_for):
    t = table(client_for(records.county_officer).get(URL), "reminders")
    assert values(t) == {"城关镇党委": [1, 0, 0], "石桥乡党委": [0, 1, 0]}


def test_township_officer_sees_only_their_township(records, client_for):
    r = client_for(records.clerk_b).get(URL)
    for key in ("terms", "development", "dues", "reminders"):
        assert "城关镇" not in str(values(table(r, key))), key
    assert "城关镇" not in r.content.decode()


def test_overview_query_count_does_not_grow_with_records(records, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(records.county_officer)
    with CaptureQueriesContext(connection) as small:
        c.get(URL)
    applicant(records.branch_b1, records.clerk_b, name="丁", born=datetime.date(1998, 1, 1))
    elect(records.branch_a2, roll(records.branch_a2, 3), on=datetime.date(2024, 1, 1))
    with CaptureQueriesContext(connection) as large:
        c.get(URL)
    assert len(large) == len(small)


def test_assessment_distribution_and_chart_scope(world, client_for):
    from assessments.services.grading import grading_propose

    notes = {"leadership": "好", "members": "好", "mechanism": "好", "results": "好", "opinion": "好"}
    grading_propose(organization=world.branch_a1, year=2025, grade="advanced", notes=notes, actor=world.clerk_a)
    grading_propose(organization=world.branch_a2, year=2025, grade="ordinary", notes=notes, actor=world.clerk_a)
    grading_propose(organization=world.branch_b1, year=2025, grade="advanced", notes=notes, actor=world.clerk_b)
    t = table(client_for(world.county_officer).get(URL), "assessments")
    # 先进 一般 后进 | 创优 达标 不达标 | 进行中
    assert values(t) == {"城关镇党委": [1, 1, 0, 0, 0, 0, 0], "石桥乡党委": [1, 0, 0, 0, 0, 0, 0]}
    chart = client_for(world.clerk_b).get("/dashboards/chart/assessments/").json()
    assert chart["series"][0]["data"][0] == {"name": "先进", "value": 1}


def test_dues_follow_the_field_filter(records, client_for):
    c = client_for(records.county_officer)
    assert values(table(c.get(URL, {"field": "village"}), "dues"))["城关镇党委"][:2] == [Decimal("80.00"), 2]
    organ = values(table(c.get(URL, {"field": "organ"}), "dues"))["城关镇党委"]
    assert organ[:2] == [Decimal(0), 0]
