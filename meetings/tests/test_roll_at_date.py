"""The expected roll of a meeting is the roll at the meeting date."""

import datetime

from meetings.models import Attendance
from meetings.services import records as services
from members.choices import MemberStatus, TransferKind, TransferStatus
from members.models import Transfer
from members.tests.factories import MemberFactory

from .conftest import on_roll, record

DAY = datetime.date(2026, 3, 10)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.timezone.utc)


def _internal(member, from_org, to_org, confirmed: datetime.date) -> Transfer:
    return Transfer.objects.create(member=member, kind=TransferKind.INTERNAL, status=TransferStatus.CONFIRMED,
                                   from_org=from_org, to_org=to_org, letter_number="L1", letter_date=confirmed,
                                   valid_until=confirmed + datetime.timedelta(days=90), confirmed_at=_at(confirmed))


def test_member_who_joined_the_party_after_the_meeting_is_not_expected(world, rolls):
    late = MemberFactory(organization=world.branch_a2, join_date=datetime.date(2026, 5, 1),
                         full_member_date=None, category="probationary")
    assert late not in services.roll_for(world.branch_a2, DAY)
    assert late in services.roll_for(world.branch_a2, datetime.date(2026, 6, 1))


def test_member_transferred_in_after_the_meeting_is_not_expected_and_one_who_left_later_is(world, rolls):
    newcomer = on_roll(world.branch_a2, 1)[0]
    _internal(newcomer, world.branch_b1, world.branch_a2, datetime.date(2026, 4, 2))
    leaver = on_roll(world.branch_b1, 1)[0]
    _internal(leaver, world.branch_a2, world.branch_b1, datetime.date(2026, 4, 2))
    roll = services.roll_for(world.branch_a2, DAY)
    assert newcomer not in roll and leaver in roll
    assert leaver not in services.roll_for(world.branch_b1, DAY)
    today_roll = services.roll_for(world.branch_a2, datetime.date(2026, 5, 1))
    assert newcomer in today_roll and leaver not in today_roll


def test_member_transferred_out_of_the_system_later_is_expected_before_the_letter(world, rolls):
    gone = on_roll(world.branch_a2, 1, status=MemberStatus.TRANSFERRED_OUT)[0]
    Transfer.objects.create(member=gone, kind=TransferKind.OUT_EXTERNAL, status=TransferStatus.PENDING,
                            from_org=world.branch_a2, external_org_name="外省某支部", letter_number="L2",
                            letter_date=datetime.date(2026, 4, 1), valid_until=datetime.date(2026, 7, 1))
    assert gone in services.roll_for(world.branch_a2, DAY)
    assert gone not in services.roll_for(world.branch_a2, datetime.date(2026, 4, 2))


def test_recording_a_past_meeting_writes_the_roll_of_that_day(world, rolls):
    newcomer = on_roll(world.branch_a2, 1)[0]
    _internal(newcomer, world.branch_b1, world.branch_a2, datetime.date(2026, 4, 2))
    marks = [(m.pk, "present", "") for m in [*rolls["a2"], newcomer]]
    meeting = record(world.branch_a2, "theme_day", DAY, attendance=marks)
    recorded = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    assert recorded == {m.pk for m in rolls["a2"]}
    default = record(world.branch_a2, "theme_day", datetime.date(2026, 3, 20))
    assert newcomer.pk not in set(Attendance.objects.filter(meeting=default).values_list("member_id", flat=True))
