import datetime

from django.core import mail
from django.utils import timezone

from accounts.models import Role
from reminders import services
from reminders.choices import DeliveryStatus
from reminders.models import Notification

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))


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


def test_sms_channel_logs_masked(world, overdue_source, caplog):
    world.secretary_a1.phone = "13812345678"
    world.secretary_a1.save()
    services.sweep(only="test.gap", now=NOW)
    with caplog.at_level("INFO", logger="jiceng.reminders"):
        services.deliver_due(only="test.gap", now=NOW)
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text


def test_every_contributing_app_registered_its_sources():
    """One mechanism: each app's reminders.SOURCES is registered by its AppConfig.ready()."""
    from importlib import import_module

    from reminders.registry import SOURCES

    for app in ("committees", "development", "dues", "meetings", "members", "rectification"):
        for source in import_module(f"{app}.reminders").SOURCES:
            assert SOURCES[source.kind] is source
    assert {s.kind for s in SOURCES} >= {"dues.arrears", "development.limit", "meetings.gap", "rectification.measure",
                                         "members.transfer_expiring"}
