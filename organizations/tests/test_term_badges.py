"""The term-status badge (committees) on the organization list and tree pages: derived
from the terms on record, shown only for organizations that elect, at a constant query count."""

from __future__ import annotations

import datetime

from django.urls import reverse

from committees.tests.factories import elect, roll
from organizations.models import Organization
from organizations.rules import Field, Kind


def test_list_shows_each_branch_term_status_and_none_for_townships(world, client_for):
    elect(world.branch_a1, roll(world.branch_a1, 3), on=datetime.date(2015, 3, 1))  # village: 5 years, long overdue
    html = client_for(world.clerk_a).get(reverse("organizations:list")).content.decode()
    rows = {line.split("</a>")[0].rsplit(">", 1)[-1]: line for line in html.split("<tr>") if "</a>" in line}
    assert "逾期未换届" in rows["柳树村党支部"]
    assert "无班子记录" in rows["城关镇机关党支部"]
    assert "badge" not in rows["城关镇党委"].split("</td>")[-3]  # the 换届 column of a township is empty


def test_list_query_count_does_not_grow_with_rows(world, client_for, django_assert_max_num_queries):
    town = Organization.objects.get(pk=world.town_a.pk)
    for i in range(15):
        town.add_child(name=f"测试村{i}党支部", kind=Kind.BRANCH, field=Field.VILLAGE, code=f"T-X{i}")
        town = Organization.objects.get(pk=town.pk)
    elect(world.branch_a1, roll(world.branch_a1, 3), on=datetime.date(2024, 3, 1))
    c = client_for(world.county_officer)
    with django_assert_max_num_queries(12):  # the pin of test_views.test_list_query_count_is_constant, unchanged
        assert "任期内" in c.get(reverse("organizations:list")).content.decode()


def test_tree_children_show_the_badge(world, client_for):
    elect(world.branch_a1, roll(world.branch_a1, 3), on=datetime.date(2024, 3, 1))
    html = client_for(world.clerk_a).get(reverse("organizations:children", args=[world.town_a.pk])).content.decode()
    assert "任期内" in html and "无班子记录" in html


def test_outsider_sees_no_badge_of_other_townships(world, client_for):
    elect(world.branch_a1, roll(world.branch_a1, 3), on=datetime.date(2024, 3, 1))
    c = client_for(world.clerk_b)
    assert c.get(reverse("organizations:children", args=[world.town_a.pk])).status_code == 404
    assert "柳树村党支部" not in c.get(reverse("organizations:list")).content.decode()
