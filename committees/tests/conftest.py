"""Committee test fixtures: the date frozen as in the pages' tests, a secretary in each branch."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from committees.tests.factories import elect, roll

D = datetime.date
NOW = timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 0))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def corps(world):
    """Secretaries of branch_a1 (village), branch_a2 (organ) and branch_b1 (village)."""
    terms = {name: elect(getattr(world, name), roll(getattr(world, name), 3), on=D(2022, 3, 1))
             for name in ("branch_a1", "branch_a2", "branch_b1")}
    return {name: t.posts.get(post="secretary").member for name, t in terms.items()}


def reserve(org, name, actor=None):  # type: ignore[no-untyped-def]
    from committees.services import secretaries

    return secretaries.reserve_add(organization=org, actor=actor, name=name, sex="male", birth_date=D(1986, 1, 1))
