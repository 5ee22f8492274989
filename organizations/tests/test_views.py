import datetime

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from organizations.models import Organization
from organizations.rules import Status

READERS_OF_A1 = ["county_officer", "clerk_a", "secretary_a1", "viewer_a"]
OUTSIDERS_OF_A1 = ["clerk_b", "secretary_b1", "nobody", "sysadmin", "auditor"]
WRITERS_OF_A1 = ["county_officer", "clerk_a", "secretary_a1"]

READ_PAGES = ["organizations:detail", "organizations:children", "organizations:history"]
WRITE_PAGES = ["organizations:edit", "organizations:move", "organizations:dissolve"]


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize("persona", READERS_OF_A1)
def test_readers_see_branch_pages(world, client_for, persona, page):
    response = client_for(getattr(world, persona)).get(reverse(page, args=[world.branch_a1.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("page", READ_PAGES + WRITE_PAGES + ["organizations:create"])
@pytest.mark.parametrize("persona", OUTSIDERS_OF_A1)
def test_outsiders_get_404(world, client_for, persona, page):
    response = client_for(getattr(world, persona)).get(reverse(page, args=[world.branch_a1.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("page", WRITE_PAGES + ["organizations:create"])
def test_viewer_gets_403_on_write_pages(world, client_for, page):
    assert client_for(world.viewer_a).get(reverse(page, args=[world.branch_a1.pk])).status_code == 403


@pytest.mark.parametrize("page", WRITE_PAGES + ["organizations:create"])
@pytest.mark.parametrize("persona", WRITERS_OF_A1)
def test_writers_open_write_pages(world, client_for, persona, page):
    assert client_for(getattr(world, persona)).get(reverse(page, args=[world.branch_a1.pk])).status_code == 200


def test_secretary_cannot_edit_parent_township(world, client_for):
    assert client_for(world.secretary_a1).get(reverse("organizations:edit", args=[world.town_a.pk])).status_code == 404


def test_anonymous_redirected_to_login(db, client, world):
    response = client.get(reverse("organizations:detail", args=[world.branch_a1.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_tree_shows_only_own_township(world, client_for):
    body = client_for(world.clerk_b).get(reverse("organizations:tree")).content.decode()
    assert "石桥乡党委" in body
    assert "城关镇党委" not in body
    assert "中共青川县委" not in body


def test_children_partial_of_county_for_county_officer(world, client_for):
    body = client_for(world.county_officer).get(reverse("organizations:children", args=[world.county.pk])).content.decode()
    assert "城关镇党委" in body and "石桥乡党委" in body


def test_list_search_and_filters_are_scoped(world, client_for):
    c = client_for(world.clerk_b)
    body = c.get(reverse("organizations:list"), {"q": "村党支部"}).content.decode()
    assert "石桥村党支部" in body
    assert "柳树村党支部" not in body
    body = client_for(world.county_officer).get(reverse("organizations:list"), {"field": "organ"}).content.decode()
    assert "城关镇机关党支部" in body and "柳树村党支部" not in body


def test_list_query_count_is_constant(world, client_for, django_assert_max_num_queries):
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(12):
        assert c.get(reverse("organizations:list")).status_code == 200


def test_export_is_scoped_and_audited(world, client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(world.clerk_b).get(reverse("organizations:list"), {"export": "xlsx"})
    assert response.status_code == 200
    wb = load_workbook(BytesIO(b"".join(response.streaming_content)))
    names = [row[0] for row in wb.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["石桥乡党委", "石桥村党支部"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == world.clerk_b and event.extra["rows"] == 2


def test_create_child_through_form(world, client_for):
    response = client_for(world.secretary_a1).post(
        reverse("organizations:create", args=[world.branch_a1.pk]), {"name": "第二党小组", "kind": "party_group"})
    assert response.status_code == 302
    assert Organization.objects.get(name="第二党小组").get_parent().pk == world.branch_a1.pk


def test_create_form_shows_rule_error_in_chinese(world, client_for):
    response = client_for(world.clerk_a).post(
        reverse("organizations:create", args=[world.town_a.pk]), {"name": "新支部", "kind": "branch"})
    assert response.status_code == 200
    assert "党支部必须填写所在领域" in response.content.decode()


def test_move_needs_confirmation(world, client_for):
    c = client_for(world.county_officer)
    url = reverse("organizations:move", args=[world.branch_a1.pk])
    response = c.post(url, {"target": world.town_b.pk})
    assert "确认将" in response.content.decode()
    assert Organization.objects.get(pk=world.branch_a1.pk).get_parent().pk == world.town_a.pk
    assert c.post(url, {"target": world.town_b.pk, "confirm": "1"}).status_code == 302
    assert Organization.objects.get(pk=world.branch_a1.pk).get_parent().pk == world.town_b.pk


def test_clerk_cannot_move_branch_into_other_township(world, client_for):
    response = client_for(world.clerk_a).post(
        reverse("organizations:move", args=[world.branch_a1.pk]), {"target": world.town_b.pk, "confirm": "1"})
    assert response.status_code == 200  # the target is not a choice in clerk_a's scope
    assert Organization.objects.get(pk=world.branch_a1.pk).get_parent().pk == world.town_a.pk


def test_dissolve_through_form(world, client_for):
    response = client_for(world.clerk_a).post(
        reverse("organizations:dissolve", args=[world.branch_a2.pk]),
        {"dissolved_on": datetime.date.today().isoformat(), "reason": "单位撤并"})
    assert response.status_code == 302
    assert Organization.objects.get(pk=world.branch_a2.pk).status == Status.DISSOLVED


def test_delete_requires_post_and_scope(world, client_for):
    url = reverse("organizations:delete", args=[world.group_a1.pk])
    assert client_for(world.clerk_a).get(url).status_code == 405
    assert client_for(world.clerk_b).post(url).status_code == 404
    assert client_for(world.viewer_a).post(url).status_code == 403
    assert client_for(world.secretary_a1).post(url).status_code == 302
    assert not Organization.objects.filter(pk=world.group_a1.pk).exists()


@pytest.fixture
def no_parts():
    """The organization pages with nothing registered by the apps above (committees' part set aside)."""
    from organizations.selectors import PARTS

    saved = PARTS.all()
    for part in saved:
        PARTS.unregister(part.key)
    yield PARTS
    for part in PARTS.all():
        PARTS.unregister(part.key)
    for part in saved:
        PARTS.register(part)


def test_the_pages_stand_without_the_apps_above(world, client_for, no_parts):
    c = client_for(world.clerk_a)
    for url in (reverse("organizations:tree"), reverse("organizations:list"),
                reverse("organizations:children", args=[world.town_a.pk]),
                reverse("organizations:detail", args=[world.branch_a1.pk])):
        response = c.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "城关镇党委" in body or "柳树村党支部" in body
        assert "<th>换届</th>" not in body and 'title="换届状态' not in body and "本届选举" not in body
        assert "尚无班子（届次）记录" not in body


def test_a_registered_part_annotates_the_rows_and_shows_its_badge_and_card(world, client_for, no_parts, tmp_path, settings):
    from django.db.models import Value

    from organizations.selectors import OrganizationPart

    (tmp_path / "badge.html").write_text("<i>标记{{ org.flag }}</i>")
    (tmp_path / "card.html").write_text("<div>卡片{{ org.name }}</div>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    no_parts.register(OrganizationPart(key="test", annotate=lambda qs: qs.annotate(flag=Value("甲")), column="测试列",
                                       badge_template="badge.html", panel_template="card.html"))
    c = client_for(world.clerk_a)
    listing = c.get(reverse("organizations:list")).content.decode()
    assert "<th>测试列</th>" in listing and "<td><i>标记甲</i></td>" in listing
    assert "<i>标记甲</i>" in c.get(reverse("organizations:children", args=[world.town_a.pk])).content.decode()
    assert "<div>卡片柳树村党支部</div>" in c.get(reverse("organizations:detail", args=[world.branch_a1.pk])).content.decode()
