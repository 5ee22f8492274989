import pytest

from accounts.models import Role
from reminders import services
from reminders.choices import Level
from reminders.registry import SOURCES, Due, FunctionSource


@pytest.fixture
def overdue_source(world):
    """A source that reminds the township staff of branch_a1 while `state['open']`."""
    state = {"open": True}

    def collect(now):
        if not state["open"]:
            return []
        return [
            Due(recipient_id=ra.user_id, organization_id=world.branch_a1.pk, subject_key=f"test:{world.branch_a1.pk}",
                period="2026-11", title="柳树村党支部 11 月支委会未召开", link=f"/organizations/{world.branch_a1.pk}/",
                level=Level.WARNING)
            for ra in services.recipients_for(world.branch_a1, [Role.TOWNSHIP_STAFF, Role.BRANCH_SECRETARY])
        ]

    source = SOURCES.register(FunctionSource("test.gap", collect, lambda key, period, now: state["open"]))
    yield state
    SOURCES.unregister(source.kind)
