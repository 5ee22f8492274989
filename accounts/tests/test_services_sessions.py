"""Concurrent sessions: the account page lists them; the owner can end one; nobody can end
someone else's."""

from django.test import Client
from django.urls import reverse

from accounts.models import UserSession
from audit.models import AuditAction, AuditEvent
from core.testing import PASSWORD

PROFILE = reverse("accounts:profile")
HOME = reverse("home:home")


def password_login(username: str, agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD},
                           REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302
    return client


def test_sessions_are_listed_on_the_account_page(world):
    office = password_login("clerk_a", "Office-Browser")
    password_login("clerk_a", "Phone-Browser")
    password_login("clerk_b", "Other-Person-Browser")
    body = office.get(PROFILE).content.decode()
    assert "Office-Browser" in body and "Phone-Browser" in body and "当前会话" in body
    assert "Other-Person-Browser" not in body
    assert UserSession.objects.filter(user=world.clerk_a, ip="10.9.8.7").count() == 2


def test_owner_ends_another_of_own_sessions(world):
    office = password_login("clerk_a", "Office-Browser")
    phone = password_login("clerk_a", "Phone-Browser")
    row = UserSession.objects.get(user=world.clerk_a, user_agent="Phone-Browser")
    response = office.post(reverse("accounts:session_end", args=[row.pk]))
    assert response.status_code == 302
    assert phone.get(HOME).url.startswith(reverse("accounts:login"))
    assert office.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=world.clerk_a,
                                     extra__session_ended=row.pk).exists()


def test_ending_the_current_session_logs_out(world):
    office = password_login("clerk_a", "Office-Browser")
    row = UserSession.objects.get(user=world.clerk_a)
    response = office.post(reverse("accounts:session_end", args=[row.pk]))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert office.get(HOME).status_code == 302


def test_cannot_end_someone_elses_session(world):
    attacker = password_login("clerk_b", "Attacker")
    victim = password_login("clerk_a", "Victim")
    row = UserSession.objects.get(user=world.clerk_a)
    assert attacker.post(reverse("accounts:session_end", args=[row.pk])).status_code == 404
    assert victim.get(HOME).status_code == 200
    assert UserSession.objects.filter(pk=row.pk).exists()


def test_viewer_cannot_end_by_get(world):
    viewer = password_login("viewer_a", "Viewer")
    row = UserSession.objects.get(user=world.viewer_a)
    assert viewer.get(reverse("accounts:session_end", args=[row.pk])).status_code == 405
    assert UserSession.objects.filter(pk=row.pk).exists()


def test_logout_removes_the_row_and_stale_rows_are_not_listed(world):
    first = password_login("clerk_a", "First")
    first.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user_agent="First").exists()
    second = password_login("clerk_a", "Second")
    UserSession.objects.create(user=world.clerk_a, session_key="gone-from-the-store", user_agent="Stale")
    body = second.get(PROFILE).content.decode()
    assert "Stale" not in body and "Second" in body
    assert not UserSession.objects.filter(session_key="gone-from-the-store").exists()
