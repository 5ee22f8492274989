import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditAction, AuditEvent
from members.choices import MemberStatus, TransferStatus
from members.models import Member, Transfer
from members.services.transfers import (
    process_one_due,
    transfer_cancel,
    transfer_confirm,
    transfer_in_external,
    transfer_out_external,
    transfer_record_receipt,
    transfer_start_internal,
)


def test_internal_transfer_moves_member_on_confirm_with_both_sides_audited(tree, people, member):
    t = transfer_start_internal(member=member, to_org=tree.b2, actor=people.secretary, letter_number="东组转[2025]1号")
    assert Member.objects.get(pk=member.pk).organization == tree.b1  # not moved before confirmation
    assert t.valid_until > t.letter_date
    transfer_confirm(transfer=t, actor=people.other_secretary)
    member.refresh_from_db()
    assert member.organization == tree.b2 and member.party_group is None
    moves = AuditEvent.objects.filter(action=AuditAction.MOVE, object_id=str(member.pk))
    assert {e.org_path for e in moves} == {tree.b1.path, tree.b2.path}
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.CONFIRMED


def test_only_the_receiving_side_confirms(tree, people, member):
    t = transfer_start_internal(member=member, to_org=tree.b2, actor=people.secretary, letter_number="1")
    with pytest.raises(PermissionDenied):
        transfer_confirm(transfer=t, actor=people.secretary)


def test_confirm_is_atomic(tree, people, member, monkeypatch):
    t = transfer_start_internal(member=member, to_org=tree.b2, actor=people.secretary, letter_number="1")
    import members.services.transfers as mod

    def boom(**kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("action") == AuditAction.MOVE and kwargs.get("org_path") == tree.b2.path:
            raise RuntimeError("disk full")
        return original(**kwargs)

    original = mod.audit_record
    monkeypatch.setattr(mod, "audit_record", boom)
    with pytest.raises(RuntimeError):
        transfer_confirm(transfer=t, actor=people.other_secretary)
    assert Member.objects.get(pk=member.pk).organization == tree.b1
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.PENDING


def test_one_pending_transfer_per_member(tree, people, member):
    transfer_start_internal(member=member, to_org=tree.b2, actor=people.secretary, letter_number="1")
    with pytest.raises(ValidationError):
        transfer_start_internal(member=member, to_org=tree.b3, actor=people.secretary, letter_number="2")


def test_expired_letter_is_flagged_and_cannot_be_confirmed(tree, people, member, settings):
    settings.JICENG_TRANSFER_LETTER_MONTHS = 3
    t = transfer_start_internal(member=member, to_org=tree.b2, actor=people.secretary, letter_number="1",
                                letter_date=datetime.date(2025, 1, 31))
    assert t.valid_until == datetime.date(2025, 4, 30)
    with time_machine.travel(datetime.date(2025, 5, 2)):
        assert t.is_overdue
        with pytest.raises(ValidationError):
            transfer_confirm(transfer=t, actor=people.other_secretary)
        assert process_one_due() is True
        assert process_one_due() is False
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.EXPIRED
    transfer_cancel(transfer=t, actor=people.secretary)


def test_external_out_and_receipt(tree, people, member):
    t = transfer_out_external(member=member, actor=people.secretary, external_org_name="某市某局机关党支部", letter_number="9")
    assert Member.objects.get(pk=member.pk).status == MemberStatus.TRANSFERRED_OUT
    transfer_record_receipt(transfer=t, actor=people.secretary, receipt_date=datetime.date.today(), receipt_number="回9")
    assert Transfer.objects.get(pk=t.pk).status == TransferStatus.CONFIRMED


def test_external_in_records_the_letter(tree, people, member):
    t = transfer_in_external(member=member, actor=people.secretary, external_org_name="外省某支部", letter_number="7",
                             letter_date=datetime.date.today())
    assert t.status == TransferStatus.CONFIRMED and t.to_org == tree.b1


def _arrival():  # type: ignore[no-untyped-def]
    return {"name": "周敏", "id_number": "11010519491231002X", "join_date": datetime.date(1975, 7, 1),
            "full_member_date": datetime.date(1976, 7, 1), "category": "full"}


def test_transfer_in_from_outside_refuses_a_branch_out_of_scope(tree, people):
    from members.services.transfers import transfer_in_from_outside

    with pytest.raises(PermissionDenied):
        transfer_in_from_outside(organization=tree.b2, actor=people.township, member_data=_arrival(),
                                 external_org_name="外省党支部", letter_number="W1", letter_date=datetime.date(2026, 1, 5))
    assert not Member.objects.exists()


def test_transfer_in_from_outside_is_all_or_nothing(tree, people):
    from members.services.transfers import transfer_in_from_outside

    with pytest.raises(ValidationError):  # the letter's validity ends before it was written
        transfer_in_from_outside(organization=tree.b1, actor=people.township, member_data=_arrival(),
                                 external_org_name="外省党支部", letter_number="W1",
                                 letter_date=datetime.date(2026, 1, 5), valid_until=datetime.date(2025, 12, 1))
    assert not Member.objects.exists() and not Transfer.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "other_secretary"])
def test_only_the_members_keepers_issue_a_letter(tree, people, member, who):
    actor = getattr(people, who)
    with pytest.raises(PermissionDenied):
        transfer_start_internal(member=member, to_org=tree.b2, actor=actor, letter_number="1")
    with pytest.raises(PermissionDenied):
        transfer_out_external(member=member, actor=actor, external_org_name="外省某党支部", letter_number="2")
    assert not Transfer.objects.exists()
