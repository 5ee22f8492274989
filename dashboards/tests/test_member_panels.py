"""Member figures against a hand-counted roll."""

import datetime

import pytest
from django.utils import timezone

from members.choices import Category, Education, MemberStatus
from members.tests.factories import MemberFactory

URL = "/dashboards/"


@pytest.fixture
def roll(world):
    today = timezone.localdate()
    young = today.replace(year=today.year - 30)
    # 城关镇: 3 on the roll (1 probationary, 1 female minority, 1 young college migrant) + 1 transferred out
    MemberFactory(organization=world.branch_a1, category=Category.FULL, education=Education.JUNIOR_HIGH)
    MemberFactory(organization=world.branch_a1, category=Category.PROBATIONARY, full_member_date=None,
                  join_date=datetime.date(2026, 1, 5), education=Education.HIGH_SCHOOL)
    MemberFactory(organization=world.branch_a2, sex="female", ethnicity="03", birth_date=datetime.date(1980, 3, 3),
                  education=Education.BACHELOR)
    MemberFactory(organization=world.branch_a2, birth_date=young, join_date=young.replace(year=young.year + 20),
                  full_member_date=young.replace(year=young.year + 21), education=Education.COLLEGE,
                  status=MemberStatus.MIGRANT)
    MemberFactory(organization=world.branch_a2, status=MemberStatus.TRANSFERRED_OUT)
    # 石桥乡: 1
    MemberFactory(organization=world.branch_b1)
    return world


def table(response, key):
    return next(t for p, t in response.context["panels"] if p.key == key)


def test_members_by_unit_hand_counted(roll, client_for):
    t = table(client_for(roll.county_officer).get(URL), "members_by_unit")
    rows = {r[0].value: [c.value for c in r[1:]] for r in t.rows}
    # 总数 正式 预备 女 少数民族 35岁及以下 大专及以上 流动
    assert rows["城关镇党委"] == [4, 3, 1, 1, 1, 1, 2, 1]
    assert rows["石桥乡党委"] == [1, 1, 0, 0, 0, 0, 0, 0]
    assert [c.value for c in t.totals][1] == 5


def test_members_drill_down_lists_the_same_people(roll, client_for):
    c = client_for(roll.county_officer)
    t = table(c.get(URL), "members_by_unit")
    cell = t.rows[0][3]  # 城关镇 预备党员
    page = c.get(cell.link)
    assert page.status_code == 200
    assert page.context["page"].paginator.count == cell.value == 1


def test_structure_and_township_scope(roll, client_for):
    t = table(client_for(roll.clerk_b).get(URL), "members_structure")
    counts = {(r[0].value, r[1].value): r[2].value for r in t.rows}
    assert sum(v for (dim, _), v in counts.items() if dim == "年龄") == 1
    t = table(client_for(roll.county_officer).get(URL), "members_structure")
    counts = {(r[0].value, r[1].value): r[2].value for r in t.rows}
    assert counts[("学历", "大学本科")] == 1 and counts[("年龄", "35岁及以下")] == 1


def test_liangxin_coverage_counts_branches_with_members(world, client_for):
    from organizations import services
    from organizations.rules import Field, Kind

    a = services.organization_create(parent=world.town_a, actor=world.clerk_a, name="甲公司党支部",
                                     kind=Kind.BRANCH, field=Field.PRIVATE_ENTERPRISE)
    services.organization_create(parent=world.town_a, actor=world.clerk_a, name="乙公司党支部",
                                 kind=Kind.BRANCH, field=Field.PRIVATE_ENTERPRISE)
    MemberFactory(organization=a)
    MemberFactory(organization=a)
    t = table(client_for(world.county_officer).get(URL), "liangxin")
    assert [c.value for c in t.rows[0]] == ["非公有制企业", 2, 1, 2]
