"""The problem categories page 问题类别: who reads, who changes, scope across counties,
deactivate/delete with confirmation, reorder, export and the query count."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AuditAction, AuditEvent
from core.testing import make_user
from organizations.models import Organization
from organizations.rules import Kind
from rectification import services
from rectification.models import ProblemCategory
from rectification.selectors import categories_for

READERS = ["county_officer", "clerk_a", "clerk_b", "secretary_a1", "secretary_b1", "viewer_a"]
READ_ONLY = ["clerk_a", "secretary_a1", "secretary_b1", "viewer_a"]
URL = reverse("rectification:categories")


@pytest.fixture
def other(db):
    county = Organization.add_root(name="中共平武县委", kind=Kind.COUNTY, code="T-D")
    officer = make_user("county_d", Role.COUNTY_OFFICER, county)
    theirs = services.category_add(county=county, name="平武县自设类别", actor=officer)
    return county, officer, theirs


@pytest.fixture
def mine(world):
    return services.category_add(county=world.county, name="集体经济薄弱", actor=world.county_officer)


def writes(pk: int) -> list[tuple[str, dict]]:
    return [(reverse("rectification:category_edit", args=[pk]), {"name": "改名", "sort_order": 1}),
            (reverse("rectification:category_active", args=[pk]), {"active": "0"}),
            (reverse("rectification:category_delete", args=[pk]), {}),
            (reverse("rectification:categories_reorder"), {f"order-{pk}": "1"})]


@pytest.mark.parametrize("persona", READERS)
def test_the_county_reads_its_list(world, client_for, mine, other, persona):
    body = client_for(getattr(world, persona)).get(URL).content.decode()
    assert "组织生活不经常" in body and "集体经济薄弱" in body and "本县自设" in body
    assert "平武县自设类别" not in body


@pytest.mark.parametrize("persona", ["nobody", "auditor"])
def test_without_a_party_scope_the_list_is_refused(world, client_for, persona):
    assert client_for(getattr(world, persona)).get(URL).status_code == 403


@pytest.mark.parametrize("persona", READ_ONLY)
def test_township_staff_and_secretaries_get_403_on_every_change(world, client_for, mine, persona):
    c = client_for(getattr(world, persona))
    shared = ProblemCategory.objects.get(code="weak_leader")
    assert "新增类别" not in c.get(URL).content.decode() and "保存排序" not in c.get(URL).content.decode()
    assert c.get(reverse("rectification:category_create")).status_code == 403
    assert c.post(reverse("rectification:category_create"), {"scope": "county", "name": "新"}).status_code == 403
    for category in (mine, shared):
        assert c.get(reverse("rectification:category_edit", args=[category.pk])).status_code == 403
        for url, data in writes(category.pk):
            assert c.post(url, data).status_code == 403, url
    assert ProblemCategory.objects.get(pk=mine.pk).name == "集体经济薄弱"
    assert ProblemCategory.objects.filter(is_active=False).count() == 0
    assert not AuditEvent.objects.filter(action__in=[AuditAction.UPDATE, AuditAction.DELETE],
                                         content_type__model="problemcategory").exists()


def test_another_countys_officer_gets_404_on_this_countys_category(world, client_for, mine, other):
    _, officer_d, theirs = other
    c = client_for(officer_d)
    assert "集体经济薄弱" not in c.get(URL).content.decode() and "平武县自设类别" in c.get(URL).content.decode()
    assert c.get(reverse("rectification:category_edit", args=[mine.pk])).status_code == 404
    for url, data in writes(mine.pk):
        assert c.post(url, data).status_code == 404, url
    assert c.get(URL, {"county": world.county.pk}).status_code == 404
    assert ProblemCategory.objects.get(pk=mine.pk).name == "集体经济薄弱"
    # and this county's officer cannot touch theirs either
    assert client_for(world.county_officer).post(*writes(theirs.pk)[0]).status_code == 404


def test_the_sysadmin_keeps_the_shared_list_only(world, client_for, mine):
    c = client_for(world.sysadmin)
    body = c.get(URL).content.decode()
    assert "组织生活不经常" in body and "集体经济薄弱" not in body
    assert c.post(reverse("rectification:category_edit", args=[mine.pk]), {"name": "改名", "sort_order": 1}).status_code == 404
    c.post(reverse("rectification:category_create"), {"scope": "shared", "name": "通用新类别"})
    assert ProblemCategory.objects.filter(county__isnull=True, name="通用新类别").exists()


def test_a_county_officer_adds_renames_and_reorders(world, client_for):
    c = client_for(world.county_officer)
    form = c.get(reverse("rectification:category_create")).content.decode()
    assert "本县自设（仅中共青川县委）" in form and "通用（所有县共用）" not in form
    response = c.post(reverse("rectification:category_create"), {"scope": "county", "name": "软弱班子", "code": ""})
    assert response.status_code == 302
    new = ProblemCategory.objects.get(name="软弱班子")
    assert new.county == world.county
    c.post(reverse("rectification:category_edit", args=[new.pk]) + f"?county={world.county.pk}",
           {"name": "班子软弱", "sort_order": 15})
    new.refresh_from_db()
    assert (new.name, new.sort_order) == ("班子软弱", 15)
    shared = ProblemCategory.objects.get(code="weak_leader")
    c.post(reverse("rectification:categories_reorder"), {"county": world.county.pk, f"order-{new.pk}": "1"})
    assert ProblemCategory.objects.get(pk=new.pk).sort_order < shared.sort_order
    body = c.get(URL).content.decode()
    assert body.index("班子软弱") < body.index("带头人能力不强") < body.index("办事不公")
    assert AuditEvent.objects.filter(content_type__model="problemcategory", actor=world.county_officer).count() == 3


def test_validation_messages_keep_the_input(world, client_for):
    c = client_for(world.county_officer)
    body = c.post(reverse("rectification:category_create"),
                  {"scope": "county", "name": "组织生活不经常", "code": "Bad Code"}).content.decode()
    assert "已有名为“组织生活不经常”的问题类别（通用类别）" in body and 'value="Bad Code"' in body
    assert not ProblemCategory.objects.filter(county=world.county).exists()


def test_deactivate_then_activate(world, client_for, mine):
    c = client_for(world.county_officer)
    c.post(reverse("rectification:category_active", args=[mine.pk]), {"active": "0", "county": world.county.pk})
    assert not ProblemCategory.objects.get(pk=mine.pk).is_active
    assert "已停用" in c.get(URL).content.decode()
    assert "集体经济薄弱" not in c.get(URL, {"status": "active"}).content.decode()
    c.post(reverse("rectification:category_active", args=[mine.pk]), {"active": "1"})
    assert ProblemCategory.objects.get(pk=mine.pk).is_active


def test_delete_asks_for_confirmation_and_only_when_unused(world, client_for, mine, problem, category):
    c = client_for(world.county_officer)
    url = reverse("rectification:category_delete", args=[mine.pk])
    assert url in c.get(URL).content.decode()
    assert reverse("rectification:category_delete", args=[category.pk]) not in c.get(URL).content.decode()
    assert "确认删除" in c.get(url).content.decode() and ProblemCategory.objects.filter(pk=mine.pk).exists()
    c.post(url)
    assert not ProblemCategory.objects.filter(pk=mine.pk).exists()
    response = client_for(world.sysadmin).post(reverse("rectification:category_delete", args=[category.pk]), follow=True)
    assert "已用于 1 个问题，不能删除；不再使用时请停用" in response.content.decode()
    assert ProblemCategory.objects.filter(pk=category.pk).exists()


def test_counts_are_of_the_users_scope(world, problem, category):
    def count(user):
        return categories_for(user, world.county, {}).get(pk=category.pk).problems_in_scope

    assert (count(world.county_officer), count(world.clerk_a), count(world.clerk_b)) == (1, 1, 0)


def test_filters_and_export(world, client_for, mine):
    c = client_for(world.clerk_a)
    body = c.get(URL, {"scope": "county"}).content.decode()
    assert "集体经济薄弱" in body and "组织生活不经常" not in body
    assert "集体经济薄弱" not in c.get(URL, {"q": "宗族"}).content.decode()
    response = c.get(URL, {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0] == ("排序号", "类别名称", "代码", "适用范围", "状态", "本辖区问题数", "已被使用")
    assert len(rows) == 1 + 10
    assert ("集体经济薄弱", "中共青川县委", "启用") in {(r[1], r[3], r[4]) for r in rows}
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=world.clerk_a, extra__rows=10).exists()


def test_rectification_pages_link_the_list(world, client_for):
    assert URL in client_for(world.clerk_a).get(reverse("rectification:index")).content.decode()


def test_list_query_count_is_pinned(world, client_for, django_assert_max_num_queries):
    for n in range(30):
        services.category_add(county=world.county, name=f"类别{n}", actor=world.county_officer)
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(12):
        assert c.get(URL).status_code == 200


def test_admin_site_cannot_bypass_the_category_rules(world, client_for):
    from rectification.models import ProblemCategory

    admin_user = world.sysadmin
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    c = client_for(admin_user)
    category = ProblemCategory.objects.first()
    assert c.get("/sysadmin/rectification/problemcategory/").status_code == 200  # listed, read-only
    assert c.get("/sysadmin/rectification/problemcategory/add/").status_code == 403
    assert c.post(f"/sysadmin/rectification/problemcategory/{category.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ProblemCategory.objects.filter(pk=category.pk).exists()
