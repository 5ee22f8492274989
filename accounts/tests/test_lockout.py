"""Lockout by username *and* IP: five failures from one address lock that account at that
address only, so a stranger cannot lock a named officer out of his own desk."""

from django.test import Client
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from core.testing import PASSWORD

STRANGER, OFFICE = "203.0.113.9", "10.20.0.5"


def login(username, password, ip):
    return Client().post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_at_that_address(world):
    codes = [login("county", "wrong-password", STRANGER).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]  # the fifth failure locks
    response = login("county", PASSWORD, STRANGER)
    assert response.status_code == 429 and "锁定" in response.content.decode()


def test_the_officer_still_logs_in_from_his_own_address(world):
    for _ in range(6):
        login("county", "wrong-password", STRANGER)
    assert login("county", PASSWORD, OFFICE).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=world.county_officer, ip=OFFICE).exists()


def test_failures_against_one_account_do_not_lock_others_at_the_same_address(world):
    for _ in range(5):
        login("county", "wrong-password", STRANGER)
    assert login("clerk_a", PASSWORD, STRANGER).status_code == 302


def test_four_failures_then_success_resets_the_count(world):
    for _ in range(4):
        login("clerk_b", "wrong-password", OFFICE)
    assert login("clerk_b", PASSWORD, OFFICE).status_code == 302
    for _ in range(4):
        login("clerk_b", "wrong-password", OFFICE)
    assert login("clerk_b", PASSWORD, OFFICE).status_code == 302
