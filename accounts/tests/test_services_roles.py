"""Security finding 3: 三员分立 is enforced by the system. The system administrator cannot make
itself (or anyone else) a county officer or an auditor on top of another global role, nobody
grants a role to their own account, and every grant, revoke, password set, activation change
and bulk action of /sysadmin/ leaves an audit row."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, RoleAssignment, User
from accounts.services import roles as services
from audit.models import AuditAction, AuditEvent
from core.testing import make_user
from demo.management.commands.seed_demo import SYSADMIN_PERMISSIONS


@pytest.fixture
def admin_client(world, client_for):
    """The sysadmin with the model permissions the demo gives it (seed_demo)."""
    for app_label, model, actions in SYSADMIN_PERMISSIONS:
        world.sysadmin.user_permissions.add(*Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model,
            codename__in=[f"{a}_{model}" for a in actions]))
    return client_for(world.sysadmin)


def grant_form(user, role, org=None, is_active=True):
    return {"user": user.pk, "role": role, "organization": org.pk if org else "", "is_active": "on" if is_active else ""}


def roles_of(user):
    return set(RoleAssignment.objects.filter(user=user, is_active=True).values_list("role", flat=True))


# --- the service and the database ----------------------------------------------------------

def test_the_sysadmin_cannot_grant_itself_a_party_role(world):
    with pytest.raises(ValidationError, match="不能给自己的账号授予角色"):
        services.role_grant(actor=world.sysadmin, user=world.sysadmin, role=Role.COUNTY_OFFICER,
                            organization=world.county)
    assert roles_of(world.sysadmin) == {Role.SYSADMIN}


@pytest.mark.parametrize(("holder", "role", "org"), [
    ("sysadmin", Role.AUDITOR, None), ("sysadmin", Role.VIEWER, "county"), ("auditor", Role.SYSADMIN, None),
    ("auditor", Role.COUNTY_OFFICER, "county"), ("county_officer", Role.AUDITOR, None),
    ("viewer_a", Role.SYSADMIN, None),
])
def test_a_global_role_is_held_alone(world, holder, role, org):
    granter = make_user("sysadmin2", Role.SYSADMIN, is_staff=True)
    user = getattr(world, holder)
    with pytest.raises(ValidationError, match="三员分立"):
        services.role_grant(actor=granter, user=user, role=role, organization=getattr(world, org) if org else None)
    assert role not in roles_of(user)
    assert not AuditEvent.objects.filter(action=AuditAction.GRANT).exists()


def test_party_roles_combine_and_every_grant_and_revoke_is_audited(world):
    a = services.role_grant(actor=world.sysadmin, user=world.clerk_a, role=Role.VIEWER, organization=world.town_b)
    assert roles_of(world.clerk_a) == {Role.TOWNSHIP_STAFF, Role.VIEWER} and a.granted_by == world.sysadmin
    services.role_revoke(actor=world.sysadmin, assignment=a)
    actions = list(AuditEvent.objects.filter(content_type__model="roleassignment", object_id=str(a.pk))
                   .order_by("id").values_list("action", "actor_username"))
    assert actions == [(AuditAction.GRANT, "sysadmin"), (AuditAction.REVOKE, "sysadmin")]


def test_only_the_sysadmin_grants(world):
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=world.county_officer, user=world.nobody, role=Role.VIEWER, organization=world.county)
    assert roles_of(world.nobody) == set()


@pytest.mark.parametrize(("role", "org"), [(Role.COUNTY_OFFICER, "county"), (Role.AUDITOR, None)])
def test_the_database_refuses_what_the_services_refuse(world, role, org):
    organization = getattr(world, org) if org else None
    with pytest.raises(IntegrityError, match="三员分立"), transaction.atomic():
        RoleAssignment.objects.create(user=world.sysadmin, role=role, organization=organization)
    with pytest.raises(IntegrityError, match="不能给自己的账号授予角色"), transaction.atomic():
        RoleAssignment.objects.create(user=world.nobody, role=Role.VIEWER, organization=world.county,
                                      granted_by=world.nobody)
    # reactivating an old party grant of the sysadmin is a grant too
    old = RoleAssignment(user=world.sysadmin, role=Role.VIEWER, organization=world.county, is_active=False)
    old.save()
    with pytest.raises(IntegrityError, match="三员分立"), transaction.atomic():
        RoleAssignment.objects.filter(pk=old.pk).update(is_active=True)


# --- the /sysadmin/ pages -------------------------------------------------------------------

def test_the_admin_refuses_a_self_grant_with_a_message(world, admin_client):
    response = admin_client.post("/sysadmin/accounts/roleassignment/add/",
                                 grant_form(world.sysadmin, Role.COUNTY_OFFICER, world.county))
    assert response.status_code == 200 and "不能给自己的账号授予角色" in response.content.decode()
    response = admin_client.post("/sysadmin/accounts/roleassignment/add/", grant_form(world.county_officer, Role.AUDITOR))
    assert response.status_code == 200 and "三员分立" in response.content.decode()
    assert roles_of(world.sysadmin) == {Role.SYSADMIN} and roles_of(world.county_officer) == {Role.COUNTY_OFFICER}


def test_the_admin_cannot_turn_its_own_grant_into_another(world, admin_client):
    own = RoleAssignment.objects.get(user=world.sysadmin)
    response = admin_client.post(f"/sysadmin/accounts/roleassignment/{own.pk}/change/",
                                 grant_form(world.sysadmin, Role.AUDITOR))
    assert "不能给自己的账号授予角色" in response.content.decode()
    assert roles_of(world.sysadmin) == {Role.SYSADMIN}


def test_a_grant_in_the_admin_is_audited(world, admin_client):
    response = admin_client.post("/sysadmin/accounts/roleassignment/add/",
                                 grant_form(world.nobody, Role.VIEWER, world.town_b))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.GRANT, actor=world.sysadmin)
    assert event.org_path == world.town_b.path and event.changes["role"] == [None, Role.VIEWER]


def _inline(prefix="role_assignments", rows=()):
    data = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000}
    for i, (role, org) in enumerate(rows):
        data.update({f"{prefix}-{i}-role": role, f"{prefix}-{i}-organization": org.pk if org else "",
                     f"{prefix}-{i}-is_active": "on"})
    return data


def _user_form(user, **extra):
    return {"username": user.username, "full_name": user.full_name, "phone": "", "email": "",
            "is_active": "on" if user.is_active else "", "is_staff": "on" if user.is_staff else "", **extra}


def test_the_inline_refuses_a_self_grant_and_mixed_rows(world, admin_client):
    url = f"/sysadmin/accounts/user/{world.sysadmin.pk}/change/"
    body = admin_client.post(url, {**_user_form(world.sysadmin), **_inline(rows=[(Role.AUDITOR, None)])}).content.decode()
    assert "不能给自己的账号授予角色" in body
    url = f"/sysadmin/accounts/user/{world.nobody.pk}/change/"
    body = admin_client.post(url, {**_user_form(world.nobody),
                                   **_inline(rows=[(Role.AUDITOR, None), (Role.VIEWER, world.county)])}).content.decode()
    assert "三员分立" in body
    assert roles_of(world.sysadmin) == {Role.SYSADMIN} and roles_of(world.nobody) == set()


def test_activation_change_is_audited(world, admin_client):
    url = f"/sysadmin/accounts/user/{world.viewer_a.pk}/change/"
    data = {**_user_form(world.viewer_a, is_active=""), **_inline()}
    data["role_assignments-INITIAL_FORMS"] = 0
    assert admin_client.post(url, data).status_code == 302
    world.viewer_a.refresh_from_db()
    assert not world.viewer_a.is_active
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, content_type__model="user", object_id=str(world.viewer_a.pk))
    assert event.changes["is_active"] == [True, False] and event.extra["activation"] == "停用账号"


def test_a_password_set_in_the_admin_is_audited_without_the_password(world, admin_client):
    url = f"/sysadmin/accounts/user/{world.county_officer.pk}/password/"
    new = "Another-Passw0rd-2026!"
    response = admin_client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    world.county_officer.refresh_from_db()
    assert world.county_officer.check_password(new)
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_SET)
    assert (event.actor, event.object_id) == (world.sysadmin, str(world.county_officer.pk))
    assert new not in str(event.changes) + str(event.extra) and event.extra["usable_password"] is True


def test_bulk_delete_is_audited_row_by_row(world, admin_client):
    doomed = [make_user(f"temp{i}", Role.VIEWER, world.town_b) for i in range(2)]
    assignments = list(RoleAssignment.objects.filter(user__in=doomed))
    response = admin_client.post("/sysadmin/accounts/roleassignment/", {
        "action": "delete_selected", "_selected_action": [a.pk for a in assignments], "post": "yes"})
    assert response.status_code == 302 and not RoleAssignment.objects.filter(user__in=doomed).exists()
    revoked = AuditEvent.objects.filter(action=AuditAction.REVOKE, actor=world.sysadmin)
    assert sorted(revoked.values_list("object_id", flat=True)) == sorted(str(a.pk) for a in assignments)
    response = admin_client.post("/sysadmin/accounts/user/", {
        "action": "delete_selected", "_selected_action": [u.pk for u in doomed], "post": "yes"})
    assert response.status_code == 302 and not User.objects.filter(pk__in=[u.pk for u in doomed]).exists()
    deleted = AuditEvent.objects.filter(action=AuditAction.DELETE, content_type__model="user")
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(str(u.pk) for u in doomed)


def test_a_staff_flag_alone_does_not_open_the_admin(world, client_for):
    world.county_officer.is_staff = True
    world.county_officer.save(update_fields=["is_staff"])
    response = client_for(world.county_officer).get("/sysadmin/")
    assert response.status_code == 302 and "/sysadmin/login/" in response["Location"]

