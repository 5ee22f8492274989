"""Personas of the roll tests: a county with two townships, a branch in each (plus a
second branch in the first), and the users who work on them."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from core.testing import mark_second_factor_done
from organizations.rules import Kind

from .factories import MemberFactory, org, user_with


@pytest.fixture
def tree(db):  # type: ignore[no-untyped-def]
    county = org(None, "青山县委", Kind.COUNTY, code="C01")
    east = org(county, "东镇党委", Kind.TOWNSHIP, code="T01")
    west = org(county, "西镇党委", Kind.TOWNSHIP, code="T02")
    north = org(county, "北镇党委", Kind.TOWNSHIP, code="T03")
    b1 = org(east, "东村党支部", Kind.BRANCH, code="B01")
    b1b = org(east, "东街社区党支部", Kind.BRANCH, code="B02")
    b2 = org(west, "西村党支部", Kind.BRANCH, code="B03")
    b3 = org(north, "北村党支部", Kind.BRANCH, code="B04")
    group = org(b1, "第一党小组", Kind.PARTY_GROUP)
    return SimpleNamespace(county=county, east=east, west=west, north=north, b1=b1, b1b=b1b, b2=b2, b3=b3, group=group)


@pytest.fixture
def people(tree):  # type: ignore[no-untyped-def]
    from accounts.models import RoleAssignment

    township = user_with(Role.TOWNSHIP_STAFF, tree.east, "clerk")
    RoleAssignment.objects.create(user=township, role=Role.TOWNSHIP_STAFF, organization=tree.north)
    return SimpleNamespace(
        county=user_with(Role.COUNTY_OFFICER, tree.county, "county"),
        township=township,  # east and north
        west_clerk=user_with(Role.TOWNSHIP_STAFF, tree.west, "westclerk"),
        secretary=user_with(Role.BRANCH_SECRETARY, tree.b1, "alice"),
        other_secretary=user_with(Role.BRANCH_SECRETARY, tree.b2, "bob"),
        viewer=user_with(Role.VIEWER, tree.east, "viewer"),
        nobody=user_with(None, None, "charlie"),
    )


@pytest.fixture
def member(tree):  # type: ignore[no-untyped-def]
    return MemberFactory(organization=tree.b1, name="王红", id_number="11010519491231002X", sex="female",
                         birth_date=datetime.date(1949, 12, 31), join_date=datetime.date(1975, 7, 1),
                         full_member_date=datetime.date(1976, 7, 1))


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    def _login(user):  # type: ignore[no-untyped-def]
        client.force_login(user)
        mark_second_factor_done(client, user)
        return client

    return _login


@pytest.fixture
def api():  # type: ignore[no-untyped-def]
    def _api(user):  # type: ignore[no-untyped-def]
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api
