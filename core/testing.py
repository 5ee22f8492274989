"""Shared test helpers: a small county with personas at every scope.

    县委 (county)
    ├── 城关镇党委 (town_a)
    │   ├── 柳树村党支部 (branch_a1, village) ── 第一党小组 (group_a1)
    │   └── 城关镇机关党支部 (branch_a2, organ)
    └── 石桥乡党委 (town_b)
        └── 石桥村党支部 (branch_b1, village)
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role, RoleAssignment, User
from organizations.models import Organization
from organizations.rules import Field, Kind

PASSWORD = "Test-Passw0rd-2026!"


@dataclass
class World:
    county: Organization
    town_a: Organization
    town_b: Organization
    branch_a1: Organization
    branch_a2: Organization
    group_a1: Organization
    branch_b1: Organization
    county_officer: User
    clerk_a: User
    clerk_b: User
    secretary_a1: User
    secretary_b1: User
    viewer_a: User
    nobody: User
    sysadmin: User
    auditor: User


def make_user(username: str, role: str | None = None, org: Organization | None = None, **extra: object) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username, **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, organization=org)
    return user


def build_world() -> World:
    county = Organization.add_root(name="中共青川县委", kind=Kind.COUNTY, code="T-C")
    town_a = county.add_child(name="城关镇党委", kind=Kind.TOWNSHIP, code="T-A")
    town_b = county.add_child(name="石桥乡党委", kind=Kind.TOWNSHIP, code="T-B")
    branch_a1 = town_a.add_child(name="柳树村党支部", kind=Kind.BRANCH, field=Field.VILLAGE, code="T-A1")
    branch_a2 = town_a.add_child(name="城关镇机关党支部", kind=Kind.BRANCH, field=Field.ORGAN, code="T-A2")
    group_a1 = branch_a1.add_child(name="第一党小组", kind=Kind.PARTY_GROUP, code="T-A1G")
    branch_b1 = town_b.add_child(name="石桥村党支部", kind=Kind.BRANCH, field=Field.VILLAGE, code="T-B1")
    refresh = {o.pk: o for o in Organization.objects.all()}
    county, town_a, town_b, branch_a1, branch_a2, group_a1, branch_b1 = (
        refresh[o.pk] for o in (county, town_a, town_b, branch_a1, branch_a2, group_a1, branch_b1)
    )
    sysadmin = make_user("sysadmin", Role.SYSADMIN, is_staff=True)
    return World(
        county=county, town_a=town_a, town_b=town_b, branch_a1=branch_a1, branch_a2=branch_a2,
        group_a1=group_a1, branch_b1=branch_b1,
        county_officer=make_user("county", Role.COUNTY_OFFICER, county),
        clerk_a=make_user("clerk_a", Role.TOWNSHIP_STAFF, town_a),
        clerk_b=make_user("clerk_b", Role.TOWNSHIP_STAFF, town_b),
        secretary_a1=make_user("secretary_a1", Role.BRANCH_SECRETARY, branch_a1),
        secretary_b1=make_user("secretary_b1", Role.BRANCH_SECRETARY, branch_b1),
        viewer_a=make_user("viewer_a", Role.VIEWER, town_a),
        nobody=make_user("nobody"),
        sysadmin=sysadmin,
        auditor=make_user("auditor", Role.AUDITOR),
    )


def production_env(**extra: str) -> dict[str, str]:
    """Environment for running the project with production settings in a subprocess."""
    import base64
    import os
    import secrets

    def key() -> str:
        return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()

    return {
        **os.environ, "DJANGO_ENV": "production", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "example.gov.cn", "JICENG_FIELD_KEY": key(), "JICENG_BLIND_INDEX_KEY": key(), **extra,
    }


# Reference data loaded by data migrations; a transactional test's flush empties these tables.
REFERENCE_DATA = [
    # (model, the data migrations that fill it, in order: all of them run when a flush emptied it)
    ("meetings.MeetingType", [("meetings.migrations.0002_default_types_and_requirements", "forward"),
                              ("meetings.migrations.0003_meetingtype_needs_committee", "forward"),
                              ("meetings.migrations.0004_national_floor_and_requirement_reason", "forward")]),
    ("dues.DuesRate", [("dues.migrations.0002_national_rates", "load")]),
    ("rectification.ProblemCategory", [("rectification.migrations.0002_default_categories", "add_categories")]),
    ("workcalendar.CalendarDay", [("core.migrations.0002_official_holidays_2025_2026", "load")]),
]


def restore_reference_data() -> None:
    """Re-run the data migrations whose tables a flush emptied (for transactional tests), so
    those tests see the same reference data as a migrated database (a test compares both)."""
    import importlib

    from django.apps import apps

    for model, steps in REFERENCE_DATA:
        if not apps.get_model(model).objects.exists():
            for module, function in steps:
                getattr(importlib.import_module(module), function)(apps, None)


def start_celery_worker(queue: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """A real Celery worker process consuming only `queue` (tests stop it with stop_process)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    celery = Path(sys.executable).parent / "celery"
    return subprocess.Popen(
        [str(celery), "-A", "config", "worker", "--pool=solo", "--concurrency=1", "-Q", queue,
         "-n", f"{queue}@%h", "-l", "warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR, env=env if env is not None else os.environ.copy(), stdin=subprocess.DEVNULL,
    )


def stop_process(process) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def mark_second_factor_done(client, user) -> None:  # type: ignore[no-untyped-def]
    """After client.force_login(user): when the user's role makes a second factor mandatory,
    give them a confirmed authenticator and mark the session verified by it, as a real
    login with a code would (accounts/two_factor.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.two_factor import STATE_KEY

    session = client.session
    if not session.get(STATE_KEY):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="测试设备", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def totp_code(device, drift: int = 0) -> str:  # type: ignore[no-untyped-def]
    """The code an authenticator app shows now for `device` (drift in 30-second steps)."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):0{device.digits}d}"


def next_totp_code(device) -> str:  # type: ignore[no-untyped-def]
    """A code the device has not accepted yet (a code is good once: the next step's code
    when this step's was used; the device tolerates one step of drift)."""
    import time

    device.refresh_from_db()
    now_t = int(time.time() - device.t0) // device.step
    if device.last_t >= now_t + device.tolerance:
        time.sleep(device.step)
        now_t += 1
    return totp_code(device, drift=max(0, device.last_t + 1 - now_t))


def browser_login(page, base: str, username: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Log in through the login form, entering a real TOTP code when the user's role makes
    the second factor mandatory (an authenticator is bound for them first if needed)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.two_factor import required_for

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and required_for(user):
        device = TOTPDevice.objects.create(user=user, name="测试设备", confirmed=True)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    if device is not None:
        page.get_by_label("验证码").fill(next_totp_code(device))
        page.get_by_role("button", name="验证").click()
