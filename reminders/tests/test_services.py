import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from reminders import registry, services
from reminders.models import DeliveryStatus, Level, Notification
from reminders.registry import Due, FunctionSource

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))


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

    source = registry.register(FunctionSource("test.gap", collect, lambda key, period, now: state["open"]))
    yield state
    registry.unregister(source.kind)


def test_recipients_are_holders_on_the_org_or_its_ancestors(world):
    users = {ra.user.username for ra in services.recipients_for(world.group_a1, [Role.TOWNSHIP_STAFF, Role.BRANCH_SECRETARY])}
    assert users == {"clerk_a", "secretary_a1"}


def test_repeated_sweep_writes_each_reminder_once(world, overdue_source):
    assert services.sweep(only="test.gap", now=NOW) == 2
    services.sweep(only="test.gap", now=NOW)
    services.sweep(only="test.gap", now=NOW + datetime.timedelta(hours=1))
    assert Notification.objects.count() == 2


def test_delivery_marks_sent_and_emails(world, overdue_source):
    world.clerk_a.email = "clerk@example.gov.cn"
    world.clerk_a.save()
    services.sweep(only="test.gap", now=NOW)
    assert services.deliver_due(only="test.gap", now=NOW) == 2
    assert services.process_one_due(only="test.gap", now=NOW) is False
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(mail.outbox) == 1 and "11 月支委会未召开" in mail.outbox[0].subject
    clerk_row = Notification.objects.get(recipient=world.clerk_a)
    assert clerk_row.channels == ["inbox", "email"]


def test_cause_gone_at_send_time_cancels(world, overdue_source):
    services.sweep(only="test.gap", now=NOW)
    overdue_source["open"] = False
    services.deliver_due(only="test.gap", now=NOW)
    assert set(Notification.objects.values_list("status", flat=True)) == {DeliveryStatus.CANCELLED}
    assert mail.outbox == []


def test_not_delivered_before_its_time(world, overdue_source):
    services.sweep(only="test.gap", now=NOW)
    Notification.objects.update(send_after=NOW + datetime.timedelta(days=1))
    assert services.process_one_due(only="test.gap", now=NOW) is False


def test_inbox_shows_only_own_and_counts_unread(world, overdue_source, client_for):
    services.sweep(only="test.gap", now=NOW)
    services.deliver_due(only="test.gap", now=NOW)
    c = client_for(world.clerk_a)
    body = c.get(reverse("reminders:inbox")).content.decode()
    assert "11 月支委会未召开" in body and 'id="unread-count">1<' in body
    assert "11 月支委会未召开" not in client_for(world.clerk_b).get(reverse("reminders:inbox")).content.decode()
    mine = Notification.objects.get(recipient=world.clerk_a)
    theirs = Notification.objects.get(recipient=world.secretary_a1)
    # marking someone else's reminder read does nothing
    c.post(reverse("reminders:read", args=[theirs.pk]))
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    response = c.post(reverse("reminders:read", args=[mine.pk]), {"follow": "1"})
    assert response["Location"] == f"/organizations/{world.branch_a1.pk}/"
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def test_sms_channel_logs_masked(world, overdue_source, caplog):
    world.secretary_a1.phone = "13812345678"
    world.secretary_a1.save()
    services.sweep(only="test.gap", now=NOW)
    with caplog.at_level("INFO", logger="jiceng.reminders"):
        services.deliver_due(only="test.gap", now=NOW)
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text
