from __future__ import annotations

import datetime
import itertools

import factory

from accounts.models import RoleAssignment, User
from members.choices import Category
from members.crypto import blind_index
from members.idcard import make_id
from members.models import Member
from organizations.models import Organization
from organizations.rules import Field, Kind

_seq = itertools.count(1)


def org(parent: Organization | None, name: str, kind: str, **extra) -> Organization:  # type: ignore[no-untyped-def]
    node = Organization(name=name, kind=kind, **extra)
    if kind in (Kind.BRANCH, Kind.JOINT_BRANCH) and not node.field:
        node.field = Field.VILLAGE
    return Organization.add_root(instance=node) if parent is None else parent.add_child(instance=node)


def user_with(role: str | None, organization: Organization | None, username: str) -> User:
    user = User.objects.create_user(username=username, password="x-very-long-password", full_name=username)
    if role:
        RoleAssignment.objects.create(user=user, role=role, organization=organization)
    return user


def valid_id(n: int | None = None, sex: str = "male", born: datetime.date = datetime.date(1970, 5, 17)) -> str:
    n = next(_seq) if n is None else n
    return make_id("330102", born + datetime.timedelta(days=n // 500), n * 2 % 1000, sex)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")
    sex = "male"
    birth_date = datetime.date(1970, 5, 17)
    id_number = factory.LazyAttribute(lambda o: valid_id(sex=o.sex, born=o.birth_date))
    id_number_index = factory.LazyAttribute(lambda o: blind_index(o.id_number))
    phone = "13812345678"
    join_date = datetime.date(1995, 7, 1)
    full_member_date = datetime.date(1996, 7, 1)
    category = Category.FULL
