import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent

from .factories import MemberFactory


@pytest.fixture
def roll(tree, member):  # type: ignore[no-untyped-def]
    MemberFactory(organization=tree.b2, name="西村党员")
    MemberFactory(organization=tree.b3, name="北村党员", sex="female", education="bachelor")
    return member


@pytest.mark.parametrize("who,names", [
    ("county", {"王红", "西村党员", "北村党员"}),
    ("township", {"王红", "北村党员"}),
    ("secretary", {"王红"}),
    ("other_secretary", {"西村党员"}),
    ("viewer", {"王红"}),
])
def test_roll_is_scoped(login, people, roll, who, names):
    response = login(getattr(people, who)).get(reverse("members:roll"))
    assert {m.name for m in response.context["page"].object_list} == names


def test_roll_of_another_branch_is_404(login, people, roll, tree):
    assert login(people.secretary).get(reverse("members:roll"), {"org": tree.b2.pk}).status_code == 404


def test_user_without_role_gets_403(login, people, roll):
    assert login(people.nobody).get(reverse("members:roll")).status_code == 403


def test_search_by_exact_id_number_and_filters(login, people, roll):
    client = login(people.county)
    page = client.post(reverse("members:roll"), {"q": "11010519491231002x"}, follow=True).context["page"]
    assert [m.name for m in page.object_list] == ["王红"]
    page = client.get(reverse("members:roll"), {"q": "西村"}).context["page"]
    assert [m.name for m in page.object_list] == ["西村党员"]
    page = client.get(reverse("members:roll"), {"education": "bachelor", "sex": "female"}).context["page"]
    assert [m.name for m in page.object_list] == ["北村党员"]
    page = client.get(reverse("members:roll"), {"age": "gt65"}).context["page"]
    assert [m.name for m in page.object_list] == ["王红"]


def test_list_masks_and_pins_query_count(login, people, tree, roll):
    for _ in range(30):
        MemberFactory(organization=tree.b1)
    client = login(people.county)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("members:roll"))
    assert "110105**********2X" in response.content.decode()
    assert "11010519491231002X" not in response.content.decode()
    assert len(ctx.captured_queries) <= 12


def _sheet(response):  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(wb.active.iter_rows(values_only=True))


def test_export_masked_for_viewer_full_refused(login, people, roll):
    client = login(people.viewer)
    rows = _sheet(client.get(reverse("members:roll"), {"export": "xlsx"}))
    assert rows[1][4] == "110105**********2X"
    assert client.get(reverse("members:roll"), {"export": "xlsx", "full": "1"}).status_code == 403


def test_full_export_is_audited_with_row_count(login, people, roll):
    rows = _sheet(login(people.township).get(reverse("members:roll"), {"export": "xlsx", "full": "1"}))
    assert {r[4] for r in rows[1:]} >= {"11010519491231002X"} and len(rows) == 3
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.extra["rows"] == 2 and event.extra["full_values"] is True
