import io

import pytest
from django.core.management import call_command

from accounts.models import User
from reminders.choices import DeliveryStatus
from reminders.models import Notification


@pytest.mark.django_db
def test_demo_fills_the_personas_inboxes_once():
    out = io.StringIO()
    call_command("seed_demo", "--apps", "members,committees,reminders", stdout=out)
    assert "提醒：新写入" in out.getvalue()
    sent = Notification.objects.filter(status=DeliveryStatus.SENT)
    # the demo has terms due for 换届: the township and county staff are reminded
    township = User.objects.get(username="township1")
    assert sent.filter(recipient=township, kind__startswith="committees").exists()
    assert not Notification.objects.filter(status=DeliveryStatus.PENDING).exists()
    total = Notification.objects.count()
    call_command("seed_demo", "--apps", "members,committees,reminders", stdout=io.StringIO())
    assert Notification.objects.count() == total
