"""The organizational-life drill-down (dashboards:life): the branches behind a figure with
their township and secretary, the missed-only filter, export, scope and pinned queries."""

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from meetings.tests.conftest import record, with_committee

URL = "/dashboards/"


def table(response, key):
    return next(t for p, t in response.context["panels"] if p.key == key)


def test_three_clicks_missed_committee_meetings_with_secretaries(life, client_for):
    c = client_for(life.county_officer)
    cell = table(c.get(URL), "life_completion").rows[0][5]
    assert cell.value == 1
    page = c.get(cell.link)
    lines = list(page.context["page"].object_list)
    assert [(ln.township.name, ln.branch.name, ln.held, ln.required) for ln in lines] == [
        ("城关镇党委", "城关镇机关党支部", 0, 1)]
    assert lines[0].secretary == life.a2_secretary
    assert life.a2_secretary in page.content.decode()
    export = c.get(cell.link + "&export=xlsx")
    rows = list(load_workbook(BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True))
    assert rows[-1][:6] == ("城关镇党委", "城关镇机关党支部", 0, 1, 1, lines[0].secretary)


@pytest.mark.parametrize("persona", ["nobody", "sysadmin", "auditor"])
def test_life_page_refuses_users_without_party_scope(world, client_for, persona):
    c = client_for(getattr(world, persona))
    assert c.get("/dashboards/life/").status_code == 403
    assert c.get("/dashboards/chart/life_completion/").status_code == 403


def test_life_page_query_count_is_constant(life, client_for, django_assert_max_num_queries):
    from organizations import services
    from organizations.rules import Field, Kind

    c = client_for(life.county_officer)
    url = "/dashboards/life/?group=branch_committee&at=2026-03-01&missed=1"
    with django_assert_max_num_queries(15):
        c.get(url)
    for i in range(6):
        b = services.organization_create(parent=life.town_b, actor=life.county_officer, name=f"新村{i}党支部",
                                         kind=Kind.BRANCH, field=Field.VILLAGE)
        with_committee(b, [])
        record(b, "theme_day", datetime.date(2026, 3, 3))
    with django_assert_max_num_queries(15):
        assert len(c.get(url).context["page"].object_list) == 7


def test_unit_narrows_the_branches_and_never_leaves_the_scope(life, client_for):
    params = {"group": "branch_committee", "at": "2026-03-01"}
    county = client_for(life.county_officer).get("/dashboards/life/", {**params, "unit": life.town_a.pk})
    assert county.status_code == 200
    assert [(ln.branch.name, ln.held, ln.required) for ln in county.context["page"].object_list] == [
        ("柳树村党支部", 1, 1), ("城关镇机关党支部", 0, 1)]
    # a township officer naming the other township's unit keeps their own branches only
    c = client_for(life.clerk_b)
    outsider = c.get("/dashboards/life/", {**params, "unit": life.town_a.pk})
    assert outsider.status_code == 200
    assert [(ln.branch.name, ln.held, ln.required) for ln in outsider.context["page"].object_list] == [
        ("石桥村党支部", 1, 1)]
    export = c.get("/dashboards/life/", {**params, "unit": life.town_a.pk, "export": "xlsx"})
    cells = [v for row in load_workbook(BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True)
             for v in row]
    assert "石桥村党支部" in cells and not any("城关镇" in str(v) for v in cells)


def test_anonymous_is_sent_to_sign_in(client):
    r = client.get("/dashboards/life/")
    assert r.status_code == 302 and "/login" in r["Location"]
