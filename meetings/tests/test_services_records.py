"""Recording, locking and versioning of meeting records; evidence uploads."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from meetings.models import Attendance, Meeting, MeetingFile
from meetings.services import records as services

from .conftest import mtype, record

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"x" * 64


def test_roll_defaults_to_all_present(world, rolls):
    m = record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 3))
    assert sorted(Attendance.objects.filter(meeting=m).values_list("mark", flat=True)) == ["present", "present"]
    assert AuditEvent.objects.filter(object_id=str(m.pk), action="create").exists()


def test_marks_are_recorded_with_leave_reason(world, rolls):
    a, b = rolls["a2"]
    m = record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 3),
               attendance=[(a.pk, "present", ""), (b.pk, "leave", "住院")])
    assert Attendance.objects.get(meeting=m, member=b).reason == "住院"


def test_member_from_another_branch_is_refused(world, rolls):
    with pytest.raises(ValidationError, match="不属于本组织"):
        record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 3),
               attendance=[(rolls["b1"][0].pk, "present", "")])


def test_future_date_is_refused(world, rolls):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.meeting_record(organization=world.branch_a2, meeting_type=mtype("theme_day"), topic="x",
                                held_on=datetime.date(2026, 3, 5), actor=None, today=datetime.date(2026, 3, 4))


def test_group_meeting_must_be_recorded_by_a_party_group(world, rolls):
    with pytest.raises(ValidationError, match="党小组名义"):
        record(world.branch_a1, "group_meeting", datetime.date(2026, 3, 3))


def test_submitted_record_is_locked(world, rolls):
    m = record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 3))
    with pytest.raises(ValidationError, match="不能直接修改"):
        services.meeting_update(meeting=m, actor=None, topic="改")


def test_draft_can_be_changed_then_submitted(world, rolls):
    m = record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 3), submit=False)
    services.meeting_update(meeting=m, actor=None, topic="新主题", today=datetime.date(2026, 3, 4))
    services.meeting_submit(meeting=m, actor=None)
    m.refresh_from_db()
    assert (m.topic, m.status) == ("新主题", "submitted")


def test_correction_is_a_new_version_with_reason_and_keeps_the_old(world, rolls):
    m = record(world.branch_a2, "branch_committee", datetime.date(2026, 3, 3))
    with pytest.raises(ValidationError):
        services.meeting_correct(meeting=m, actor=None, reason=" ", topic="x")
    new = services.meeting_correct(meeting=m, actor=None, reason="主题写错", topic="正确主题",
                                   today=datetime.date(2026, 3, 4))
    m.refresh_from_db()
    assert (m.status, new.status, new.version, new.previous_id) == ("superseded", "submitted", 2, m.pk)
    assert new.attendances.count() == 2
    assert AuditEvent.objects.filter(object_id=str(new.pk), extra__reason="主题写错").exists()
    with pytest.raises(ValidationError, match="最新版本"):
        services.meeting_correct(meeting=m, actor=None, reason="再改")


def test_image_and_pdf_evidence_are_stored(world, rolls, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    m = services.meeting_record(
        organization=world.branch_a2, meeting_type=mtype("theme_day"), topic="x", held_on=datetime.date(2026, 3, 3),
        actor=None, today=datetime.date(2026, 3, 4),
        uploads=[(SimpleUploadedFile("现场.png", PNG), "photo"), (SimpleUploadedFile("签到.pdf", PDF), "sign_in")])
    files = list(MeetingFile.objects.filter(meeting=m))
    assert [f.content_type for f in files] == ["image/png", "application/pdf"]
    assert all(f.file.storage.exists(f.file.name) for f in files)


@pytest.mark.parametrize("name,content,message", [
    ("evil.png", b"MZ\x90\x00 not an image", "不是图片或 PDF"),
    ("big.pdf", b"%PDF-" + b"x" * (1024 * 1024 + 1), "超过上限"),
])
def test_bad_upload_is_refused_and_nothing_is_stored(world, rolls, settings, tmp_path, name, content, message):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.JICENG_MEETINGS_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match=message):
        services.meeting_record(
            organization=world.branch_a2, meeting_type=mtype("theme_day"), topic="x", held_on=datetime.date(2026, 3, 3),
            actor=None, today=datetime.date(2026, 3, 4),
            uploads=[(SimpleUploadedFile("ok.png", PNG), "photo"), (SimpleUploadedFile(name, content), "photo")])
    assert Meeting.objects.count() == 0 and MeetingFile.objects.count() == 0
    assert not any(tmp_path.rglob("*.*"))


@pytest.mark.parametrize("who", ["secretary_b1", "clerk_b", "viewer_a", "nobody", "auditor"])
def test_writes_outside_the_actors_change_scope_are_refused(world, rolls, who):
    actor = getattr(world, who)
    with pytest.raises(PermissionDenied):
        record(world.branch_a1, "theme_day", datetime.date(2026, 3, 3), actor=actor)
    draft = record(world.branch_a1, "theme_day", datetime.date(2026, 3, 3), actor=world.secretary_a1, submit=False)
    with pytest.raises(PermissionDenied):
        services.meeting_update(meeting=draft, actor=actor, topic="改")
    with pytest.raises(PermissionDenied):
        services.meeting_submit(meeting=draft, actor=actor)
    with pytest.raises(PermissionDenied):
        services.meeting_delete_draft(meeting=draft, actor=actor)
    done = record(world.branch_a1, "theme_day", datetime.date(2026, 3, 4), actor=world.clerk_a)
    with pytest.raises(PermissionDenied):
        services.meeting_correct(meeting=done, actor=actor, reason="改", topic="x")
    assert list(Meeting.objects.order_by("pk").values_list("topic", "status")) == [
        ("theme_day 2026-03-03", "draft"), ("theme_day 2026-03-04", "submitted")]
