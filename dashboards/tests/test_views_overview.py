from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent
from organizations import services
from organizations.rules import Field, Kind

URL = "/dashboards/"


@pytest.fixture
def more(world):
    """Hand-countable additions: town_a gets a private-enterprise joint branch; town_b a general branch."""
    services.organization_create(parent=world.town_a, actor=world.clerk_a, name="非公企业联合党支部",
                                 kind=Kind.JOINT_BRANCH, field=Field.PRIVATE_ENTERPRISE)
    services.organization_create(parent=world.town_b, actor=world.clerk_b, name="石桥村党总支", kind=Kind.GENERAL_BRANCH)
    return world


def table(response, key):
    return next(t for p, t in response.context["panels"] if p.key == key)


def values(t):
    return [[c.value for c in row] for row in t.rows]


def test_county_sees_every_township_hand_counted(more, client_for):
    r = client_for(more.county_officer).get(URL)
    assert r.status_code == 200
    t = table(r, "org_by_unit")
    # 单位, 基层党委, 党总支, 党支部(含联合), 其中联合, 党小组, 其中两新
    assert values(t) == [["城关镇党委", 0, 0, 3, 1, 1, 1], ["石桥乡党委", 0, 1, 1, 0, 0, 0]]
    assert [c.value for c in t.totals] == ["合计", 0, 1, 4, 1, 1, 1]
    assert "数据计算于" in r.content.decode()


def test_field_breakdown(more, client_for):
    t = table(client_for(more.county_officer).get(URL), "branches_by_field")
    counts = {row[0].value: row[1].value for row in t.rows}
    assert counts["村"] == 2 and counts["机关"] == 1 and counts["非公有制企业"] == 1 and counts["社区"] == 0
    assert t.totals[1].value == 4


def test_township_officer_sees_only_their_township(more, client_for):
    r = client_for(more.clerk_b).get(URL)
    t = table(r, "org_by_unit")
    names = [row[0] for row in values(t)]
    assert "城关镇党委" not in str(values(t)) and names  # rows are the branches/children of town_b
    body = r.content.decode()
    assert "柳树村党支部" not in body and "城关镇" not in body


def test_unit_filter_outside_scope_is_ignored(more, client_for):
    r = client_for(more.clerk_b).get(URL, {"unit": more.town_a.pk})
    assert "城关镇" not in r.content.decode()


def test_drill_down_link_leads_to_the_branches(more, client_for):
    t = table(client_for(more.county_officer).get(URL), "org_by_unit")
    link = t.rows[0][6].link  # 城关镇 两新
    body = client_for(more.county_officer).get(link).content.decode()
    assert "非公企业联合党支部" in body and "柳树村党支部" not in body


def test_export_is_scoped_and_audited(more, client_for):
    r = client_for(more.clerk_b).get(URL, {"export": "org_by_unit"})
    wb = load_workbook(BytesIO(b"".join(r.streaming_content)))
    cells = [c for row in wb.active.iter_rows(values_only=True) for c in row]
    assert "城关镇党委" not in cells
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=more.clerk_b).exists()


@pytest.mark.parametrize("persona", ["nobody", "sysadmin", "auditor"])
def test_users_without_party_scope_are_refused(world, client_for, persona):
    assert client_for(getattr(world, persona)).get(URL).status_code == 403


def test_figure_changes_when_the_record_changes(more, client_for):
    c = client_for(more.county_officer)
    before = table(c.get(URL), "branches_by_field").totals[1].value
    services.organization_create(parent=more.town_b, actor=more.clerk_b, name="新社区党支部",
                                 kind=Kind.BRANCH, field=Field.COMMUNITY)
    assert table(c.get(URL), "branches_by_field").totals[1].value == before + 1


