"""A sweep's queries do not grow with the number of organizations: role holders are loaded
once per source (RoleHolders), not looked up per branch."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dues.tests.factories import member_with_base
from reminders import services
from reminders.models import Notification


def test_dues_arrears_sweep_costs_the_same_for_more_branches(world):
    member_with_base(world.branch_a1)
    with CaptureQueriesContext(connection) as one:
        services.sweep(only="dues")
    assert Notification.objects.filter(kind="dues.arrears", recipient=world.secretary_a1).exists()
    for branch in (world.branch_a2, world.branch_b1):
        member_with_base(branch)
    with CaptureQueriesContext(connection) as three:
        services.sweep(only="dues")
    assert len(three) == len(one)
    assert Notification.objects.filter(kind="dues.arrears", recipient=world.secretary_b1).exists()
