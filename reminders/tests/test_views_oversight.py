"""督办台账: the rows behind the dashboards' reminder figures, scoped, filtered and exported."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from reminders.choices import DeliveryStatus, Level
from reminders.models import Notification

URL = "/reminders/oversight/"


@pytest.fixture
def notes(world):
    past = timezone.now() - datetime.timedelta(hours=1)
    rows = [(world.branch_a2, Level.INFO, DeliveryStatus.PENDING, None, "甲：到期未发送"),
            (world.branch_b1, Level.ESCALATION, DeliveryStatus.SENT, None, "乙：未读督办"),
            (world.branch_b1, Level.ESCALATION, DeliveryStatus.SENT, timezone.now(), "丙：已读督办"),
            (world.branch_a1, Level.WARNING, DeliveryStatus.SENT, None, "丁：未读预警")]
    for i, (org, level, status, read, title) in enumerate(rows):
        Notification.objects.create(recipient=world.secretary_a1, kind="test", subject_key=f"x:{i}", period="p",
                                    organization=org, level=level, title=title, send_after=past, status=status,
                                    read_at=read)
    return world


def rows_of(response) -> list:
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [c.value for row in ws.iter_rows() for c in row]


def titles(response):
    return [n.title for n in response.context["page"].object_list]


def test_states_match_the_dashboard_figures(notes, client_for):
    c = client_for(notes.county_officer)
    assert titles(c.get(URL, {"state": "pending"})) == ["甲：到期未发送"]
    assert titles(c.get(URL, {"state": "escalation"})) == ["乙：未读督办"]
    assert titles(c.get(URL, {"state": "warning"})) == ["丁：未读预警"]
    assert len(titles(c.get(URL))) == 4
    # the dashboard cell links here, and the linked page lists as many rows as the figure says
    overview = c.get("/dashboards/")
    t = next(t for p, t in overview.context["panels"] if p.key == "reminders")
    row = next(r for r in t.rows if r[0].value == "石桥乡党委")
    assert row[2].value == 1 and row[2].link.startswith(URL)
    assert titles(c.get(row[2].link)) == ["乙：未读督办"]


def test_scope_township_staff_see_only_their_township(notes, client_for):
    c = client_for(notes.clerk_b)
    assert set(titles(c.get(URL))) == {"乙：未读督办", "丙：已读督办"}
    # another township's unit asked for explicitly: nothing
    assert titles(c.get(URL, {"org": notes.town_a.pk})) == []
    exported = rows_of(c.get(URL, {"org": notes.town_a.pk, "export": "xlsx"}))
    assert not any("甲" in str(v) for v in exported)


def test_users_without_a_scope_are_refused(world, client_for, django_user_model):
    nobody = django_user_model.objects.create_user(username="no_roles_at_all", password="x-Very-Long-Password-1")
    assert client_for(nobody).get(URL).status_code == 403


def test_export_lists_the_filtered_rows(notes, client_for):
    r = client_for(notes.county_officer).get(URL, {"state": "escalation", "export": "xlsx"})
    assert r.status_code == 200
    values = rows_of(r)
    assert "乙：未读督办" in values and "甲：到期未发送" not in values


@pytest.mark.parametrize("persona", ["secretary_a1", "secretary_b1", "viewer_a", "auditor", "sysadmin"])
def test_only_county_and_township_officers_open_the_ledger(notes, client_for, persona):
    """README: 督办台账 is for 县委组织部 and 乡镇党建办; a secretary reads his own inbox only."""
    c = client_for(getattr(notes, persona))
    assert c.get(URL).status_code == 403
    assert c.get(URL, {"export": "xlsx"}).status_code == 403
    assert "督办台账" not in c.get("/reminders/").content.decode()


def test_an_officer_with_a_viewer_role_elsewhere_oversees_only_his_township(notes, client_for):
    from accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=notes.clerk_b, role=Role.VIEWER, organization=notes.county)
    assert set(titles(client_for(notes.clerk_b).get(URL))) == {"乙：未读督办", "丙：已读督办"}


def test_dashboard_figures_link_to_the_ledger_only_for_officers(notes, client_for):
    def reminder_links(user):
        overview = client_for(user).get("/dashboards/")
        t = next((t for p, t in overview.context["panels"] if p.key == "reminders"), None)
        return [] if t is None else [c.link for r in t.rows for c in r[1:] if c.link]

    assert reminder_links(notes.county_officer)
    assert reminder_links(notes.viewer_a) == []
