"""`manage.py rotate_field_keys`: values written under an old key are re-encrypted and
re-indexed under the current keys, in batches, idempotently, with --dry-run and --verify."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditAction, AuditEvent
from development.models import Applicant
from development.services import applicant_create
from members.crypto import encrypt, key_id
from members.models import Member
from members.services.keyrotation import rotation_run

from .factories import MemberFactory, valid_id
from .keys import (
    INDEX_A,
    INDEX_B,
    KEY_A,
    KEY_B,
    KEY_C,
    legacy_encrypt,
    legacy_index,
    raw_row,
    use_keys,
    write_raw,
)

MEMBERS = "members_member"
APPLICANTS = "development_applicant"


def rotate(*args: str, err: io.StringIO | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), err or io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def old_roll(tree, settings):  # type: ignore[no-untyped-def]
    """Five members and an applicant written under keys A, then the keys changed to B with A kept as old."""
    use_keys(settings, KEY_A, INDEX_A)
    members = [MemberFactory(organization=tree.b1, phone=f"1381234567{i}") for i in range(5)]
    applicant = applicant_create(organization=tree.b2, actor=None, name="张明", id_number=valid_id(),
                                 applied_on=datetime.date(2020, 3, 2), phone="13912345678")
    use_keys(settings, KEY_B, INDEX_B, old_field=(KEY_A,), old_index=(INDEX_A,))
    return members, applicant


def _under_current_keys(table: str, pk: int, id_number: str) -> bool:
    raw_id, raw_phone, index = raw_row(table, pk)
    prefix = f"v2:{key_id(KEY_B)}:"
    return raw_id.startswith(prefix) and raw_phone.startswith(prefix) and index == legacy_index(id_number, INDEX_B)


def test_values_under_the_old_key_read_after_the_key_changes(old_roll):
    members, applicant = old_roll
    fresh = Member.objects.get(pk=members[0].pk)
    assert fresh.id_number == members[0].id_number and fresh.phone == "13812345670"
    assert Applicant.objects.get(pk=applicant.pk).phone == "13912345678"


def test_rotation_reencrypts_and_reindexes_every_row(old_roll):
    members, applicant = old_roll
    out, _ = rotate()
    assert "重新加密 6 行" in out and "仍需旧密钥的行：0" in out
    for m in members:
        assert _under_current_keys(MEMBERS, m.pk, m.id_number)
        assert Member.objects.get(pk=m.pk).phone == m.phone
    assert _under_current_keys(APPLICANTS, applicant.pk, applicant.id_number)
    assert Applicant.objects.get(pk=applicant.pk).id_number == applicant.id_number


def test_rows_written_before_key_ids_existed_are_rotated(tree, settings):
    use_keys(settings, KEY_A, INDEX_A)
    member = MemberFactory(organization=tree.b1)
    write_raw(MEMBERS, member.pk, legacy_encrypt(member.id_number, KEY_A), legacy_encrypt("13812345678", KEY_A),
              legacy_index(member.id_number, INDEX_A))
    assert Member.objects.get(pk=member.pk).phone == "13812345678"  # the old format reads as it did
    use_keys(settings, KEY_B, INDEX_B, old_field=(KEY_A,), old_index=(INDEX_A,))
    rotate()
    assert _under_current_keys(MEMBERS, member.pk, member.id_number)
    assert Member.objects.get(pk=member.pk).phone == "13812345678"


def test_search_by_id_number_before_during_and_after_rotation(old_roll, settings):
    member = old_roll[0][2]
    assert list(Member.objects.search(member.id_number)) == [member]  # index still under key A
    rotate()
    assert list(Member.objects.search(member.id_number)) == [member]
    use_keys(settings, KEY_B, INDEX_B)  # old keys removed
    assert list(Member.objects.search(member.id_number)) == [member]


def test_rerun_writes_nothing(old_roll):
    members, _ = old_roll
    rotate()
    before = [raw_row(MEMBERS, m.pk) for m in members]
    out, _ = rotate()
    assert "需轮换 0 行，重新加密 0 行" in out
    assert [raw_row(MEMBERS, m.pk) for m in members] == before  # not even a fresh nonce


def test_dry_run_counts_and_writes_nothing(old_roll):
    members, applicant = old_roll
    before = [raw_row(MEMBERS, m.pk) for m in members] + [raw_row(APPLICANTS, applicant.pk)]
    out, _ = rotate("--dry-run")
    assert "需要轮换的行：6" in out and "未写入任何数据" in out
    assert [raw_row(MEMBERS, m.pk) for m in members] + [raw_row(APPLICANTS, applicant.pk)] == before
    assert not AuditEvent.objects.filter(extra__has_key="rotate_field_keys").exists()


def test_verify_fails_before_and_passes_after(old_roll):
    with pytest.raises(CommandError) as exc:
        rotate("--verify")
    assert "仍有 6 行" in str(exc.value) and "members.Member 5 行" in str(exc.value)
    rotate()
    out, _ = rotate("--verify")
    assert "校验通过" in out


def test_batches_report_progress_and_a_stopped_run_resumes(old_roll):
    members, _ = old_roll

    def stop_after_first_batch(tally):  # type: ignore[no-untyped-def]
        if tally.target.model is Member:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rotation_run(write=True, batch=2, progress=stop_after_first_batch)
    done = [_under_current_keys(MEMBERS, m.pk, m.id_number) for m in members]
    assert done == [True, True, False, False, False]  # the first batch was committed
    out, _ = rotate("--batch", "2")
    assert out.count("党员（members.Member）：已检查") == 3 and "重新加密 3 行" in out
    assert all(_under_current_keys(MEMBERS, m.pk, m.id_number) for m in members)


def test_one_audit_event_per_run_without_personal_data(old_roll):
    members, applicant = old_roll
    rotate()
    event = AuditEvent.objects.get(extra__has_key="rotate_field_keys")
    assert event.action == AuditAction.UPDATE
    summary = event.extra["rotate_field_keys"]
    assert summary["rotated"] == 6 and summary["failed"] == 0 and summary["left"] == 0
    assert summary["field_key_id"] == key_id(KEY_B) and summary["old_field_keys"] == 1
    assert summary["tables"]["members.Member"] == {"scanned": 5, "rotated": 5, "failed": 0}
    text = str(event.extra) + str(event.changes)
    for person in [*members, applicant]:
        assert person.id_number not in text and person.phone not in text
    assert KEY_B not in text and KEY_A not in text


def test_undecryptable_row_is_reported_and_the_others_rotate(old_roll, settings):
    members, _ = old_roll
    lost = members[1]
    use_keys(settings, KEY_C, INDEX_B)
    stray = encrypt("13800000000")  # under a key nobody configured
    use_keys(settings, KEY_B, INDEX_B, old_field=(KEY_A,), old_index=(INDEX_A,))
    raw_id, _, index = raw_row(MEMBERS, lost.pk)
    write_raw(MEMBERS, lost.pk, raw_id, stray, index)
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        rotate("--batch", "2", err=err)
    assert f"members.Member id {lost.pk}" in str(exc.value)
    assert f"members.Member id={lost.pk}：联系电话无法解密" in err.getvalue()
    assert raw_row(MEMBERS, lost.pk) == (raw_id, stray, index)  # left exactly as it was
    assert all(_under_current_keys(MEMBERS, m.pk, m.id_number) for m in members if m != lost)
    summary = AuditEvent.objects.get(extra__has_key="rotate_field_keys").extra["rotate_field_keys"]
    assert summary["failed"] == 1 and summary["rotated"] == 5 and summary["left"] == 1
    with pytest.raises(CommandError):
        rotate("--verify")


def test_index_collision_is_reported_and_the_other_rows_rotate(old_roll):
    """Two active records of one person, the first still indexed under the old key (as
    if the second were written past the service's check): the rotation cannot give both
    the same index, reports the first and leaves it as it was."""
    members, _ = old_roll
    first, twin = members[0], members[3]
    _, raw_phone, _ = raw_row(MEMBERS, twin.pk)
    write_raw(MEMBERS, twin.pk, encrypt(first.id_number), raw_phone, legacy_index(first.id_number, INDEX_B))
    before = raw_row(MEMBERS, first.pk)
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        rotate(err=err)
    assert f"members.Member id {first.pk}" in str(exc.value)
    assert f"members.Member id={first.pk}：新索引与另一条记录冲突" in err.getvalue()
    assert raw_row(MEMBERS, first.pk) == before
    assert all(_under_current_keys(MEMBERS, m.pk, m.id_number) for m in members if m not in (first, twin))
