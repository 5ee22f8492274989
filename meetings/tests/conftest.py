"""Meeting test helpers on top of the shared `world`: a roll for each branch."""

from __future__ import annotations

import datetime

import pytest

from committees.models import CommitteePost, Term
from committees.rules import Post
from meetings.models import MeetingType
from meetings.services import records as services
from members.choices import MemberStatus
from members.models import Member
from members.tests.factories import MemberFactory

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
# Users with no view scope on township A's branches: another township's, no role, not a party role.
OUTSIDERS = ["secretary_b1", "clerk_b", "nobody", "sysadmin", "auditor"]


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


def with_committee(org, members: list[Member], on: datetime.date = datetime.date(2019, 1, 1)) -> Term:  # type: ignore[no-untyped-def]
    """A term whose election gave `org` a branch committee (3+ posts), so 支委会 is required.
    Posts beyond the members given go to a member who has since transferred out."""
    people = list(members)
    while len(people) < 3:
        people.append(MemberFactory(organization=org, status=MemberStatus.TRANSFERRED_OUT))
    term = Term.objects.create(organization=org, elected_on=on, years=5, ends_on=on.replace(year=on.year + 5),
                               entitled=len(people), present=len(people))
    CommitteePost.objects.bulk_create([CommitteePost(term=term, member=m, post=p, started_on=on)
                                       for m, p in zip(people, (Post.SECRETARY, Post.DEPUTY, Post.ORGANIZATION))])
    return term


@pytest.fixture
def rolls(world):  # type: ignore[no-untyped-def]
    """Rolls of the three branches; branch_a2 has a branch committee (others: no 支委会 due)."""
    a2 = on_roll(world.branch_a2, 2)
    with_committee(world.branch_a2, a2)
    return {"a1": on_roll(world.branch_a1, 3, party_group=world.group_a1), "a2": a2,
            "b1": on_roll(world.branch_b1, 2)}


@pytest.fixture
def meeting(world, rolls):  # type: ignore[no-untyped-def]
    """A submitted branch committee meeting of branch_a1 on 2026-01-05."""
    return record(world.branch_a1, "branch_committee", datetime.date(2026, 1, 5))
