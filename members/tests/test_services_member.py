import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from audit.models import AuditAction, AuditEvent
from members.choices import MemberStatus
from members.crypto import blind_index
from members.models import Member
from members.services.member import member_create, member_end_migrant, member_reveal, member_set_migrant, member_update

from .factories import MemberFactory, valid_id

D = datetime.date


def _data(**extra):  # type: ignore[no-untyped-def]
    return {"name": "李强", "id_number": "11010519491231002x", "phone": "138 1234 5678",
            "join_date": D(1975, 7, 1), "full_member_date": D(1976, 7, 1), "category": "full", **extra}


def test_create_encrypts_id_and_phone_at_rest(tree, people):
    member = member_create(organization=tree.b1, actor=people.secretary, **_data())
    with connection.cursor() as cur:
        cur.execute("SELECT id_number, phone, id_number_index FROM members_member WHERE id = %s", [member.pk])
        raw_id, raw_phone, index = cur.fetchone()
        cur.execute("SELECT count(*) FROM members_member WHERE id_number LIKE %s OR phone LIKE %s",
                    ["%19491231%", "%12345678%"])
        assert cur.fetchone()[0] == 0
    assert "11010519491231002X" not in raw_id and raw_id.startswith("v2:")
    assert "13812345678" not in raw_phone
    assert index == blind_index("11010519491231002X")
    fresh = Member.objects.get(pk=member.pk)
    assert fresh.id_number == "11010519491231002X" and fresh.phone == "13812345678"
    assert fresh.birth_date == D(1949, 12, 31) and fresh.sex == "female"


def test_create_audits_masked_values_only(tree, people):
    member = member_create(organization=tree.b1, actor=people.secretary, **_data())
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(member.pk))
    text = str(event.changes)
    assert "110105**********2X" in text and "138****5678" in text
    assert "11010519491231002X" not in text and "13812345678" not in text
    assert event.org_path == tree.b1.path


def test_one_active_record_per_id_number(tree, people):
    member_create(organization=tree.b1, actor=people.county, **_data())
    with pytest.raises(ValidationError) as exc:
        member_create(organization=tree.b2, actor=people.county, **_data(name="另一人"))
    assert "已有一条在册党员记录" in str(exc.value)


def test_a_died_record_does_not_block_a_new_one(tree, people):
    first = member_create(organization=tree.b1, actor=people.county, **_data())
    member_update(member=first, actor=people.county, status=MemberStatus.DIED)
    member_create(organization=tree.b2, actor=people.county, **_data())
    assert Member.objects.filter(id_number_index=blind_index("11010519491231002X")).count() == 2


def test_members_belong_to_branches_only(tree, people):
    with pytest.raises(ValidationError) as exc:
        member_create(organization=tree.east, actor=people.county, **_data())
    assert "党支部" in str(exc.value)


def test_party_group_must_be_of_the_branch(tree, people):
    member_create(organization=tree.b1, actor=people.county, party_group=tree.group, **_data())
    with pytest.raises(ValidationError):
        member_create(organization=tree.b2, actor=people.county, party_group=tree.group, **_data(id_number=valid_id()))


def test_update_writes_diff_and_refuses_transferred_out(tree, people, member):
    member_update(member=member, actor=people.secretary, occupation="村会计")
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(member.pk)).first()
    assert event.changes["occupation"] == ["", "村会计"]
    with pytest.raises(ValidationError):
        member_update(member=member, actor=people.secretary, status=MemberStatus.TRANSFERRED_OUT)


def test_update_without_changes_writes_nothing(tree, people, member):
    before = AuditEvent.objects.count()
    member_update(member=member, actor=people.secretary, name=member.name)
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who,allowed", [
    ("county", True), ("township", True), ("secretary", True),
    ("viewer", False), ("other_secretary", False), ("west_clerk", False), ("nobody", False),
])
def test_reveal_permissions(people, member, who, allowed):
    user = getattr(people, who)
    if allowed:
        assert member_reveal(member=member, field="id_number", actor=user) == "11010519491231002X"
        event = AuditEvent.objects.get(action=AuditAction.REVEAL)
        assert event.actor == user and event.extra == {"field": "id_number"}
    else:
        with pytest.raises(PermissionDenied):
            member_reveal(member=member, field="phone", actor=user)
        assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()


def test_migrant_round_trip(people, member):
    member_set_migrant(member=member, actor=people.secretary, destination="广东省深圳市", host_organization="深圳流动党员党支部")
    assert Member.objects.get(pk=member.pk).status == MemberStatus.MIGRANT
    member_end_migrant(member=member, actor=people.secretary)
    member.refresh_from_db()
    assert member.status == MemberStatus.IN_BRANCH and not hasattr(member, "migrant_info")


def test_factory_members_are_valid(tree):
    m = MemberFactory(organization=tree.b1)
    assert m.id_number_index == blind_index(m.id_number)


@pytest.mark.parametrize("who", ["viewer", "other_secretary", "nobody"])
def test_writes_need_the_change_scope(people, tree, member, who):
    """Authorization is the services': a reader, another branch's secretary, a user without a role."""
    actor = getattr(people, who)
    writes = [
        lambda: member_create(organization=tree.b1, actor=actor, **_data(id_number=valid_id(7))),
        lambda: member_update(member=member, actor=actor, name="改名"),
        lambda: member_set_migrant(member=member, actor=actor, destination="杭州"),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert Member.objects.count() == 1 and Member.objects.get().name == "王红"
    assert not AuditEvent.objects.filter(actor=actor).exists()
