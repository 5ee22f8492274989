"""Problem categories: the shared list and a county's own — who may change which, names and
codes, the used/unused rule, deactivation on the ledger, and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditAction, AuditEvent
from core.testing import make_user
from organizations.models import Organization
from organizations.rules import Kind
from rectification import services
from rectification.forms import ProblemForm
from rectification.models import ProblemCategory


@pytest.fixture
def other_county(db):
    county = Organization.add_root(name="中共平武县委", kind=Kind.COUNTY, code="T-D")
    return county, make_user("county_d", Role.COUNTY_OFFICER, county)


def own(world, name="换届后班子不团结", **kw):
    return services.category_add(county=world.county, name=name, actor=world.county_officer, **kw)


def test_a_county_adds_its_own_category_last_with_a_generated_code(world):
    c = own(world)
    assert (c.county, c.code, c.sort_order, c.is_active) == (world.county, f"c{world.county.pk}-1", 100, True)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, content_type__model="problemcategory", object_id=str(c.pk))
    assert event.org_path == world.county.path and event.actor == world.county_officer
    assert event.changes["name"] == [None, "换届后班子不团结"]
    assert own(world, name="第二个").code == f"c{world.county.pk}-2"


@pytest.mark.parametrize("persona", ["sysadmin"])
def test_shared_categories_are_kept_by_the_sysadmin(world, persona):
    c = services.category_add(county=None, name="村级组织运转经费保障不足", actor=getattr(world, persona))
    assert c.county is None and c.code == "shared-1"
    assert AuditEvent.objects.get(object_id=str(c.pk), content_type__model="problemcategory").org_path == ""


@pytest.mark.parametrize("persona", ["clerk_a", "secretary_a1", "viewer_a", "auditor", "nobody"])
def test_others_change_no_category(world, persona):
    actor = getattr(world, persona)
    mine = own(world)
    shared = ProblemCategory.objects.get(code="weak_leader")
    with pytest.raises(PermissionDenied):
        services.category_add(county=world.county, name="新类别", actor=actor)
    with pytest.raises(PermissionDenied):
        services.category_add(county=None, name="新类别", actor=actor)
    for category in (mine, shared):
        with pytest.raises(PermissionDenied):
            services.category_update(category=category, name="改名", actor=actor)
        with pytest.raises(PermissionDenied):
            services.category_set_active(category=category, active=False, actor=actor)
        with pytest.raises(PermissionDenied):
            services.category_delete(category=category, actor=actor)
    with pytest.raises(PermissionDenied):
        services.categories_reorder(orders={mine.pk: 1}, actor=actor)


def test_another_countys_officer_cannot_change_this_countys_category(world, other_county):
    _, officer_d = other_county
    mine = own(world)
    with pytest.raises(PermissionDenied, match="只有中共青川县委组织部可以修改本县的问题类别"):
        services.category_update(category=mine, name="改名", actor=officer_d)
    with pytest.raises(PermissionDenied):
        services.category_delete(category=mine, actor=officer_d)
    with pytest.raises(PermissionDenied):
        services.category_add(county=world.county, name="新类别", actor=officer_d)
    assert ProblemCategory.objects.get(pk=mine.pk).name == "换届后班子不团结"


def test_names_are_unique_among_what_a_county_sees(world, other_county):
    county_d, officer_d = other_county
    with pytest.raises(ValidationError, match="已有名为“组织生活不经常”的问题类别（通用类别）"):
        own(world, name=" 组织生活不经常 ")
    own(world, name="集体经济薄弱")
    with pytest.raises(ValidationError, match="（中共青川县委的类别）"):
        own(world, name="集体经济薄弱")
    # another county may have its own category of the same name
    services.category_add(county=county_d, name="集体经济薄弱", actor=officer_d)
    with pytest.raises(ValidationError, match="请填写类别名称"):
        own(world, name="   ")


def test_codes_are_checked_and_never_shadow_a_shared_one(world):
    with pytest.raises(ValidationError, match="代码只能由小写字母"):
        own(world, code="中文代码")
    with pytest.raises(ValidationError, match="代码“weak_leader”已被使用"):
        own(world, code="weak_leader")
    assert own(world, code="clan-issues").code == "clan-issues"


def test_rename_and_reorder_are_audited_and_keep_the_code(world):
    c = ProblemCategory.objects.get(code="irregular_meetings")
    services.category_update(category=c, name="组织生活不经常、不规范", sort_order=5, actor=world.sysadmin)
    c.refresh_from_db()
    assert (c.code, c.name, c.sort_order) == ("irregular_meetings", "组织生活不经常、不规范", 5)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(c.pk), content_type__model="problemcategory")
    assert event.changes == {"name": ["组织生活不经常", "组织生活不经常、不规范"], "sort_order": [30, 5]}
    mine = own(world)
    assert services.categories_reorder(orders={mine.pk: "1"}, actor=world.county_officer) == 1
    assert ProblemCategory.objects.get(pk=mine.pk).sort_order == 1
    assert AuditEvent.objects.filter(object_id=str(mine.pk), changes__sort_order=[100, 1]).exists()
    with pytest.raises(ValidationError, match="排序号须为整数"):
        services.categories_reorder(orders={mine.pk: "第一"}, actor=world.county_officer)


def test_a_deactivated_category_is_not_offered_but_stays_on_its_problems(world, entry, problem, category):
    category = services.category_set_active(category=category, active=False, actor=world.sysadmin)
    assert AuditEvent.objects.filter(object_id=str(category.pk), changes__is_active=[True, False]).exists()
    assert category not in ProblemForm(county=world.county).fields["category"].queryset
    assert category in ProblemForm(instance=problem, county=world.county).fields["category"].queryset
    with pytest.raises(ValidationError, match="已停用，请选择其他类别"):
        services.problem_add(entry=entry, category=category, description="又一个问题", actor=world.clerk_a)
    services.problem_update(problem=problem, description="改了描述", category=category, actor=world.clerk_a)
    category = services.category_set_active(category=category, active=True, actor=world.sysadmin)
    services.problem_add(entry=entry, category=category, description="又一个问题", actor=world.clerk_a)


def test_a_ledger_takes_no_other_countys_category(world, entry, other_county):
    county_d, officer_d = other_county
    theirs = services.category_add(county=county_d, name="平武县自设", actor=officer_d)
    assert theirs not in ProblemForm(county=world.county).fields["category"].queryset
    with pytest.raises(ValidationError, match="该问题类别属于其他县"):
        services.problem_add(entry=entry, category=theirs, description="问题", actor=world.clerk_a)


def test_an_unused_category_is_deleted_and_audited(world):
    c = own(world)
    pk = c.pk
    services.category_delete(category=c, actor=world.county_officer)
    assert not ProblemCategory.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_id=str(pk))
    assert event.changes["name"] == "换届后班子不团结" and event.org_path == world.county.path


def test_a_used_category_is_never_deleted(world, problem, category):
    with pytest.raises(ValidationError, match="已用于 1 个问题，不能删除；不再使用时请停用"):
        services.category_delete(category=category, actor=world.sysadmin)
    assert ProblemCategory.objects.filter(pk=category.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE, content_type__model="problemcategory").exists()


def test_the_relapse_category_is_never_deleted(world, client_for):
    relapse = ProblemCategory.objects.get(code="repeated_failure", county__isnull=True)
    with pytest.raises(ValidationError, match="供回头看发现反弹时自动登记问题使用，不能删除"):
        services.category_delete(category=relapse, actor=world.sysadmin)
    c = client_for(world.sysadmin)
    url = reverse("rectification:category_delete", args=[relapse.pk])
    assert url not in c.get(reverse("rectification:categories")).content.decode()
    assert "不能删除" in c.post(url, follow=True).content.decode()
    assert ProblemCategory.objects.filter(pk=relapse.pk).exists()
