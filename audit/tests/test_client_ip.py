"""Security finding 9: the client IP of the audit trail. X-Forwarded-For is believed only from a
configured trusted proxy, read from the right; a value that is not an IP never costs an audit
row, and a failed login is always recorded."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from audit.context import client_ip
from audit.models import AuditAction, AuditEvent
from audit.services import audit_record


def request(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(request(forwarded="1.2.3.4")) == "203.0.113.9"


@override_settings(JICENG_TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    ("10.0.0.5", "198.51.100.7", "198.51.100.7"),               # one trusted proxy
    ("10.0.0.5", "1.2.3.4, 198.51.100.7", "198.51.100.7"),      # a spoofed leftmost hop is skipped
    ("10.0.0.5", "1.2.3.4, 198.51.100.7, 192.0.2.1", "198.51.100.7"),  # two proxies in a row
    ("10.0.0.5", "not-an-ip", "10.0.0.5"),                       # garbage: the proxy's own address
    ("10.0.0.5", "1.2.3.4, <script>, 10.0.0.6", "10.0.0.5"),     # garbage in the chain stops the walk
    ("10.0.0.5", "", "10.0.0.5"),
    ("203.0.113.9", "1.2.3.4", "203.0.113.9"),                   # not from a trusted proxy: header ignored
    ("10.0.0.5", "2001:db8::1", "2001:db8::1"),
    ("10.0.0.5", "fe80::1%eth0", "10.0.0.5"),                    # a zone index does not fit the inet column
])
def test_the_header_is_walked_from_the_right_past_trusted_proxies(remote, forwarded, expected):
    assert client_ip(request(remote, forwarded)) == expected


def test_a_bad_ip_never_drops_the_audit_row(db):
    event = audit_record(action=AuditAction.EXPORT, ip="1.2.3.4, 5.6.7.8'--")
    assert AuditEvent.objects.get(pk=event.pk).ip is None


@override_settings(JICENG_TRUSTED_PROXIES=["127.0.0.1"])
def test_a_failed_login_with_a_garbage_header_is_recorded(world, client):
    response = client.post(reverse("accounts:login"), {"username": "county", "password": "wrong"},
                           HTTP_X_FORWARDED_FOR="'; DROP TABLE x; --", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.extra["username"] == "county" and event.ip == "127.0.0.1"


@override_settings(JICENG_TRUSTED_PROXIES=["127.0.0.1"])
def test_axes_sees_the_same_client_as_the_audit_trail(world, client):
    from axes.models import AccessAttempt

    client.post(reverse("accounts:login"), {"username": "county", "password": "wrong"},
                HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7", REMOTE_ADDR="127.0.0.1")
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).ip == "198.51.100.7"
    assert AccessAttempt.objects.get(username="county").ip_address == "198.51.100.7"


def test_a_malformed_trusted_proxy_stops_the_start_up():
    import subprocess
    import sys

    from django.conf import settings

    from core.testing import production_env

    run = subprocess.run([sys.executable, "-c", "import config.settings"], cwd=settings.BASE_DIR,
                         env=production_env(JICENG_TRUSTED_PROXIES="10.0.0.0/8,not-a-proxy"), capture_output=True, text=True)
    assert run.returncode != 0 and "not-a-proxy" in run.stderr
