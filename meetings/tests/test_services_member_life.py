"""Writes of a member's facts behind the art. 9 rule: leave spans, life attended elsewhere,
the leading-cadre flag — validated, audited, and only inside the actor's change scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from meetings.models import LeadingCadre, MemberLeave, OutsideLife
from meetings.services import member_life
from members.choices import MemberStatus

D = datetime.date


@pytest.fixture
def member(rolls):
    return rolls["a1"][0]


def test_each_fact_is_recorded_and_audited(world, member):
    leave = member_life.leave_record(member=member, starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30),
                                     reason=" 外出务工 ", actor=world.secretary_a1)
    outside = member_life.outside_life_record(member=member, held_on=D(2026, 3, 5), host_organization="深圳某社区党委",
                                              actor=world.clerk_a, today=D(2026, 3, 6))
    cadre = member_life.leader_flag(member=member, title="副镇长", actor=world.county_officer)
    assert leave.reason == "外出务工" and leave.approved_by == world.secretary_a1
    assert outside.recorded_by == world.clerk_a and cadre.is_active
    for row in (leave, outside, cadre):
        assert AuditEvent.objects.filter(object_id=str(row.pk), actor=row_actor(row, world)).exists()


def row_actor(row, world):  # type: ignore[no-untyped-def]
    return {MemberLeave: world.secretary_a1, OutsideLife: world.clerk_a, LeadingCadre: world.county_officer}[type(row)]


def test_facts_are_validated(world, member):
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        member_life.leave_record(member=member, starts_on=D(2026, 2, 1), ends_on=D(2026, 1, 1), reason="病休",
                                 actor=world.secretary_a1)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        member_life.outside_life_record(member=member, held_on=D(2026, 3, 7), host_organization="某党委",
                                        actor=world.secretary_a1, today=D(2026, 3, 6))
    with pytest.raises(ValidationError, match="请填写领导职务"):
        member_life.leader_flag(member=member, title=" ", actor=world.secretary_a1)
    member.status = MemberStatus.TRANSFERRED_OUT
    member.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="不在册"):
        member_life.leader_flag(member=member, title="局长", actor=world.secretary_a1)
    assert not (MemberLeave.objects.exists() or OutsideLife.objects.exists() or LeadingCadre.objects.exists())


def test_withdrawing_the_leader_flag_keeps_the_row_inactive(world, member):
    member_life.leader_flag(member=member, title="局长", actor=world.secretary_a1)
    row = member_life.leader_flag(member=member, title="", active=False, actor=world.secretary_a1)
    assert LeadingCadre.objects.get(member=member).pk == row.pk and not row.is_active


@pytest.mark.parametrize("who", ["secretary_b1", "clerk_b", "viewer_a", "nobody", "auditor"])
def test_a_member_outside_the_actors_change_scope_is_refused(world, member, who):
    actor = getattr(world, who)
    with pytest.raises(PermissionDenied):
        member_life.leave_record(member=member, starts_on=D(2026, 1, 1), ends_on=D(2026, 2, 1), reason="病休",
                                 actor=actor)
    with pytest.raises(PermissionDenied):
        member_life.outside_life_record(member=member, held_on=D(2026, 1, 5), host_organization="某党委", actor=actor)
    with pytest.raises(PermissionDenied):
        member_life.leader_flag(member=member, title="局长", actor=actor)
    assert not (MemberLeave.objects.exists() or OutsideLife.objects.exists() or LeadingCadre.objects.exists())
