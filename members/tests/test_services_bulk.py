"""The import's fast write path (PostgreSQL COPY) and fast .xlsx reader give the same
members and audit rows as the ORM path would."""

import datetime
import io

import pytest
from django.db import connection
from openpyxl import Workbook

import members.services.importing as import_services
from audit.context import acting
from audit.models import AuditAction, AuditEvent
from audit.services import diff
from members.models import Member
from members.services.importing import import_commit, plan_import
from members.services.member import member_audit_snapshot

from .factories import MemberFactory

HEADERS = ["姓名", "公民身份号码", "入党日期", "转正日期", "人员类别", "所在党支部", "联系电话", "党小组", "备注", "困难党员"]
ROWS = [
    ["张三", "11010519491231002x", "1975年7月1日", "1976/7/1", "正式党员", "东村党支部", "138 1234 5678", "第一党小组",
     "多行\n备注\t含制表符和反斜杠\\N", "是"],
    ["李四", "440524198001010013", "2005-07-01", "2006-07-01", "正式", "B02", "", "", "", ""],
]


def _xlsx(rows, write_only=False):  # type: ignore[no-untyped-def]
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("名册") if write_only else wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_copied_members_read_back_like_orm_rows(tree, people):
    plan = plan_import(_xlsx(ROWS), "roll.xlsx", user=people.township)
    assert plan.errors == []
    with acting(user=people.township, ip="10.1.2.3", source="web"):
        import_commit(plan, user=people.township, filename="roll.xlsx")
    zhang = Member.objects.get(name="张三")
    assert zhang.id_number == "11010519491231002X" and zhang.phone == "13812345678"
    assert zhang.notes == "多行\n备注\t含制表符和反斜杠\\N" and zhang.is_hardship is True
    assert zhang.party_group == tree.group and zhang.organization == tree.b1
    assert zhang.birth_date == datetime.date(1949, 12, 31) and zhang.sex == "female"
    assert Member.objects.get(name="李四").phone == ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM members_member WHERE id = %s", [zhang.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert raw_id.startswith("v2:") and "1101051949" not in raw_id and "13812345678" not in raw_phone


def test_copied_audit_rows_are_those_of_audit_bulk(tree, people):
    plan = plan_import(_xlsx(ROWS), "roll.xlsx", user=people.township)
    with acting(user=people.township, ip="10.1.2.3", source="web"):
        import_commit(plan, user=people.township, filename="roll.xlsx")
    for member in Member.objects.all():
        event = AuditEvent.objects.get(action=AuditAction.IMPORT, object_id=str(member.pk))
        assert event.changes == diff({}, member_audit_snapshot(member))
        assert "11010519491231002X" not in str(event.changes)
        assert (event.actor, event.actor_username, event.ip, event.source) == (people.township, "clerk", "10.1.2.3", "web")
        assert event.org_path == member.organization.path and event.object_repr == member.name
        assert event.extra == {"file": "roll.xlsx"} and event.content_type.model == "member"


def test_ids_are_drawn_from_the_sequence(tree, people):
    import_commit(plan_import(_xlsx(ROWS), "roll.xlsx", user=people.township), user=people.township, filename="r.xlsx")
    later = MemberFactory(organization=tree.b1)
    assert later.pk > max(Member.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_a_failure_in_a_later_chunk_leaves_nothing(tree, people, monkeypatch):
    plan = plan_import(_xlsx(ROWS), "roll.xlsx", user=people.township)
    monkeypatch.setattr(import_services, "CHUNK", 1)
    real = import_services.copy_audit
    calls = []

    def second_fails(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(import_services, "copy_audit", second_fails)
    with pytest.raises(RuntimeError):
        import_commit(plan, user=people.township, filename="roll.xlsx")
    assert Member.objects.count() == 0 and not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


def test_reader_handles_inline_strings_excel_dates_and_gaps(tree, people):
    rows = [
        ["张三", "11010519491231002X", datetime.date(1975, 7, 1), datetime.datetime(1976, 7, 1), "正式党员", "东村党支部",
         13812345678, None, None, True],
    ]
    plan = plan_import(_xlsx(rows, write_only=True), "roll.xlsx", user=people.township)
    assert plan.errors == [] and plan.total == 1
    row = plan.creates[0]
    assert row["join_date"] == datetime.date(1975, 7, 1) and row["full_member_date"] == datetime.date(1976, 7, 1)
    assert row["phone"] == "13812345678" and row["is_hardship"] is True and row["notes"] == ""


def test_reader_uses_the_active_sheet(tree, people):
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["这里不是名册"])
    roll = wb.create_sheet("党员名册")
    roll.append(HEADERS)
    roll.append(ROWS[1])
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    plan = plan_import(buffer, "roll.xlsx", user=people.township)
    assert plan.errors == [] and plan.summary["create"] == 1


def test_damaged_xlsx_is_a_file_error(tree, people):
    plan = plan_import(io.BytesIO(b"PK\x03\x04 not really a zip"), "roll.xlsx", user=people.township)
    assert plan.errors[0]["column"] == "文件" and "无法读取" in plan.errors[0]["message"]


def test_row_estimate_counts_rows_without_parsing(monkeypatch):
    from core.importing import scan
    from members.services.importing import rows_estimate

    rows = [ROWS[1]] * 40
    assert rows_estimate(_xlsx(rows), "roll.xlsx") == 41
    assert rows_estimate(_xlsx(rows, write_only=True), "roll.xlsx") == 41
    big = _xlsx([ROWS[1]] * 3000, write_only=True)
    assert rows_estimate(big, "roll.xlsx") == 3001 and big.tell() == 0
    for size in (7, 50, 4096):  # rows cut across chunk boundaries are counted once
        monkeypatch.setattr(scan, "_COUNT_CHUNK", size)
        assert rows_estimate(big, "roll.xlsx") == 3001
    assert rows_estimate(io.BytesIO(b"not a zip"), "roll.xlsx") == 0
