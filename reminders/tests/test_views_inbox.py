"""我的提醒: one's own inbox, marking read (one, or all), following a reminder's link, the export."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reminders import services
from reminders.choices import DeliveryStatus, Level
from reminders.models import Notification

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))


def sent(world, recipient, title, *, org=None, level=Level.INFO, read=False, key="x"):
    return Notification.objects.create(
        recipient=recipient, kind="test", subject_key=key, period="p", organization=org or world.branch_a1,
        level=level, title=title, send_after=NOW, sent_at=NOW, status=DeliveryStatus.SENT,
        read_at=NOW if read else None)


def titles(response):
    return [n.title for n in response.context["page"].object_list]


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


def test_filters_narrow_the_inbox(world, client_for):
    sent(world, world.secretary_a1, "甲：支委会提醒", key="a")
    sent(world, world.secretary_a1, "乙：换届预警", level=Level.WARNING, key="b")
    sent(world, world.secretary_a1, "丙：已读提醒", read=True, key="c")
    c = client_for(world.secretary_a1)
    url = reverse("reminders:inbox")
    assert set(titles(c.get(url))) == {"甲：支委会提醒", "乙：换届预警", "丙：已读提醒"}
    assert set(titles(c.get(url, {"unread": "1"}))) == {"甲：支委会提醒", "乙：换届预警"}
    assert titles(c.get(url, {"level": Level.WARNING})) == ["乙：换届预警"]
    assert titles(c.get(url, {"q": "换届"})) == ["乙：换届预警"]


def test_another_townships_secretary_gets_nothing(world, client_for):
    """A reminder about an organization of another township is in nobody's inbox but its recipient's,
    even for a user who may see that organization."""
    sent(world, world.secretary_a1, "甲：支委会提醒")
    for persona in ("secretary_b1", "clerk_b", "county_officer"):
        c = client_for(getattr(world, persona))
        assert titles(c.get(reverse("reminders:inbox"))) == []
        workbook = load_workbook(io.BytesIO(b"".join(c.get(reverse("reminders:inbox"), {"export": "xlsx"})
                                                     .streaming_content))).active
        assert not any("甲" in str(cell.value) for row in workbook.iter_rows() for cell in row)


def test_export_lists_own_reminders(world, client_for):
    sent(world, world.secretary_a1, "甲：支委会提醒")
    response = client_for(world.secretary_a1).get(reverse("reminders:inbox"), {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "甲：支委会提醒" in [cell.value for row in workbook.iter_rows() for cell in row]


def test_read_all_marks_only_own(world, client_for):
    mine = [sent(world, world.secretary_a1, f"提醒{i}", key=f"k{i}") for i in range(2)]
    theirs = sent(world, world.secretary_b1, "别人的提醒", org=world.branch_b1)
    response = client_for(world.secretary_a1).post(reverse("reminders:read_all"))
    assert response.status_code == 302 and response["Location"] == reverse("reminders:inbox")
    assert all(Notification.objects.get(pk=n.pk).read_at is not None for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_read_without_follow_returns_to_the_inbox(world, client_for):
    n = sent(world, world.secretary_a1, "甲：支委会提醒")
    Notification.objects.filter(pk=n.pk).update(link="/meetings/")
    response = client_for(world.secretary_a1).post(reverse("reminders:read", args=[n.pk]))
    assert response["Location"] == reverse("reminders:inbox")
    assert Notification.objects.get(pk=n.pk).read_at is not None


def test_reading_is_post_only_and_signed_in_only(world, client, client_for):
    n = sent(world, world.secretary_a1, "甲：支委会提醒")
    assert client_for(world.secretary_a1).get(reverse("reminders:read", args=[n.pk])).status_code == 405
    assert client.post(reverse("reminders:read_all")).status_code == 302
    assert Notification.objects.get(pk=n.pk).read_at is None
