"""Meeting test helpers on top of the shared `world`: a roll for each branch."""

from __future__ import annotations

import datetime

import pytest

from meetings import services
from meetings.models import MeetingType
from members.models import Member
from members.tests.factories import MemberFactory

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)


def on_roll(org, n: int = 3, **extra) -> list[Member]:  # type: ignore[no-untyped-def]
    members = [MemberFactory(organization=org, **extra) for _ in range(n)]
    # on the roll here since long ago: the art. 9 clock starts from records, not from today
    Member.objects.filter(pk__in=[m.pk for m in members]).update(created_at=LONG_AGO)
    return members


def mtype(code: str) -> MeetingType:
    return MeetingType.objects.get(code=code)


def record(org, code: str, day: datetime.date, actor=None, submit: bool = True, attendance=None):  # type: ignore[no-untyped-def]
    return services.meeting_record(organization=org, meeting_type=mtype(code), held_on=day, topic=f"{code} {day}",
                                   actor=actor, submit=submit, attendance=attendance, today=datetime.date(2100, 1, 1))


@pytest.fixture
def rolls(world):  # type: ignore[no-untyped-def]
    return {"a1": on_roll(world.branch_a1, 3, party_group=world.group_a1), "a2": on_roll(world.branch_a2, 2),
            "b1": on_roll(world.branch_b1, 2)}
