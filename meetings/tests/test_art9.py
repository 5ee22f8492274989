"""Party Constitution art. 9: 6 months without organizational life, leave and migrants."""

import datetime

from meetings.selectors.members import decorate, inactive_members, leaders_dual_life
from meetings.services import member_life

from .conftest import record

TODAY = datetime.date(2026, 7, 20)


def _levels(world):
    return {m.name: m.art9 for m in decorate(inactive_members(root_path=world.county.path, today=TODAY), TODAY)}


def test_member_absent_for_six_months_is_flagged_and_five_warned(world, rolls):
    a, b = rolls["a2"]
    record(world.branch_a2, "branch_committee", datetime.date(2026, 1, 15),
           attendance=[(a.pk, "present", ""), (b.pk, "absent", "")])
    record(world.branch_a2, "branch_committee", datetime.date(2026, 2, 19),
           attendance=[(a.pk, "absent", ""), (b.pk, "absent", "")])
    levels = _levels(world)
    assert levels[a.name] == "flag"      # last present 2026-01-15: 6 months by 07-15
    assert levels[b.name] == "flag"      # never attended since 2020


def test_five_months_is_a_warning_not_a_flag(world, rolls):
    a, b = rolls["a2"]
    record(world.branch_a2, "branch_committee", datetime.date(2026, 2, 19), attendance=[(a.pk, "present", ""), (b.pk, "present", "")])
    levels = _levels(world)
    assert levels[a.name] == "warning"
    record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 1), attendance=[(a.pk, "present", ""), (b.pk, "present", "")])
    assert a.name not in _levels(world)


def test_leave_at_a_meeting_is_a_proper_reason(world, rolls):
    a, b = rolls["a2"]
    record(world.branch_a2, "branch_committee", datetime.date(2026, 6, 1), attendance=[(a.pk, "leave", "外出务工"), (b.pk, "absent", "")])
    levels = _levels(world)
    assert a.name not in levels and levels[b.name] == "flag"


def test_approved_leave_span_covers_the_months(world, rolls):
    a, _ = rolls["a2"]
    member_life.leave_record(member=a, starts_on=datetime.date(2025, 12, 1), ends_on=datetime.date(2026, 6, 30),
                             reason="长期住院", actor=None)
    assert a.name not in _levels(world)


def test_migrant_attending_elsewhere_is_not_flagged(world, rolls):
    a, b = rolls["a2"]
    a.status = b.status = "migrant"
    a.save(update_fields=["status"])
    b.save(update_fields=["status"])
    member_life.outside_life_record(member=a, held_on=datetime.date(2026, 5, 10), host_organization="深圳市某园区党委",
                                    actor=None)
    levels = _levels(world)
    assert a.name not in levels
    assert levels[b.name] == "flag"  # a migrant with nothing recorded is still flagged


def test_leading_cadre_needs_two_attendances_a_year(world, rolls):
    a, b = rolls["a2"]
    member_life.leader_flag(member=a, title="副镇长", actor=None)
    member_life.leader_flag(member=b, title="镇长", actor=None)
    for day in (datetime.date(2026, 3, 1), datetime.date(2026, 5, 1)):
        record(world.branch_a2, "theme_day", day, attendance=[(a.pk, "present", ""), (b.pk, "leave", "出差")])
    rows = {c.member.name: c.attended for c in leaders_dual_life(root_path=world.county.path, year=2026)}
    assert rows == {a.name: 2, b.name: 0}
