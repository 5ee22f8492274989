import pytest
from django.contrib.messages import get_messages

from assessments import calculators


@pytest.fixture
def test_calculator():  # type: ignore[no-untyped-def]
    """A calculator registered only for the test: half the points, with the branch as its record."""
    from decimal import Decimal

    def half(organization, year):  # type: ignore[no-untyped-def]
        return calculators.Computed(Decimal("0.5"), f"{year}年按记录完成一半", [organization])

    calculators.CALCULATORS.register(calculators.Calculator("test.half", "测试：完成一半", half))
    yield "test.half"
    calculators.CALCULATORS.unregister("test.half")


def messages_of(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The messages a page set (those not yet shown included)."""
    return [str(m) for m in get_messages(response.wsgi_request)]
