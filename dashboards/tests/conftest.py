"""The dashboards' organizational-life fixture: hand-counted meetings at a frozen date,
shared by the life panels' tests and the life drill-down page's tests."""

import datetime

import pytest
import time_machine

from meetings.tests.conftest import on_roll, record, with_committee

NOW = datetime.datetime(2026, 4, 15, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def life(world, frozen):
    """March 2026 (the previous month, and the end of Q1):
    城关镇 a1 (with 党小组 a1): 支委会 3/5, 党小组会 3/8, 党员大会 2/10, no 党课, no 主题党日 → 三会一课 3/4
    城关镇 a2: nothing → 0/3, missed 支委会; its 2 members flagged by the six-month rule
    石桥乡 b1: 支委会 3/10, 党课 1/20, 主题党日 3/10 → 三会一课 2/3, 主题党日 1/1"""
    rolls = {"a1": on_roll(world.branch_a1, 3, party_group=world.group_a1), "a2": on_roll(world.branch_a2, 2),
             "b1": on_roll(world.branch_b1, 2)}
    record(world.branch_a1, "branch_committee", datetime.date(2026, 3, 5))
    record(world.group_a1, "group_meeting", datetime.date(2026, 3, 8))
    record(world.branch_a1, "general_meeting", datetime.date(2026, 2, 10))
    record(world.branch_b1, "branch_committee", datetime.date(2026, 3, 10))
    record(world.branch_b1, "lecture", datetime.date(2026, 1, 20))
    record(world.branch_b1, "theme_day", datetime.date(2026, 3, 10))
    record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 20), submit=False)  # a draft does not count
    # every branch has a branch committee, so 支委会 is due monthly; a2's first member is 书记
    with_committee(world.branch_a1, rolls["a1"])
    with_committee(world.branch_b1, rolls["b1"])
    with_committee(world.branch_a2, rolls["a2"], on=datetime.date(2024, 1, 10))
    world.a2_secretary = rolls["a2"][0].name
    return world
