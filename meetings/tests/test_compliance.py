"""The compliance engine: required / held / missing per period, rules as data with dates."""

import datetime

from meetings.choices import CellState
from meetings.models import Meeting
from meetings.selectors.compliance import branch_items, compliance_table
from meetings.services import requirements

from .conftest import mtype, record

MARCH = datetime.date(2026, 3, 1)


def _cell(world, month, today):
    return branch_items(branch=world.branch_a2, first=month, last=month, today=today)[0]


def _item(cell, code):
    return next(i for i in cell.items if i.meeting_type.code == code)


def test_month_without_committee_meeting_is_missing_only_after_it_ends(world, rolls):
    during = _cell(world, MARCH, datetime.date(2026, 3, 31))
    assert _item(during, "branch_committee").state == CellState.OPEN
    assert _item(during, "branch_committee").remaining_days == 1
    after = _cell(world, MARCH, datetime.date(2026, 4, 1))
    assert _item(after, "branch_committee").state == CellState.MISSING
    assert after.state == CellState.MISSING


def test_meeting_on_last_day_of_month_counts_for_that_month_only(world, rolls):
    record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 31))
    march = _cell(world, MARCH, datetime.date(2026, 4, 1))
    april = _cell(world, datetime.date(2026, 4, 1), datetime.date(2026, 5, 1))
    assert _item(march, "branch_committee").held == 1
    assert _item(april, "branch_committee").state == CellState.MISSING


def test_quarterly_requirement_reported_in_quarter_end_month(world, rolls):
    record(world.branch_a2, "general_meeting", datetime.date(2026, 1, 10))
    cells = branch_items(branch=world.branch_a2, first=datetime.date(2026, 1, 1), last=datetime.date(2026, 3, 1),
                         today=datetime.date(2026, 4, 1))
    assert "general_meeting" not in {i.meeting_type.code for i in cells[0].items}
    assert _item(cells[2], "general_meeting").state == CellState.DONE


def test_month_with_every_requirement_met_is_done(world, rolls):
    for code in ("branch_committee", "theme_day"):
        record(world.branch_a2, code, datetime.date(2026, 2, 5))
    assert _cell(world, datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)).state == CellState.DONE


def test_drafts_and_superseded_versions_do_not_count(world, rolls):
    record(world.branch_a2, "branch_committee", datetime.date(2026, 2, 5), submit=False)
    assert _item(_cell(world, datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)), "branch_committee").held == 0
    m = record(world.branch_a2, "theme_day", datetime.date(2026, 2, 6))
    from meetings.services import records as services
    services.meeting_correct(meeting=m, actor=None, reason="日期录错", held_on=datetime.date(2026, 1, 30),
                             today=datetime.date(2026, 3, 1))
    feb = _cell(world, datetime.date(2026, 2, 1), datetime.date(2026, 3, 1))
    assert _item(feb, "theme_day").held == 0
    assert Meeting.objects.filter(status="superseded").count() == 1


def test_party_group_meetings_roll_up_into_their_branch(world, rolls):
    cell = branch_items(branch=world.branch_a1, first=MARCH, last=MARCH, today=datetime.date(2026, 4, 1))[0]
    assert _item(cell, "group_meeting").required == 1
    record(world.group_a1, "group_meeting", datetime.date(2026, 3, 3))
    cell = branch_items(branch=world.branch_a1, first=MARCH, last=MARCH, today=datetime.date(2026, 4, 1))[0]
    assert _item(cell, "group_meeting").state == CellState.DONE


def test_county_rule_change_applies_from_its_date_and_keeps_past_results(world, rolls):
    requirements.requirement_set(meeting_type=mtype("general_meeting"), scope=world.county, period="month",
                                 min_count=1, effective_from=datetime.date(2026, 4, 1), actor=world.county_officer,
                                 reason="县委决定每月召开党员大会", today=datetime.date(2026, 3, 20))
    today = datetime.date(2026, 7, 1)
    cells = branch_items(branch=world.branch_a2, first=datetime.date(2026, 3, 1), last=datetime.date(2026, 5, 1), today=today)
    march, april = cells[0], cells[1]
    assert _item(march, "general_meeting").unit == "quarter"  # Q1 keeps the quarterly rule
    assert _item(april, "general_meeting").unit == "month"
    assert _item(april, "general_meeting").state == CellState.MISSING


def test_county_rule_does_not_reach_other_counties(world, rolls):
    from core.testing import make_user
    from organizations.models import Organization
    from organizations.rules import Kind
    other = Organization.add_root(name="别县", kind=Kind.COUNTY)
    requirements.requirement_set(meeting_type=mtype("theme_day"), scope=other, period="month", min_count=2,
                                 effective_from=datetime.date(2026, 1, 1), reason="别县要求每月两次",
                                 actor=make_user("other_county", "county_officer", other),
                                 today=datetime.date(2026, 1, 5))
    assert _item(_cell(world, MARCH, datetime.date(2026, 4, 1)), "theme_day").required == 1


def test_township_rule_applies_to_its_subtree_only(world, rolls):
    requirements.requirement_set(meeting_type=mtype("theme_day"), scope=world.town_a, period="month", min_count=2,
                                 effective_from=datetime.date(2026, 1, 1), actor=world.clerk_a,
                                 reason="城关镇要求每月两次主题党日", today=datetime.date(2026, 1, 5))
    assert _item(_cell(world, MARCH, datetime.date(2026, 4, 1)), "theme_day").required == 2
    b1 = branch_items(branch=world.branch_b1, first=MARCH, last=MARCH, today=datetime.date(2026, 4, 1))[0]
    assert _item(b1, "theme_day").required == 1


def test_township_table_query_count_is_constant(world, rolls, django_assert_num_queries):
    from organizations.rules import Field, Kind
    with django_assert_num_queries(4):
        small = compliance_table(root=world.town_a, first=datetime.date(2026, 1, 1), last=datetime.date(2026, 12, 1),
                                 today=datetime.date(2026, 6, 15))
    for i in range(30):
        b = world.town_a.add_child(name=f"新村{i}党支部", kind=Kind.BRANCH, field=Field.VILLAGE)
        record(b, "branch_committee", datetime.date(2026, 2, 3))
    world.town_a.refresh_from_db()
    with django_assert_num_queries(4):
        big = compliance_table(root=world.town_a, first=datetime.date(2026, 1, 1), last=datetime.date(2026, 12, 1),
                               today=datetime.date(2026, 6, 15))
    assert len(big.rows) == len(small.rows) + 30
    assert big.rows[-1].cells[1].items[0].held in (0, 1)
