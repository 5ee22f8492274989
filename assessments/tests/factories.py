"""Builders of assessment data for tests, going through the services like a user would."""

from __future__ import annotations

from decimal import Decimal

import factory

from assessments import services
from assessments.choices import ItemKind
from assessments.models import ScoreSheet
from members.tests.factories import MemberFactory

D = Decimal

__all__ = ["MemberFactory", "make_sheet", "D"]


def make_sheet(world, *, publish: bool = True, weights=(D(20), D(40), D(40)), calculator: str = "",  # type: ignore[no-untyped-def]
               pass_threshold=D(80), excellent_threshold=D(90)) -> ScoreSheet:
    """A two-section sheet: A1 (60, basic), A2 (40, basic, optionally computed), B1 bonus 5, C1 deduction 10."""
    sheet = services.sheet_create(organization=world.county, year=2025, name="村党组织达标创优评分表",
                                  actor=world.county_officer, weights=weights, pass_threshold=pass_threshold,
                                  excellent_threshold=excellent_threshold)
    s1 = services.sheet_add_section(sheet=sheet, title="组织建设", actor=world.county_officer)
    s2 = services.sheet_add_section(sheet=sheet, title="加减分", actor=world.county_officer)
    a = world.county_officer
    services.sheet_add_item(sheet=sheet, section=s1, code="A1", title="三会一课", max_points=D(60), actor=a)
    services.sheet_add_item(sheet=sheet, section=s1, code="A2", title="发展党员", max_points=D(40), actor=a,
                            calculator_code=calculator)
    services.sheet_add_item(sheet=sheet, section=s2, code="B1", title="获上级表彰", max_points=D(5), actor=a,
                            kind=ItemKind.BONUS)
    services.sheet_add_item(sheet=sheet, section=s2, code="C1", title="发生违纪", max_points=D(10), actor=a,
                            kind=ItemKind.DEDUCTION)
    if publish:
        sheet = services.sheet_publish(sheet=sheet, actor=a)
    return sheet


class RoundMemberFactory(MemberFactory):
    name = factory.Sequence(lambda n: f"评议党员{n}")