def test_query_count_is_constant(more, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(more.county_officer)
    with CaptureQueriesContext(connection) as small:
        c.get(URL)
    for i in range(5):
        town = services.organization_create(parent=more.county, actor=more.county_officer, name=f"新乡{i}党委", kind=Kind.TOWNSHIP)
        services.organization_create(parent=town, actor=more.county_officer, name=f"新乡{i}村党支部",
                                     kind=Kind.BRANCH, field=Field.VILLAGE)
    with CaptureQueriesContext(connection) as large:
        assert c.get(URL).status_code == 200
    assert len(large) == len(small) <= 31


def test_page_link_in_nav(world, client_for):
    assert reverse("dashboards:overview") in client_for(world.clerk_a).get("/").content.decode()


def test_several_counties_in_one_scope_cost_no_more_queries(more, client_for, django_user_model, settings):
    """A city officer (county_officer on several county roots) gets every county's townships
    as rows, with the same number of queries as one county: nothing runs once per root."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Role, RoleAssignment
    from organizations.models import Organization

    settings.DASHBOARD_CACHE_SECONDS = 0  # every figure computed from the records
    c = client_for(more.county_officer)
    c.get(URL)
    with CaptureQueriesContext(connection) as one:
        c.get(URL)
    other = Organization.add_root(name="中共白水县委", kind=Kind.COUNTY, code="T-W")
    town = services.organization_create(parent=other, actor=None, name="白水镇党委", kind=Kind.TOWNSHIP)
    services.organization_create(parent=town, actor=None, name="白水村党支部", kind=Kind.BRANCH, field=Field.VILLAGE)
    city = django_user_model.objects.create_user(username="city_officer", password="x-Very-Long-Password-1")
    for county in (more.county, other):
        RoleAssignment.objects.create(user=city, role=Role.COUNTY_OFFICER, organization=county)
    c2 = client_for(city)
    c2.get(URL)
    with CaptureQueriesContext(connection) as two:
        r = c2.get(URL)
    assert len(two) == len(one)
    # the rows are the counties, and choosing one drills into its townships
    by_county = {row[0]: row for row in values(table(r, "org_by_unit"))}
    assert list(by_county) == ["中共青川县委", "中共白水县委"]
    assert by_county["中共白水县委"][3] == 1  # 白水村党支部
    assert by_county["中共青川县委"][3] == sum(row[3] for row in values(table(c.get(URL), "org_by_unit")))
    rows = [row[0] for row in values(table(c2.get(URL, {"unit": other.pk}), "org_by_unit"))]
    assert rows == ["白水镇党委"]


def test_export_all_tables_in_one_workbook_scoped_and_audited(more, client_for):
    from dashboards.panels import all_panels

    r = client_for(more.county_officer).get(URL, {"export": "all", "field": "village"})
    assert r.status_code == 200
    wb = load_workbook(BytesIO(b"".join(r.streaming_content)))
    assert wb.sheetnames[0] == "说明" and len(wb.sheetnames) == 1 + len(all_panels())
    notes = {row[0].value: row[1].value for row in wb["说明"].iter_rows(min_row=2)}
    assert notes["范围"] == "中共青川县委" and notes["领域"] == "村"
    units = [row[0].value for row in wb[wb.sheetnames[1]].iter_rows(min_row=2)]
    assert "城关镇党委" in units and "石桥乡党委" in units
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=more.county_officer,
                                     extra__tables=len(all_panels())).exists()
    # a township officer's workbook holds nothing of the other township
    wb_b = load_workbook(BytesIO(b"".join(client_for(more.clerk_b).get(URL, {"export": "all"}).streaming_content)))
    assert not any("城关镇" in str(c.value) for ws in wb_b.worksheets for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize("persona", ["nobody", "sysadmin", "auditor"])
def test_panel_endpoint_refuses_users_without_party_scope(world, client_for, persona):
    assert client_for(getattr(world, persona)).get("/dashboards/panel/life_trend/").status_code == 403


def test_panel_endpoint_unknown_panel(world, client_for):
    assert client_for(world.county_officer).get("/dashboards/panel/nope/").status_code == 404
