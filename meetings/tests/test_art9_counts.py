"""`no_life_since` (NOT EXISTS, for dashboard counts) agrees with `with_last_life` on every
kind of record: attendance, leave at a meeting, absence, drafts, leave spans, life attended
elsewhere, newcomers."""

import datetime

from meetings.choices import Mark
from meetings.models import MemberLeave, OutsideLife
from meetings.periods import add_months
from meetings.selectors.members import no_life_since, with_last_life
from members.models import Member
from members.tests.factories import MemberFactory

from .conftest import on_roll, record

TODAY = datetime.date(2026, 4, 15)


def test_not_exists_form_agrees_with_last_life(world, rolls):
    a1, a2, b1 = rolls["a1"], rolls["a2"], rolls["b1"]
    record(world.branch_a1, "branch_committee", datetime.date(2025, 12, 3),
           attendance=[(a1[0].pk, Mark.PRESENT, ""), (a1[1].pk, Mark.LEAVE, ""), (a1[2].pk, Mark.ABSENT, "")])
    record(world.branch_a2, "theme_day", datetime.date(2026, 2, 1), submit=False)
    record(world.branch_b1, "lecture", datetime.date(2025, 9, 30))
    MemberLeave.objects.create(member=a2[0], starts_on=datetime.date(2025, 10, 1), ends_on=datetime.date(2026, 1, 31))
    OutsideLife.objects.create(member=b1[1], held_on=datetime.date(2026, 3, 2), host_organization="外地党支部")
    MemberFactory(organization=world.branch_b1)  # a newcomer, on the roll since today
    on_roll(world.branch_a2, 1)
    qs = Member.objects.all()
    for months in range(0, 9):
        day = add_months(TODAY, -months) - datetime.timedelta(days=1)
        expected = set(with_last_life(qs, TODAY).filter(last_life__lte=day).values_list("pk", flat=True))
        assert set(qs.filter(*no_life_since(day, TODAY)).values_list("pk", flat=True)) == expected, day
