"""支委会 is required only of branches with a branch committee (支部工作条例第十一条):
the term in force at the end of the period decides; with no term on record, 7+ full members."""

import datetime

from meetings.selectors.compliance import branch_items
from members.choices import Category

from .conftest import on_roll, record, with_committee

APRIL, MAY = datetime.date(2026, 4, 1), datetime.date(2026, 5, 1)
LATER = datetime.date(2026, 7, 1)


def _codes(branch, month):
    return {i.meeting_type.code for i in branch_items(branch=branch, first=month, last=month, today=LATER)[0].items}


def test_small_branch_without_committee_owes_no_committee_meeting_but_the_rest(world, rolls):
    codes = _codes(world.branch_b1, APRIL)
    assert "branch_committee" not in codes
    assert "theme_day" in codes


def test_seven_full_members_without_a_term_on_record_owe_a_committee_meeting(world):
    on_roll(world.branch_b1, 7)
    assert "branch_committee" in _codes(world.branch_b1, APRIL)


def test_probationary_members_do_not_count_towards_a_committee(world):
    on_roll(world.branch_b1, 6)
    on_roll(world.branch_b1, 3, category=Category.PROBATIONARY, full_member_date=None)
    assert "branch_committee" not in _codes(world.branch_b1, APRIL)


def test_committee_elected_mid_month_is_required_from_that_month_not_before(world):
    members = on_roll(world.branch_b1, 3)
    with_committee(world.branch_b1, members, on=datetime.date(2026, 4, 20))
    assert "branch_committee" not in _codes(world.branch_b1, datetime.date(2026, 3, 1))
    assert "branch_committee" in _codes(world.branch_b1, APRIL)
    record(world.branch_b1, "branch_committee", datetime.date(2026, 5, 6))
    may = branch_items(branch=world.branch_b1, first=MAY, last=MAY, today=LATER)[0]
    assert next(i for i in may.items if i.meeting_type.code == "branch_committee").held == 1


def test_a_term_with_only_a_secretary_means_no_committee_even_with_many_members(world):
    from committees.models import CommitteePost, Term
    from committees.rules import Post

    members = on_roll(world.branch_b1, 8)
    term = Term.objects.create(organization=world.branch_b1, elected_on=datetime.date(2020, 1, 1), years=5,
                               ends_on=datetime.date(2025, 1, 1), entitled=8, present=8)
    CommitteePost.objects.create(term=term, member=members[0], post=Post.SECRETARY, started_on=term.elected_on)
    assert "branch_committee" not in _codes(world.branch_b1, APRIL)
