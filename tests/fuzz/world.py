"""A small world with one object of each kind the API takes ids of, for the fuzz runs."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import Resolver404, resolve

from committees.tests.factories import elect, roll
from dues.tests.factories import member_with_base
from members.tests.factories import MemberFactory

D = datetime.date


def api_headers(user: Any) -> dict[str, str]:
    """Token authentication headers for `user` (no CSRF dance: writes reach validation)."""
    from accounts.services.tokens import api_token_create

    issued = api_token_create(user=user, name="接口模糊测试")
    return {"Authorization": f"Token {issued.plaintext}"}


class SeededObjects:
    """Ids of real objects for the API's one-object routes, looked up from each route's viewset."""

    def for_path(self, path: str) -> list[dict[str, str]]:
        """Path parameters of real objects for an operation on one object (`{id}` paths)."""
        if "{id}" not in path:
            return []
        try:
            match = resolve(path.replace("{id}", "1").replace("{item_pk}", "1"))
        except Resolver404:
            return []
        view_class = getattr(match.func, "cls", None)
        qs = getattr(view_class, "base_queryset", None)
        if qs is None:
            qs = getattr(view_class, "queryset", None)
        if qs is None:
            return []
        ids = list(qs.model.objects.order_by("pk").values_list("pk", flat=True)[:5])
        return [{"id": str(pk)} for pk in ids]


def seeded_objects(world: Any) -> SeededObjects:
    """Members, a term with posts, dues bases and payments, an applicant, meetings, a
    rectification year and entry, a score sheet: what the API's detail routes lead to."""
    from development.tests.factories import applicant
    from meetings.models import MeetingType
    from meetings.services import records as meetings
    from rectification import services as rectification

    members = roll(world.branch_a1, 7) + [MemberFactory(organization=world.branch_b1) for _ in range(3)]
    elect(world.branch_a1, members[:7], on=D(2024, 3, 1), posts=3)
    member_with_base(world.branch_a1)
    applicant(world.branch_a1)
    meetings.meeting_record(organization=world.branch_a1, meeting_type=MeetingType.objects.get(code="general_meeting"),
                            held_on=D(2026, 1, 8), topic="学习党章", actor=None, submit=True,
                            today=D(2100, 1, 1))
    year = rectification.year_open(county=world.county, year=datetime.date.today().year, actor=world.county_officer)
    rectification.candidate_propose(year=year, organization=world.branch_a1, reason="组织生活不经常",
                                    actor=world.clerk_a)
    return SeededObjects()
